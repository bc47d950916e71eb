// Lifecycle stages from purchase dates (thresholds in days, measured at the nightly run):
//   no purchase yet:            NEW while the member joined within NEW_DAYS, PROSPECT after that
//   first purchase ≤ NEW_DAYS:  NEW
//   last purchase ≤ ACTIVE_DAYS: ACTIVE
//   last purchase ≤ LAPSED_DAYS: LAPSED
//   older:                      FORMER
// A member moves along new → active → lapsed → former and back to active with a new purchase; each change is
// recorded as a transition.

import type { LifecycleStage } from '../segments/rules';

export const LIFECYCLE_DAYS = { new: 90, active: 90, lapsed: 365 } as const;
const DAY = 86_400_000;

export type LifecycleInput = { joinedAt: Date; firstPurchaseAt: Date | null; lastPurchaseAt: Date | null };

/** The stage a member is in at `now` by the rules above. */
export function memberLifecycleStage(m: LifecycleInput, now: Date): LifecycleStage {
  const ago = (d: Date) => (now.getTime() - d.getTime()) / DAY;
  if (!m.firstPurchaseAt || !m.lastPurchaseAt) return ago(m.joinedAt) <= LIFECYCLE_DAYS.new ? 'NEW' : 'PROSPECT';
  if (ago(m.firstPurchaseAt) <= LIFECYCLE_DAYS.new) return 'NEW';
  if (ago(m.lastPurchaseAt) <= LIFECYCLE_DAYS.active) return 'ACTIVE';
  if (ago(m.lastPurchaseAt) <= LIFECYCLE_DAYS.lapsed) return 'LAPSED';
  return 'FORMER';
}
