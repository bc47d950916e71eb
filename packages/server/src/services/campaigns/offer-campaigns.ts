// What the two ways of issuing personal offers share — one member at a time (issue-campaign-offers.ts, when
// the member opens their offers) and every member at once (generate-campaign-offers.ts, nightly): which
// campaigns issue offers, the limits, and the locks that keep them from racing each other.
import type { Db } from '../../db/database';
import type { Campaign as CampaignRow } from '../../generated/prisma/client';
import type { Tx } from '../context';
import { activeCampaignsAt } from './receipt-campaigns';

/** Purchase history the ranking looks at. */
export const OFFER_HISTORY_DAYS = 180;
/** Most open campaign offers a member holds at once. */
export const MAX_OPEN_OFFERS = 5;

/** Offer texts as stored in campaign.offer. */
export type OfferText = { titleTr: string; titleEn?: string | null; descriptionTr?: string | null; descriptionEn?: string | null };

/** The campaigns in force at `at` that issue personal offers: shown at the kiosk or the POS, with offer texts; priority order. */
export async function offerCampaignsAt(db: Db | Tx, at: Date): Promise<CampaignRow[]> {
  return (await activeCampaignsAt(db, at)).filter(
    (r) => r.offer !== null && typeof r.offer === 'object' && !Array.isArray(r.offer) && (r.channels.includes('KIOSK') || r.channels.includes('POS')),
  );
}

// Advisory locks (two-int keys). A set-wise run holds RUN (only one run at a time) and OFFERS exclusively for its
// transaction; issuing for one member takes OFFERS shared — without waiting: while a run holds or awaits it, the
// member's issue is skipped, the run covers them — and that member's key, so two issues for one member queue.
// So runs and per-member issues never interleave: the five-offer limit and "no second open offer" (also a partial
// unique index) hold under any concurrency, and a kiosk never waits for a run.
const NAMESPACE = 0x4b4f4652; // "KOFR"
const MEMBER_NAMESPACE = 0x4b4f464d; // "KOFM"
const OFFERS_KEY = 0;
const RUN_KEY = 1;

/** Takes the member's offer locks in the caller's transaction; false (nothing taken) while a set-wise run is on. */
export async function lockMemberOffers(tx: Tx, memberId: string): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ ok: boolean }[]>`SELECT pg_try_advisory_xact_lock_shared(${NAMESPACE}::int, ${OFFERS_KEY}::int) AS ok`;
  if (!row?.ok) return false;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${MEMBER_NAMESPACE}::int, hashtext(${memberId}))`;
  return true;
}

/**
 * Takes a set-wise run's locks in the caller's transaction: false when another run holds them; otherwise waits
 * for per-member issues in flight (short transactions) and returns true.
 */
export async function lockOfferRun(tx: Tx): Promise<boolean> {
  const [row] = await tx.$queryRaw<{ ok: boolean }[]>`SELECT pg_try_advisory_xact_lock(${NAMESPACE}::int, ${RUN_KEY}::int) AS ok`;
  if (!row?.ok) return false;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${NAMESPACE}::int, ${OFFERS_KEY}::int)`;
  return true;
}
