import type { ZRoutingRuleCreateRequest, ZRoutingRuleUpdateRequest } from '@kulup/contracts';
import { compareRoutingRules } from '@kulup/domain';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import type { RoutingRule } from '../../generated/prisma/client';
import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor, Tx } from '../context';
import { checkAssignment } from './assign-ticket';

type RuleRow = RoutingRule & { category: { code: string } | null };
const toRule = (r: RuleRow) => ({
  id: r.id,
  categoryCode: r.category?.code ?? null,
  storeId: r.storeId,
  teamId: r.teamId,
  agentId: r.agentId,
  priority: r.priority,
  active: r.active,
});
const withCategory = { category: { select: { code: true } } } as const;

async function resolveReferences(tx: Tx, input: { categoryCode?: string | null | undefined; storeId?: string | null | undefined; teamId?: string | undefined; agentId?: string | null | undefined }) {
  let categoryId: string | null | undefined;
  if (input.categoryCode === null) categoryId = null;
  else if (input.categoryCode !== undefined) {
    const category = await tx.ticketCategory.findUnique({ where: { code: input.categoryCode }, select: { id: true } });
    if (!category) throw new ServiceError('UNKNOWN_REFERENCE', `There is no category ${input.categoryCode}`, [{ path: 'categoryCode', message: 'Unknown category' }]);
    categoryId = category.id;
  }
  if (input.storeId && !(await tx.store.findUnique({ where: { id: input.storeId }, select: { id: true } }))) {
    throw new ServiceError('UNKNOWN_REFERENCE', 'There is no such store', [{ path: 'storeId', message: 'Unknown store' }]);
  }
  await checkAssignment(tx, { teamId: input.teamId, assigneeId: input.agentId });
  return categoryId;
}

/** Routing rules in the order routing consults them. */
export async function listRoutingRules(db: Db) {
  const rules = await db.routingRule.findMany({ include: withCategory });
  return {
    items: rules
      .map(toRule)
      .sort((a, b) => Number(b.active) - Number(a.active) || compareRoutingRules(a, b)),
  };
}

/** Adds a routing rule (any category/store when left out; lower priority numbers are consulted first). */
export async function createRoutingRule(db: Db, actor: Actor, input: z.output<typeof ZRoutingRuleCreateRequest>) {
  return db.$transaction(async (tx) => {
    const categoryId = await resolveReferences(tx, input);
    const rule = await tx.routingRule.create({
      data: { categoryId: categoryId ?? null, storeId: input.storeId ?? null, teamId: input.teamId, agentId: input.agentId ?? null, priority: input.priority ?? 100 },
      include: withCategory,
    });
    await writeAudit(tx, actor, { action: 'routing_rule.create', entityType: 'routing_rule', entityId: rule.id, after: toRule(rule) });
    return toRule(rule);
  });
}

/** Changes or disables a routing rule; tickets already routed keep their team. */
export async function updateRoutingRule(db: Db, actor: Actor, id: string, input: z.output<typeof ZRoutingRuleUpdateRequest>) {
  return db.$transaction(async (tx) => {
    const before = await tx.routingRule.findUnique({ where: { id }, include: withCategory });
    if (!before) throw notFound('Routing rule');
    const categoryId = await resolveReferences(tx, input);
    const rule = await tx.routingRule.update({
      where: { id },
      data: { categoryId, storeId: input.storeId, teamId: input.teamId, agentId: input.agentId, priority: input.priority, active: input.active },
      include: withCategory,
    });
    await writeAudit(tx, actor, { action: 'routing_rule.update', entityType: 'routing_rule', entityId: id, before: toRule(before), after: toRule(rule) });
    return toRule(rule);
  });
}

/** Removes a routing rule (the audit log keeps what it was). */
export async function deleteRoutingRule(db: Db, actor: Actor, id: string) {
  return db.$transaction(async (tx) => {
    const before = await tx.routingRule.findUnique({ where: { id }, include: withCategory });
    if (!before) throw notFound('Routing rule');
    await tx.routingRule.delete({ where: { id } });
    await writeAudit(tx, actor, { action: 'routing_rule.delete', entityType: 'routing_rule', entityId: id, before: toRule(before) });
    return { ok: true as const };
  });
}
