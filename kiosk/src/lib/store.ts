import { openDB } from 'idb';
import type { DBSchema, IDBPDatabase } from 'idb';

/** The kiosk's terminal credential: kept across sessions and restarts, never member data. */
export type TerminalCredential = { terminalId: string; secret: string; storeId: string; enrolledAt: string };

/**
 * A survey response or complaint waiting to reach the server. Persisted with its Idempotency-Key before
 * the first send, so every retry (page, service worker, after a restart) repeats the same key and the
 * server stores it once.
 */
export type OutboxItem = {
  id: string;
  kind: 'survey' | 'complaint';
  path: string;
  body: unknown;
  idempotencyKey: string;
  /** The member session it was made in; used while still valid, otherwise the terminal's own token. */
  memberSession?: { token: string; expiresAt: string } | undefined;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  lastError?: string | undefined;
};

/** Why an item was dropped (a 4xx answer): kept for diagnosis, without the item's content. */
export type OutboxLogEntry = { at: number; itemId: string; kind: OutboxItem['kind']; status: number; code: string; message: string };

interface KioskDb extends DBSchema {
  settings: { key: string; value: TerminalCredential };
  outbox: { key: string; value: OutboxItem };
  outboxLog: { key: number; value: OutboxLogEntry };
}

export const DB_NAME = 'kulup-kiosk';

let opened: Promise<IDBPDatabase<KioskDb>> | undefined;

export function kioskDb(): Promise<IDBPDatabase<KioskDb>> {
  opened ??= openDB<KioskDb>(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore('settings');
      db.createObjectStore('outbox', { keyPath: 'id' });
      db.createObjectStore('outboxLog', { autoIncrement: true });
    },
  });
  return opened;
}

export async function loadCredential(): Promise<TerminalCredential | undefined> {
  return (await kioskDb()).get('settings', 'terminal');
}

export async function saveCredential(credential: TerminalCredential): Promise<void> {
  await (await kioskDb()).put('settings', credential, 'terminal');
}

export async function clearCredential(): Promise<void> {
  await (await kioskDb()).delete('settings', 'terminal');
}
