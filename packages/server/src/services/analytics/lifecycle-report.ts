import type { TLifecycleReport } from '@kulup/contracts';
import { LIFECYCLE_STAGES } from '@kulup/domain';
import type { LifecycleStage } from '@kulup/domain';

import type { Db } from '../../db/database';

const DAY = 86_400_000;

/** Members per lifecycle stage now, and the stage changes recorded in the last `days` days (by from → to). */
export async function lifecycleReport(db: Db, query: { days: number }, now = new Date()): Promise<TLifecycleReport> {
  const from = new Date(now.getTime() - query.days * DAY);
  const stages = await db.member.groupBy({ by: ['lifecycleStage'], where: { erasedAt: null }, _count: { _all: true } });
  const transitions = await db.lifecycleTransition.groupBy({
    by: ['fromStage', 'toStage'],
    where: { at: { gte: from } },
    _count: { _all: true },
    orderBy: [{ fromStage: 'asc' }, { toStage: 'asc' }],
  });
  return {
    from: from.toISOString(),
    stages: LIFECYCLE_STAGES.map((stage: LifecycleStage) => ({ stage, members: stages.find((s) => s.lifecycleStage === stage)?._count._all ?? 0 })),
    transitions: transitions.map((t) => ({ from: t.fromStage, to: t.toStage, members: t._count._all })),
  };
}
