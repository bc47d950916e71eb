import { CardReader } from './reader/card-reader';
import { ConfigError, loadAdapterConfig } from './config/config';
import { loadCredentials, saveCredentials } from './config/credentials';
import { startDaemon } from './daemon/daemon';
import { enrol } from './server-client/server-client';

// kulup-pos-adapter [run] | enrol <code>. Logs are one JSON object per line on stdout (journald-friendly).

function log(level: 'info' | 'warn' | 'error', msg: string, extra: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...extra })}\n`);
}

async function main(argv: string[]): Promise<void> {
  const [command = 'run', ...rest] = argv;
  const config = loadAdapterConfig();

  if (command === 'enrol') {
    const code = rest[0];
    if (!code) throw new ConfigError('usage: kulup-pos-adapter enrol <one-time-code>');
    const enrolled = await enrol(config.serverUrl, code, Math.max(config.requestTimeoutMs, 10_000));
    saveCredentials(config.credentialsFile, { terminalId: enrolled.terminalId, secret: enrolled.secret });
    log('info', 'terminal enrolled', { terminalId: enrolled.terminalId, storeId: enrolled.storeId, kind: enrolled.kind, credentialsFile: config.credentialsFile });
    return;
  }
  if (command !== 'run') throw new ConfigError(`unknown command ${command}; use \`run\` or \`enrol <code>\``);

  const credentials = loadCredentials(config.credentialsFile);
  const filter = config.readerFilter;
  const reader = config.readerEnabled
    ? new CardReader({ tapTimeoutMs: config.tapTimeoutMs, ...(filter ? { readerFilter: (name: string) => name.includes(filter) } : {}) })
    : null;
  const daemon = await startDaemon({ config, credentials, reader });
  daemon.sessions.onEvent((event) => {
    if (event.type === 'reader' || event.type === 'error') log(event.type === 'error' ? 'warn' : 'info', `reader event`, event);
  });
  log('info', 'POS adapter listening', { url: daemon.api.url, server: config.serverUrl, journal: config.journalFile, queue: daemon.journal.state().pending });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('info', 'stopping', { signal });
    daemon
      .stop()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log('error', 'stop failed', { error: String(error) });
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  log('error', error instanceof Error ? error.message : String(error));
  process.exit(error instanceof ConfigError ? 2 : 1);
});
