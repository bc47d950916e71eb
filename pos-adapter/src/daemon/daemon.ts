import type { AdapterConfig } from '../config/config';
import type { Credentials } from '../config/credentials';
import { Journal } from '../journal/journal';
import { Replayer } from '../journal/replayer';
import { startLocalApi } from '../local-api/local-api';
import type { LocalApi } from '../local-api/local-api';
import { ServerClient } from '../server-client/server-client';
import { SessionManager } from '../session/session';
import type { CardEventSource } from '../session/session';

// Wires the pieces: reader events → sessions → WebSocket; local API → journal → replayer → server.

export type Daemon = {
  api: LocalApi;
  journal: Journal;
  replayer: Replayer;
  sessions: SessionManager;
  stop: () => Promise<void>;
};

export type DaemonOptions = {
  config: AdapterConfig;
  credentials: Credentials;
  /** The card reader; null runs without one (typed card numbers only). */
  reader: CardEventSource | null;
};

/** Starts the adapter: opens the journal, starts replaying, listens on 127.0.0.1 and watches the reader. */
export async function startDaemon({ config, credentials, reader }: DaemonOptions): Promise<Daemon> {
  const journal = new Journal(config.journalFile);
  // Booked items are only kept to answer the POS and to resolve returns of offline receipts.
  journal.pruneBooked(config.journalRetentionDays);
  const server = new ServerClient({ serverUrl: config.serverUrl, credentials, requestTimeoutMs: config.requestTimeoutMs });
  const replayer = new Replayer(journal, server, {
    backoffInitialMs: config.backoffInitialMs,
    backoffMaxMs: config.backoffMaxMs,
    intervalMs: config.replayIntervalMs,
  });
  const sessions = new SessionManager(server);
  const api = await startLocalApi({ journal, replayer, server, sessions, readers: () => reader?.readers ?? [] }, config.port);
  const unsubscribe = reader?.subscribe(sessions.handleReaderEvent);
  reader?.start();
  // Whatever a previous run left queued goes out first.
  replayer.start();

  return {
    api,
    journal,
    replayer,
    sessions,
    stop: async () => {
      unsubscribe?.();
      await reader?.stop();
      await api.close();
      await replayer.stop();
      journal.close();
    },
  };
}
