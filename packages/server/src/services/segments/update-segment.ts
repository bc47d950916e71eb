import type { TSegment, ZSegmentUpdateRequest } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { notFound } from '../../http/service-error';
import type { Prisma } from '../../generated/prisma/client';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { checkSegmentRules } from './check-segment-rules';
import { toSegment } from './segment.mapper';

/** Changes a segment's name, description, rules or status; new rules apply from the next refresh. */
export async function updateSegment(db: Db, actor: Actor, segmentId: string, input: z.output<typeof ZSegmentUpdateRequest>): Promise<TSegment> {
  return db.$transaction(async (tx) => {
    const before = await tx.segment.findUnique({ where: { id: segmentId } });
    if (!before) throw notFound('Segment');
    if (input.rules) await checkSegmentRules(tx, input.rules);
    const segment = await tx.segment.update({
      where: { id: segmentId },
      data: {
        name: input.name,
        description: input.description,
        rules: input.rules ? (input.rules as Prisma.InputJsonValue) : undefined,
        status: input.status,
      },
    });
    const after = toSegment(segment);
    await writeAudit(tx, actor, { action: 'segment.update', entityType: 'segment', entityId: segmentId, before: toSegment(before), after });
    return after;
  });
}

/** Archives a segment: no longer refreshed; its last membership and size history are kept for campaigns. */
export async function archiveSegment(db: Db, actor: Actor, segmentId: string): Promise<{ ok: true }> {
  await updateSegment(db, actor, segmentId, { status: 'ARCHIVED' });
  return { ok: true };
}
