import type { ZCannedAnswerCreateRequest, ZCannedAnswerListQuery, ZCannedAnswerUpdateRequest } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import type { CannedAnswer } from '../../generated/prisma/client';
import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor, Tx } from '../context';

type Row = CannedAnswer & { category: { code: string } | null };
const toCanned = (a: Row) => ({
  id: a.id,
  title: a.title,
  bodyTr: a.bodyTr,
  bodyEn: a.bodyEn,
  categoryCode: a.category?.code ?? null,
  active: a.active,
  updatedAt: a.updatedAt.toISOString(),
});
const withCategory = { category: { select: { code: true } } } as const;

async function categoryIdOf(tx: Tx, code: string | null | undefined): Promise<string | null | undefined> {
  if (code === undefined || code === null) return code;
  const category = await tx.ticketCategory.findUnique({ where: { code }, select: { id: true } });
  if (!category) throw new ServiceError('UNKNOWN_REFERENCE', `There is no category ${code}`, [{ path: 'categoryCode', message: 'Unknown category' }]);
  return category.id;
}

/** Canned answers for a category (and general ones), optionally matching a text, active ones unless asked. */
export async function listCannedAnswers(db: Db, query: z.output<typeof ZCannedAnswerListQuery>) {
  const answers = await db.cannedAnswer.findMany({
    where: {
      ...(query.includeInactive ? {} : { active: true }),
      ...(query.category ? { OR: [{ category: { code: query.category } }, { categoryId: null }] } : {}),
      ...(query.q
        ? { AND: [{ OR: [{ title: { contains: query.q, mode: 'insensitive' } }, { bodyTr: { contains: query.q, mode: 'insensitive' } }, { bodyEn: { contains: query.q, mode: 'insensitive' } }] }] }
        : {}),
    },
    include: withCategory,
    orderBy: { title: 'asc' },
  });
  return { items: answers.map(toCanned) };
}

/** Adds a canned answer to the knowledge base. */
export async function createCannedAnswer(db: Db, actor: Actor, input: z.output<typeof ZCannedAnswerCreateRequest>) {
  return db.$transaction(async (tx) => {
    const categoryId = await categoryIdOf(tx, input.categoryCode);
    const created = await tx.cannedAnswer.create({
      data: { title: input.title, bodyTr: input.bodyTr, bodyEn: input.bodyEn ?? null, categoryId: categoryId ?? null },
      include: withCategory,
    });
    await writeAudit(tx, actor, { action: 'canned_answer.create', entityType: 'canned_answer', entityId: created.id, after: toCanned(created) });
    return toCanned(created);
  });
}

/** Changes or retires a canned answer. */
export async function updateCannedAnswer(db: Db, actor: Actor, id: string, input: z.output<typeof ZCannedAnswerUpdateRequest>) {
  return db.$transaction(async (tx) => {
    const before = await tx.cannedAnswer.findUnique({ where: { id }, include: withCategory });
    if (!before) throw notFound('Canned answer');
    const categoryId = await categoryIdOf(tx, input.categoryCode);
    const updated = await tx.cannedAnswer.update({
      where: { id },
      data: { title: input.title, bodyTr: input.bodyTr, bodyEn: input.bodyEn, categoryId, active: input.active },
      include: withCategory,
    });
    await writeAudit(tx, actor, { action: 'canned_answer.update', entityType: 'canned_answer', entityId: id, before: toCanned(before), after: toCanned(updated) });
    return toCanned(updated);
  });
}

/** Retires a canned answer; it stays for the replies that used it. */
export async function deleteCannedAnswer(db: Db, actor: Actor, id: string) {
  await updateCannedAnswer(db, actor, id, { active: false });
  return { ok: true as const };
}
