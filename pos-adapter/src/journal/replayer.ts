import type { TReceiptRequest, TReturnRequest } from '@kulup/contracts';

import { backoffDelay, ServerCallError } from '../server-client/server-client';
import type { ServerClient } from '../server-client/server-client';
import type { Journal, JournalItem } from './journal';

// Sends journal items one at a time, oldest first, each with the key it was stored with. A retryable failure
// stops the pass (later items wait: a return must never overtake its receipt) and schedules the next pass
// with backoff; a rejected item is parked as failed and the pass moves on.

export type ReplayerOptions = {
  backoffInitialMs: number;
  backoffMaxMs: number;
  intervalMs: number;
  onChange?: () => void;
};

export type ServerReachability = 'online' | 'offline' | 'unknown';

export class Replayer {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private nextAttemptAt = 0;
  private stopped = false;
  reachability: ServerReachability = 'unknown';

  constructor(
    private readonly journal: Journal,
    private readonly server: ServerClient,
    private readonly options: ReplayerOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Runs a pass now (or right after the current one) and resolves when it is over. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Whether a send should be tried now rather than left to the backoff timer. */
  get inBackoff(): boolean {
    return this.failures > 0 && Date.now() < this.nextAttemptAt;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.kick();
    }, delayMs);
    this.timer.unref?.();
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.pass();
    } while (this.again && !this.stopped);
  }

  private async pass(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const item = this.journal.nextPending();
      if (!item) {
        this.schedule(this.options.intervalMs);
        return;
      }
      const outcome = await this.send(item);
      this.options.onChange?.();
      if (outcome === 'retry') {
        this.failures += 1;
        const delay = backoffDelay(this.failures - 1, this.options.backoffInitialMs, this.options.backoffMaxMs);
        this.nextAttemptAt = Date.now() + delay;
        this.schedule(delay);
        return;
      }
      this.failures = 0;
      this.nextAttemptAt = 0;
    }
  }

  private async send(item: JournalItem): Promise<'done' | 'retry'> {
    try {
      if (item.kind === 'receipt') {
        const response = await this.server.call('bookReceipt', { body: item.body as TReceiptRequest, idempotencyKey: item.idempotencyKey });
        this.journal.markBooked(item.localId, response);
      } else {
        const body = this.resolveReturn(item);
        if (!body) return 'done';
        const response = await this.server.call('bookReturn', { body, idempotencyKey: item.idempotencyKey });
        this.journal.markBooked(item.localId, response);
      }
      this.reachability = 'online';
      return 'done';
    } catch (error) {
      const failure = error instanceof ServerCallError ? error : new ServerCallError('network', 0, 'NETWORK', String(error));
      const recorded = { code: failure.code, message: failure.message, status: failure.status, ...(failure.fields.length ? { fields: failure.fields } : {}) };
      if (failure.retryable) {
        if (failure.kind === 'network' || failure.kind === 'server') this.reachability = 'offline';
        this.journal.markRetry(item.localId, recorded);
        return 'retry';
      }
      this.reachability = 'online';
      this.journal.markFailed(item.localId, recorded);
      return 'done';
    }
  }

  // A return taken offline may name the local id of a receipt that was itself queued; by now (strict order)
  // that receipt has been sent, so its server id is known.
  private resolveReturn(item: JournalItem): TReturnRequest | null {
    const body = item.body as TReturnRequest;
    if (!body.originalReceiptId.startsWith('loc_')) return body;
    const original = this.journal.get(body.originalReceiptId);
    const receiptId = (original?.response as { receiptId?: string } | null)?.receiptId;
    if (original?.status === 'booked' && receiptId) return { ...body, originalReceiptId: receiptId };
    this.journal.markFailed(item.localId, {
      code: 'UNKNOWN_REFERENCE',
      status: 0,
      message: original ? `the original receipt ${body.originalReceiptId} was not booked` : `no receipt ${body.originalReceiptId} in this till's journal`,
    });
    return null;
  }
}
