import type { TMemberSummary } from '@kulup/contracts';

/** A member at the kiosk: held in React state only, never written to storage. */
export type Session = {
  token: string;
  expiresAt: string;
  member: TMemberSummary;
  /** Started by a card tap (so removing the card ends it) rather than card number + PIN. */
  viaCard: boolean;
};

export type SubmitOutcome =
  | { kind: 'sent'; body: unknown }
  | { kind: 'queued' }
  | { kind: 'retrying' }
  | { kind: 'rejected'; status: number; code: string; message: string; fields: { path: string; message: string }[] };
