import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

export const ZCredentials = z.object({ terminalId: z.string().min(1), secret: z.string().min(16) });
export type Credentials = z.infer<typeof ZCredentials>;

/** Writes the terminal credential atomically, readable by the owner only. */
export function saveCredentials(file: string, credentials: Credentials): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/** Reads the credential written by `enrol`; throws a message that says what to do when it is missing. */
export function loadCredentials(file: string): Credentials {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`no terminal credentials at ${file}: run \`kulup-pos-adapter enrol <code>\` first`);
  }
  return ZCredentials.parse(JSON.parse(text));
}
