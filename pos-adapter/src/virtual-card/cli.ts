import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type { VirtualCardMode } from './ntag424-applet';
import { VPCD_DEFAULT_PORT, VirtualCard } from './virtual-card';

// Demo and manual-test tool: puts a virtual NTAG 424 DNA on a vpcd reader for a while, then takes it away.
// The SDMReadCtr is remembered per UID in a state file so repeated taps keep increasing, as on a real card.

const USAGE = `Usage:
  tsx pos-adapter/src/virtual-card/cli.ts tap --uid <14 hex> --master <32 hex> [options]

Options:
  --uid <hex>        card UID (7 bytes; 4, 7 or 10 for --mode plain-uid/no-ndef)
  --master <hex>     issuer master key; the card's SUN keys are diversified from it like the server does
  --mode <mode>      sun (default) | cloned | replay | plain-uid | no-ndef
  --port <n>         vpcd port: 35963 = "Virtual PCD 00 00" (default), 35964 = "Virtual PCD 00 01"
  --hold <ms>        how long the card stays on the reader (default 3000; 0 = until Ctrl-C)
  --counter <n>      SDMReadCtr before this tap (default: from the state file, else 0)
  --state <file>     counter state file (default ~/.kulup/virtual-cards.json)
  --no-state         neither read nor write the state file
  --verbose          print every APDU`;

type CounterState = Record<string, number>;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function readState(file: string): CounterState {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as CounterState;
  } catch {
    return {};
  }
}

function parseInteger(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) fail(`--${name} must be a non-negative integer`);
  return Number(value);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      uid: { type: 'string' },
      master: { type: 'string' },
      mode: { type: 'string', default: 'sun' },
      port: { type: 'string' },
      hold: { type: 'string' },
      counter: { type: 'string' },
      state: { type: 'string' },
      'no-state': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (positionals[0] !== 'tap' || positionals.length !== 1) fail('expected the command "tap"');
  const modes: VirtualCardMode[] = ['sun', 'cloned', 'replay', 'plain-uid', 'no-ndef'];
  const mode = values.mode as VirtualCardMode;
  if (!modes.includes(mode)) fail(`--mode must be one of ${modes.join(', ')}`);
  if (!values.uid) fail('--uid is required');
  const uid = values.uid.toUpperCase();
  const needsKey = mode === 'sun' || mode === 'replay';
  if (needsKey && !values.master) fail('--master is required for this mode');
  if (values.master && !/^[0-9a-fA-F]{32}$/.test(values.master)) fail('--master must be 32 hex characters');
  const port = parseInteger(values.port, 'port') ?? VPCD_DEFAULT_PORT;
  const hold = parseInteger(values.hold, 'hold') ?? 3000;
  const stateFile = values['no-state'] ? null : (values.state ?? join(homedir(), '.kulup', 'virtual-cards.json'));
  const state = stateFile ? readState(stateFile) : {};
  const counter = parseInteger(values.counter, 'counter') ?? state[uid] ?? 0;

  const card = new VirtualCard({
    uid,
    mode,
    counter,
    ...(values.master ? { masterKey: values.master } : {}),
    ...(values.verbose ? { log: (line: string) => process.stdout.write(`${line}\n`) } : {}),
  });
  await card.insert(port);
  process.stdout.write(`card ${uid} (${mode}) on vpcd port ${port}\n`);
  const removed = card.whenRemoved();
  await new Promise<void>((resolve) => {
    const timer = hold > 0 ? setTimeout(resolve, hold) : undefined;
    process.once('SIGINT', () => {
      clearTimeout(timer);
      resolve();
    });
    void removed.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
  await card.remove();
  const message = card.lastMessage;
  if (message) {
    process.stdout.write(`read: counter ${card.counter} picc_data=${message.piccData} cmac=${message.cmac}\n`);
  } else {
    process.stdout.write('card was not read\n');
  }
  if (stateFile && mode !== 'replay' && card.counter !== counter) {
    mkdirSync(dirname(stateFile), { recursive: true });
    writeFileSync(stateFile, `${JSON.stringify({ ...state, [uid]: card.counter }, null, 2)}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
