import { ZCampaignChannel, ZCampaignType } from '@kulup/contracts';
import type { TCampaign, TCampaignRequest, TCampaignType } from '@kulup/contracts';

import { DEFAULT_PARAMS } from './params';
import type { DraftParams } from './params';

/** The ten types and the channels, in the contract's order. */
export const CAMPAIGN_TYPES = ZCampaignType.options;
export const CHANNELS = ZCampaignChannel.options;
export type Channel = (typeof CHANNELS)[number];

/** The editor's state: the request's common fields as the form holds them (dates as `datetime-local` text). */
export type CampaignForm = {
  name: string;
  description: string;
  type: TCampaignType;
  params: DraftParams<TCampaignType>;
  priority: number | undefined;
  startsAt: string;
  endsAt: string;
  storeIds: string[];
  channels: Channel[];
  segmentId: string;
  controlPct: number | undefined;
  budgetUnit: 'POINTS' | 'KURUS';
  budgetCap: number | undefined;
  requiresActivation: boolean;
  maxAwardsPerMember: number | undefined;
  offer: OfferTexts;
};

/** The personal offer's texts as the kiosk and the till show them, Turkish and English; empty means absent. */
export type OfferTexts = { titleTr: string; titleEn: string; descriptionTr: string; descriptionEn: string };
export const OFFER_FIELDS = ['titleTr', 'titleEn', 'descriptionTr', 'descriptionEn'] as const satisfies readonly (keyof OfferTexts)[];
const NO_OFFER: OfferTexts = { titleTr: '', titleEn: '', descriptionTr: '', descriptionEn: '' };

/** The offer part of the request: absent when every text is empty; otherwise the filled texts (the server names a missing Turkish title). */
function offerOf(o: OfferTexts): TCampaignRequest['offer'] {
  if (OFFER_FIELDS.every((k) => !o[k].trim())) return undefined;
  const filled = Object.fromEntries(OFFER_FIELDS.filter((k) => k === 'titleTr' || o[k].trim()).map((k) => [k, o[k]]));
  return filled as NonNullable<TCampaignRequest['offer']>;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** An instant as the browser's local `YYYY-MM-DDTHH:mm` (the console runs in Europe/Istanbul). */
export function toLocalInput(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
const fromLocalInput = (s: string) => {
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? s : d.toISOString();
};

/** A new campaign: from the start of today for 30 days, at the till and the kiosk. */
export function emptyForm(): CampaignForm {
  const start = new Date();
  start.setHours(0, 0, 0, 0);
  const end = new Date(start.getTime() + 30 * 86_400_000);
  return {
    name: '',
    description: '',
    type: 'BONUS_POINTS',
    params: DEFAULT_PARAMS.BONUS_POINTS,
    priority: 0,
    startsAt: toLocalInput(start),
    endsAt: toLocalInput(end),
    storeIds: [],
    channels: ['POS', 'KIOSK'],
    segmentId: '',
    controlPct: 0,
    budgetUnit: 'POINTS',
    budgetCap: undefined,
    requiresActivation: false,
    maxAwardsPerMember: undefined,
    offer: NO_OFFER,
  };
}

export function formOf(c: TCampaign): CampaignForm {
  return {
    name: c.name,
    description: c.description ?? '',
    type: c.type,
    params: c.params as DraftParams<TCampaignType>,
    priority: c.priority,
    startsAt: toLocalInput(new Date(c.startsAt)),
    endsAt: toLocalInput(new Date(c.endsAt)),
    storeIds: c.storeIds,
    channels: c.channels,
    segmentId: c.segmentId ?? '',
    controlPct: c.controlPct,
    budgetUnit: c.budgetUnit,
    budgetCap: c.budgetCap ?? undefined,
    requiresActivation: c.requiresActivation,
    maxAwardsPerMember: c.maxAwardsPerMember ?? undefined,
    offer: Object.fromEntries(OFFER_FIELDS.map((k) => [k, c.offer?.[k] ?? ''])) as OfferTexts,
  };
}

/** The request body; incomplete params go as they are, and the server names what is missing. */
export function requestOf(f: CampaignForm): TCampaignRequest {
  const offer = offerOf(f.offer);
  return {
    name: f.name,
    ...(f.description.trim() ? { description: f.description } : {}),
    type: f.type,
    params: f.params,
    priority: f.priority ?? 0,
    startsAt: fromLocalInput(f.startsAt),
    endsAt: fromLocalInput(f.endsAt),
    storeIds: f.storeIds,
    channels: f.channels,
    segmentId: f.segmentId || null,
    controlPct: f.controlPct ?? 0,
    budgetUnit: f.budgetUnit,
    budgetCap: f.budgetCap ?? null,
    requiresActivation: f.requiresActivation,
    ...(f.maxAwardsPerMember !== undefined ? { maxAwardsPerMember: f.maxAwardsPerMember } : {}),
    ...(offer ? { offer } : {}),
  } as TCampaignRequest;
}

/** A budget amount in its unit: points as a number, kuruş as lira. */
export function budgetAmount(amount: number, unit: 'POINTS' | 'KURUS', money: (k: number) => string, number: (n: number) => string, pointsWord: string): string {
  return unit === 'KURUS' ? money(amount) : `${number(amount)} ${pointsWord}`;
}
