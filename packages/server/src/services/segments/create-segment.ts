import type { TSegment, ZSegmentCreateRequest } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import type { Prisma } from '../../generated/prisma/client';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { checkSegmentRules } from './check-segment-rules';
import { toSegment } from './segment.mapper';

/** Stores a segment whose rules are sound and name existing tiers and stores; it is empty until refreshed. */
export async function createSegment(db: Db, actor: Actor, input: z.output<typeof ZSegmentCreateRequest>): Promise<TSegment> {
  return db.$transaction(async (tx) => {
    await checkSegmentRules(tx, input.rules);
    const segment = await tx.segment.create({
      data: {
        name: input.name,
        description: input.description ?? null,
        rules: input.rules as Prisma.InputJsonValue,
        createdById: actor.type === 'STAFF' ? actor.id : null,
      },
    });
    const created = toSegment(segment);
    await writeAudit(tx, actor, { action: 'segment.create', entityType: 'segment', entityId: segment.id, after: created });
    return created;
  });
}
