import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

// The durable offline journal. A sale is committed here (fsync'd: WAL + synchronous=FULL) with its idempotency
// key BEFORE anything is sent, so a crash at any point leaves either no sale or a sale that will be sent with
// the same key — the server's idempotency turns "sent twice" into "booked once".

export type JournalKind = 'receipt' | 'return';
export type JournalStatus = 'pending' | 'booked' | 'failed';

export type JournalItem = {
  seq: number;
  localId: string;
  kind: JournalKind;
  idempotencyKey: string;
  externalRef: string;
  body: unknown;
  status: JournalStatus;
  attempts: number;
  lastError: { code: string; message: string; status: number; fields?: { path: string; message: string }[] } | null;
  response: unknown;
  createdAt: string;
  updatedAt: string;
};

type Row = {
  seq: number;
  local_id: string;
  kind: JournalKind;
  idempotency_key: string;
  external_ref: string;
  body: string;
  status: JournalStatus;
  attempts: number;
  last_error: string | null;
  response: string | null;
  created_at: string;
  updated_at: string;
};

function toItem(row: Row): JournalItem {
  return {
    seq: row.seq,
    localId: row.local_id,
    kind: row.kind,
    idempotencyKey: row.idempotency_key,
    externalRef: row.external_ref,
    body: JSON.parse(row.body),
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error ? JSON.parse(row.last_error) : null,
    response: row.response ? JSON.parse(row.response) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export type QueueState = {
  pending: number;
  failed: number;
  oldestPendingAt: string | null;
  oldestPendingAgeSeconds: number | null;
  lastError: (JournalItem['lastError'] & { localId: string; at: string }) | null;
  failedItems: { localId: string; kind: JournalKind; externalRef: string; error: JournalItem['lastError']; createdAt: string }[];
};

export class Journal {
  private readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS journal (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        local_id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('receipt', 'return')),
        idempotency_key TEXT NOT NULL UNIQUE,
        external_ref TEXT NOT NULL,
        body TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'booked', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        response TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (kind, external_ref)
      );
      CREATE INDEX IF NOT EXISTS journal_status_seq ON journal (status, seq);
    `);
  }

  /**
   * Persists a new item with a fresh idempotency key. The same POS document (kind + externalRef) sent again
   * returns the existing item, so a POS retrying its own call cannot create a second sale.
   */
  append(kind: JournalKind, externalRef: string, body: unknown): { item: JournalItem; created: boolean } {
    const existing = this.db.prepare('SELECT * FROM journal WHERE kind = ? AND external_ref = ?').get(kind, externalRef) as Row | undefined;
    if (existing) return { item: toItem(existing), created: false };
    const now = new Date().toISOString();
    const localId = `loc_${randomUUID()}`;
    this.db
      .prepare(
        `INSERT INTO journal (local_id, kind, idempotency_key, external_ref, body, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`,
      )
      .run(localId, kind, randomUUID(), externalRef, JSON.stringify(body), now, now);
    return { item: this.get(localId)!, created: true };
  }

  get(localId: string): JournalItem | null {
    const row = this.db.prepare('SELECT * FROM journal WHERE local_id = ?').get(localId) as Row | undefined;
    return row ? toItem(row) : null;
  }

  /** The oldest pending item: items are sent strictly in the order they were taken. */
  nextPending(): JournalItem | null {
    const row = this.db.prepare("SELECT * FROM journal WHERE status = 'pending' ORDER BY seq LIMIT 1").get() as Row | undefined;
    return row ? toItem(row) : null;
  }

  markBooked(localId: string, response: unknown): void {
    this.db
      .prepare("UPDATE journal SET status = 'booked', response = ?, last_error = NULL, attempts = attempts + 1, updated_at = ? WHERE local_id = ?")
      .run(JSON.stringify(response), new Date().toISOString(), localId);
  }

  markFailed(localId: string, error: NonNullable<JournalItem['lastError']>): void {
    this.db
      .prepare("UPDATE journal SET status = 'failed', last_error = ?, attempts = attempts + 1, updated_at = ? WHERE local_id = ?")
      .run(JSON.stringify(error), new Date().toISOString(), localId);
  }

  markRetry(localId: string, error: NonNullable<JournalItem['lastError']>): void {
    this.db
      .prepare('UPDATE journal SET last_error = ?, attempts = attempts + 1, updated_at = ? WHERE local_id = ?')
      .run(JSON.stringify(error), new Date().toISOString(), localId);
  }

  /** Deletes booked items older than `days` (their keys have expired on the server by then); returns how many. */
  pruneBooked(days: number, now = Date.now()): number {
    const cutoff = new Date(now - days * 86_400_000).toISOString();
    return this.db.prepare("DELETE FROM journal WHERE status = 'booked' AND updated_at < ?").run(cutoff).changes;
  }

  /** Forgets an item the server rejected on its very first send, so the POS can correct and resend the document. */
  discardRejected(localId: string): void {
    this.db.prepare("DELETE FROM journal WHERE local_id = ? AND status = 'failed' AND attempts = 1").run(localId);
  }

  /** What the POS shows the cashier about the queue. */
  state(now = Date.now()): QueueState {
    const counts = this.db.prepare("SELECT status, COUNT(*) AS n FROM journal WHERE status IN ('pending', 'failed') GROUP BY status").all() as {
      status: JournalStatus;
      n: number;
    }[];
    const oldest = this.db.prepare("SELECT created_at FROM journal WHERE status = 'pending' ORDER BY seq LIMIT 1").get() as
      | { created_at: string }
      | undefined;
    const lastErrorRow = this.db
      .prepare("SELECT local_id, last_error, updated_at FROM journal WHERE last_error IS NOT NULL AND status != 'booked' ORDER BY updated_at DESC LIMIT 1")
      .get() as { local_id: string; last_error: string; updated_at: string } | undefined;
    const failed = (this.db.prepare("SELECT * FROM journal WHERE status = 'failed' ORDER BY seq LIMIT 100").all() as Row[]).map(toItem);
    return {
      pending: counts.find((c) => c.status === 'pending')?.n ?? 0,
      failed: counts.find((c) => c.status === 'failed')?.n ?? 0,
      oldestPendingAt: oldest?.created_at ?? null,
      oldestPendingAgeSeconds: oldest ? Math.max(0, Math.floor((now - Date.parse(oldest.created_at)) / 1000)) : null,
      lastError: lastErrorRow ? { ...JSON.parse(lastErrorRow.last_error), localId: lastErrorRow.local_id, at: lastErrorRow.updated_at } : null,
      failedItems: failed.map((i) => ({ localId: i.localId, kind: i.kind, externalRef: i.externalRef, error: i.lastError, createdAt: i.createdAt })),
    };
  }

  close(): void {
    this.db.close();
  }
}
