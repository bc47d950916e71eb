import { kioskDb } from './store';
import type { OutboxItem } from './store';
import { TerminalAuthError, forgetTerminalToken, terminalToken } from './terminal-auth';

/** What happened to one item on one send attempt. */
export type SendOutcome =
  | { kind: 'sent'; body: unknown }
  /** No network: kept, sent again when the network returns (the same Idempotency-Key). */
  | { kind: 'queued' }
  /** The server failed (5xx) or the first copy is still being processed: kept, retried with backoff. */
  | { kind: 'retrying' }
  /** The server refused it (4xx): dropped with the reason logged, never retried. */
  | { kind: 'rejected'; status: number; code: string; message: string; fields: { path: string; message: string }[] };

export type DrainSummary = { sent: number; queued: number; retrying: number; rejected: number; remaining: number };

export const OUTBOX_SYNC_TAG = 'kulup-outbox';
const MAX_BACKOFF_MS = 5 * 60_000;

/** Stores the item (with its key) before anything is sent, so a crash or a lost answer cannot lose or double it. */
export async function enqueue(item: Omit<OutboxItem, 'attempts' | 'nextAttemptAt' | 'createdAt'>): Promise<OutboxItem> {
  const stored: OutboxItem = { ...item, createdAt: Date.now(), attempts: 0, nextAttemptAt: 0 };
  await (await kioskDb()).put('outbox', stored);
  return stored;
}

export async function pendingCount(): Promise<number> {
  return (await kioskDb()).count('outbox');
}

function bearerFor(item: OutboxItem): string | undefined {
  const s = item.memberSession;
  return s && Date.parse(s.expiresAt) - Date.now() > 5_000 ? s.token : undefined;
}

async function attempt(baseUrl: string, item: OutboxItem): Promise<SendOutcome> {
  let response: Response;
  try {
    const memberToken = bearerFor(item);
    let token = memberToken ?? (await terminalToken(baseUrl));
    const send = () =>
      fetch(new URL(item.path, baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': item.idempotencyKey },
        body: JSON.stringify(item.body),
      });
    response = await send();
    if (response.status === 401 && !memberToken && (await response.clone().json().catch(() => undefined))?.error?.code === 'UNAUTHENTICATED') {
      // The terminal token may have just expired: one fresh token, one more try.
      forgetTerminalToken();
      token = await terminalToken(baseUrl);
      response = await send();
    }
  } catch (error) {
    // A refused terminal credential is not the item's fault: keep it for after re-enrolment.
    if (error instanceof TerminalAuthError) return { kind: 'retrying' };
    return { kind: 'queued' };
  }
  const json = (await response.json().catch(() => undefined)) as { error?: { code: string; message: string; fields?: { path: string; message: string }[] } } | undefined;
  if (response.ok) return { kind: 'sent', body: json };
  const error = json?.error;
  if (response.status >= 500 || error?.code === 'IDEMPOTENCY_IN_PROGRESS' || response.status === 429) return { kind: 'retrying' };
  return { kind: 'rejected', status: response.status, code: error?.code ?? 'HTTP', message: error?.message ?? `HTTP ${response.status}`, fields: error?.fields ?? [] };
}

async function settle(item: OutboxItem, outcome: SendOutcome): Promise<void> {
  const db = await kioskDb();
  if (outcome.kind === 'sent') {
    await db.delete('outbox', item.id);
  } else if (outcome.kind === 'rejected') {
    const tx = db.transaction(['outbox', 'outboxLog'], 'readwrite');
    await tx.objectStore('outbox').delete(item.id);
    await tx.objectStore('outboxLog').add({ at: Date.now(), itemId: item.id, kind: item.kind, status: outcome.status, code: outcome.code, message: outcome.message });
    await tx.done;
    console.warn(`kiosk outbox: dropped ${item.kind} ${item.id}: ${outcome.status} ${outcome.code} ${outcome.message}`);
  } else {
    const attempts = item.attempts + 1;
    // Without network the next trigger (online, start, timer) retries at once; a failing server is given time.
    const wait = outcome.kind === 'queued' ? 0 : Math.min(MAX_BACKOFF_MS, 2_000 * 2 ** Math.min(attempts, 10));
    await db.put('outbox', { ...item, attempts, nextAttemptAt: Date.now() + wait, lastError: outcome.kind });
  }
}

// One drain at a time per origin (page and service worker alike), so two senders never race one item.
async function exclusive<T>(work: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks?.request) return locks.request('kulup-outbox', work) as Promise<T>;
  return work();
}

/**
 * Sends every item that is due, oldest first, and stops at the first network failure (the rest would fail
 * the same way). `onlyId` sends just that item (a fresh submission), ignoring its backoff.
 */
export async function drainOutbox(baseUrl: string, options: { onlyId?: string; onOutcome?: (item: OutboxItem, outcome: SendOutcome) => void } = {}): Promise<DrainSummary> {
  return exclusive(async () => {
    const summary: DrainSummary = { sent: 0, queued: 0, retrying: 0, rejected: 0, remaining: 0 };
    const db = await kioskDb();
    const all = (await db.getAll('outbox')).sort((a, b) => a.createdAt - b.createdAt);
    const due = options.onlyId ? all.filter((i) => i.id === options.onlyId) : all.filter((i) => i.nextAttemptAt <= Date.now());
    for (const item of due) {
      const outcome = await attempt(baseUrl, item);
      await settle(item, outcome);
      summary[outcome.kind] += 1;
      options.onOutcome?.(item, outcome);
      if (outcome.kind === 'queued') break;
    }
    summary.remaining = await db.count('outbox');
    return summary;
  });
}
