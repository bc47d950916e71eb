import type { KulupClient, TCampaign, TCampaignRequest } from '@kulup/contracts';

const DAY_MS = 86_400_000;

export const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

/** A campaign definition of `type` for one store, running from yesterday for 30 days. */
export function definition(type: TCampaignRequest['type'], params: Record<string, unknown>, extra: Record<string, unknown> = {}): TCampaignRequest {
  return {
    name: `Kampanya ${type}`,
    type,
    params,
    startsAt: inDays(-1),
    endsAt: inDays(30),
    channels: ['POS', 'KIOSK'],
    ...extra,
  } as TCampaignRequest;
}

/** Creates a campaign and moves it draft → scheduled → active. */
export async function activeCampaign(marketer: KulupClient, def: TCampaignRequest): Promise<TCampaign> {
  const created = await marketer.call('createCampaign', { body: def });
  await marketer.call('transitionCampaign', { params: { campaignId: created.id }, body: { to: 'SCHEDULED' } });
  return marketer.call('transitionCampaign', { params: { campaignId: created.id }, body: { to: 'ACTIVE' } });
}

/** Today's month and day in Europe/Istanbul (UTC+3), as a birth date 30 years ago. */
export function birthdayToday(): string {
  const istanbul = new Date(Date.now() + 3 * 3_600_000);
  return `${istanbul.getUTCFullYear() - 30}-${istanbul.toISOString().slice(5, 10)}`;
}
