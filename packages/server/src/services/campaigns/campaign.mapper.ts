import type { TCampaign, TCampaignDefinition } from '@kulup/contracts';
import { nextCampaignStatuses } from '@kulup/domain';
import type { Campaign, CampaignChannel, CampaignParams } from '@kulup/domain';

import type { Campaign as CampaignRow, Prisma } from '../../generated/prisma/client';

/** The API view of a campaign row. */
export function toCampaign(row: CampaignRow): TCampaign {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    type: row.type,
    params: row.params as Record<string, unknown>,
    status: row.status,
    nextStatuses: [...nextCampaignStatuses(row.status)],
    priority: row.priority,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    storeIds: row.storeIds,
    channels: row.channels as TCampaign['channels'],
    segmentId: row.segmentId,
    controlPct: row.controlBasisPoints / 100,
    budgetUnit: row.budgetUnit,
    budgetCap: row.budgetCap,
    budgetUsed: row.budgetUsed,
    requiresActivation: row.requiresActivation,
    maxAwardsPerMember: row.maxAwardsPerMember,
    offer: (row.offer as TCampaign['offer']) ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The domain's view of a campaign row (params were validated by the contract when stored). */
export function toDomainCampaign(row: CampaignRow): Campaign {
  return {
    id: row.id,
    name: row.name,
    priority: row.priority,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    storeIds: row.storeIds,
    channels: row.channels as CampaignChannel[],
    controlPct: row.controlBasisPoints / 100,
    requiresActivation: row.requiresActivation,
    maxAwardsPerMember: row.maxAwardsPerMember ?? undefined,
    ...({ type: row.type, params: row.params } as CampaignParams),
  };
}

/** Column values of a validated definition. */
export function campaignData(def: TCampaignDefinition) {
  return {
    name: def.name,
    description: def.description ?? null,
    type: def.type,
    params: def.params as Prisma.InputJsonValue,
    priority: def.priority,
    startsAt: new Date(def.startsAt),
    endsAt: new Date(def.endsAt),
    storeIds: def.storeIds,
    channels: def.channels,
    segmentId: def.segmentId,
    controlBasisPoints: Math.round(def.controlPct * 100),
    budgetUnit: def.budgetUnit,
    budgetCap: def.budgetCap,
    requiresActivation: def.requiresActivation,
    maxAwardsPerMember: def.maxAwardsPerMember ?? null,
    offer: (def.offer ?? undefined) as Prisma.InputJsonValue | undefined,
  };
}
