// Campaign lifecycle: DRAFT → SCHEDULED → ACTIVE ⇄ PAUSED → ENDED. A scheduled campaign can go back to draft
// for edits; anything not yet ended can be ended. Parameters can change only in DRAFT or SCHEDULED.

export const CAMPAIGN_STATUSES = ['DRAFT', 'SCHEDULED', 'ACTIVE', 'PAUSED', 'ENDED'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

const ALLOWED: Record<CampaignStatus, readonly CampaignStatus[]> = {
  DRAFT: ['SCHEDULED', 'ENDED'],
  SCHEDULED: ['DRAFT', 'ACTIVE', 'ENDED'],
  ACTIVE: ['PAUSED', 'ENDED'],
  PAUSED: ['ACTIVE', 'ENDED'],
  ENDED: [],
};

/** True when a campaign may move from `from` to `to`. */
export function canTransitionCampaign(from: CampaignStatus, to: CampaignStatus): boolean {
  return ALLOWED[from].includes(to);
}

/** The statuses reachable from `from`. */
export function nextCampaignStatuses(from: CampaignStatus): readonly CampaignStatus[] {
  return ALLOWED[from];
}

/** True when the campaign's definition (type, params, window, audience, budget) may still be edited. */
export function isCampaignEditable(status: CampaignStatus): boolean {
  return status === 'DRAFT' || status === 'SCHEDULED';
}

/**
 * What the scheduler does at `now`: a scheduled campaign whose window has begun becomes ACTIVE (or ENDED when
 * the window already closed); an active or paused campaign whose window closed becomes ENDED. Null: no change.
 */
export function scheduledTransition(status: CampaignStatus, startsAt: Date, endsAt: Date, now: Date): CampaignStatus | null {
  const t = now.getTime();
  if ((status === 'SCHEDULED' || status === 'ACTIVE' || status === 'PAUSED') && t >= endsAt.getTime()) return 'ENDED';
  if (status === 'SCHEDULED' && t >= startsAt.getTime()) return 'ACTIVE';
  return null;
}
