import type { TSegment, TSegmentRule } from '@kulup/contracts';

import type { Segment } from '../../generated/prisma/client';

export function toSegment(s: Segment): TSegment {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    rules: s.rules as TSegmentRule,
    status: s.status,
    memberCount: s.memberCount,
    refreshedAt: s.refreshedAt?.toISOString() ?? null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}
