import { randomUUID } from 'node:crypto';
import type { TIdentifyRequest, TMemberSummary, TPosMemberOffers } from '@kulup/contracts';

import type { CardReaderEvent } from '../reader/card-reader';
import { ServerCallError } from '../server-client/server-client';
import type { ServerClient } from '../server-client/server-client';

// Card taps become member sessions. One session at a time per adapter (one till); a removal or a new tap ends
// it. Identification that comes back after the card has gone is dropped, so a slow answer can never attach
// a member to the wrong sale.

export type MemberSession = {
  sessionId: string;
  member: TMemberSummary;
  /** How the member was identified: an authentic SUN tap, a plain UID, or a typed/scanned card number. */
  source: 'sun' | 'uid' | 'card-number';
  reader: string | null;
  startedAt: string;
  /** The member's open personal offers, once the server has answered (an `offers` event says when). */
  offers?: TPosMemberOffers['items'];
};

export type LocalEvent =
  | { type: 'card'; member: TMemberSummary; session: MemberSession }
  | { type: 'offers'; sessionId: string; offers: TPosMemberOffers['items'] }
  | { type: 'card-removed'; reader: string | null; sessionId: string | null }
  | { type: 'reader'; status: 'attached' | 'detached'; reader: string }
  | { type: 'error'; code: string; message: string; reader?: string };

/** Source of card-reader events: helper-4's CardReader in production, an in-memory source in tests. */
export type CardEventSource = {
  subscribe(listener: (event: CardReaderEvent) => void): () => void;
  start(): void;
  stop(): Promise<void>;
  readonly readers: string[];
};

// What a shopper may read on a customer display; the code tells the POS what happened.
const SHOPPER_MESSAGES: Record<string, string> = {
  CARD_NOT_AUTHENTIC: 'This card could not be verified. Please ask the cashier.',
  CARD_REPLAYED: 'This card could not be verified. Please tap it again.',
  CARD_BLOCKED: 'This card cannot be used. Please ask the cashier.',
  CARD_NOT_ACTIVE: 'This card cannot be used. Please ask the cashier.',
  CARD_NOT_FOUND: 'This card is not registered.',
  MEMBER_BLOCKED: 'This card cannot be used. Please ask the cashier.',
  MEMBER_ERASED: 'This card cannot be used. Please ask the cashier.',
  SERVER_UNREACHABLE: 'Loyalty is offline: the sale can continue without points identification.',
};

const READER_MESSAGES: Record<string, string> = {
  card_removed_during_read: 'The card was removed too early. Please tap again and hold it still.',
  tap_timeout: 'The card could not be read. Please tap again.',
  connect_failed: 'The card could not be read. Please tap again.',
  read_failed: 'The card could not be read. Please tap again.',
  unsupported_card: 'This card is not supported.',
  pcsc_unavailable: 'The card reader is not available.',
};

export class SessionManager {
  private current: MemberSession | null = null;
  private tapSeq = 0;
  private readonly listeners = new Set<(event: LocalEvent) => void>();

  constructor(private readonly server: ServerClient) {}

  get session(): MemberSession | null {
    return this.current;
  }

  onEvent(listener: (event: LocalEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: LocalEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Drives sessions from the reader; never throws. */
  readonly handleReaderEvent = (event: CardReaderEvent): void => {
    switch (event.kind) {
      case 'sun':
        void this.identify({ sun: { piccData: event.piccData, cmac: event.cmac } }, 'sun', event.reader);
        return;
      case 'uid':
        void this.identify({ nfcUid: event.uid }, 'uid', event.reader);
        return;
      case 'card-removed':
        this.end(event.reader);
        return;
      case 'reader-attached':
        this.emit({ type: 'reader', status: 'attached', reader: event.reader });
        return;
      case 'reader-detached':
        this.emit({ type: 'reader', status: 'detached', reader: event.reader });
        return;
      case 'error':
        this.emit({
          type: 'error',
          code: event.code.toUpperCase(),
          message: READER_MESSAGES[event.code] ?? 'The card could not be read.',
          ...(event.reader ? { reader: event.reader } : {}),
        });
        return;
    }
  };

  /** Identifies a member (tap or typed card number) and starts their session; resolves to the session or an error. */
  async identify(
    body: TIdentifyRequest,
    source: MemberSession['source'],
    reader: string | null,
  ): Promise<{ ok: true; session: MemberSession } | { ok: false; code: string; message: string; status: number }> {
    const tap = ++this.tapSeq;
    try {
      const response = await this.server.call('identifyCard', { body });
      if (tap !== this.tapSeq) return { ok: false, code: 'SUPERSEDED', message: 'A newer tap replaced this one.', status: 409 };
      const session: MemberSession = { sessionId: `ses_${randomUUID()}`, member: response.member, source, reader, startedAt: new Date().toISOString() };
      this.current = session;
      this.emit({ type: 'card', member: response.member, session });
      void this.loadOffers(session);
      return { ok: true, session };
    } catch (error) {
      const failure = error instanceof ServerCallError ? error : new ServerCallError('network', 0, 'NETWORK', String(error));
      // A revoked or unknown terminal is the till's problem, not the card's: say so rather than "offline".
      const code = failure.kind === 'client' || failure.kind === 'auth' ? failure.code : 'SERVER_UNREACHABLE';
      const message = SHOPPER_MESSAGES[code] ?? (failure.kind === 'auth' ? 'Loyalty is not available at this till. Please ask the cashier.' : 'This card could not be used.');
      if (tap === this.tapSeq) {
        this.current = null;
        this.emit({ type: 'error', code, message, ...(reader ? { reader } : {}) });
      }
      return { ok: false, code, message, status: failure.kind === 'client' ? failure.status : 503 };
    }
  }

  // After the `card` event, not before it: the cashier sees the member at once and the offers a moment later.
  private async loadOffers(session: MemberSession): Promise<void> {
    try {
      const { items } = await this.server.call('listPosMemberOffers', { params: { memberId: session.member.memberId } });
      if (this.current?.sessionId !== session.sessionId) return;
      session.offers = items;
      this.emit({ type: 'offers', sessionId: session.sessionId, offers: items });
    } catch {
      // Offers are extra at the till: without an answer the sale goes on and no `offers` event comes.
    }
  }

  /** Ends the session (card removed, sale finished or cancelled). */
  end(reader: string | null): void {
    this.tapSeq += 1;
    const ended = this.current;
    this.current = null;
    this.emit({ type: 'card-removed', reader, sessionId: ended?.sessionId ?? null });
  }
}
