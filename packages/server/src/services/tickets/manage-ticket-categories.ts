import type { ZTicketCategoryCreateRequest, ZTicketCategoryUpdateRequest } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import type { TicketCategory } from '../../generated/prisma/client';
import { notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { rethrowUnique } from '../unique-violation';

export const toTicketCategory = (c: TicketCategory) => ({
  id: c.id,
  code: c.code,
  nameTr: c.nameTr,
  nameEn: c.nameEn,
  defaultPriority: c.defaultPriority,
  active: c.active,
  position: c.position,
});

/** Every category, retired ones included, in display order. */
export async function listTicketCategories(db: Db) {
  return { items: (await db.ticketCategory.findMany({ orderBy: [{ position: 'asc' }, { code: 'asc' }] })).map(toTicketCategory) };
}

/** Adds a category; codes are unique and never change (tickets and reports refer to them). */
export async function createTicketCategory(db: Db, actor: Actor, input: z.output<typeof ZTicketCategoryCreateRequest>) {
  return db.$transaction(async (tx) => {
    const created = await tx.ticketCategory.create({ data: input }).catch(rethrowUnique({ code: 'A category with this code already exists' }));
    await writeAudit(tx, actor, { action: 'ticket_category.create', entityType: 'ticket_category', entityId: created.id, after: toTicketCategory(created) });
    return toTicketCategory(created);
  });
}

/** Renames, reorders, re-prioritises or retires a category (retired ones are no longer offered). */
export async function updateTicketCategory(db: Db, actor: Actor, id: string, input: z.output<typeof ZTicketCategoryUpdateRequest>) {
  return db.$transaction(async (tx) => {
    const before = await tx.ticketCategory.findUnique({ where: { id } });
    if (!before) throw notFound('Category');
    const updated = await tx.ticketCategory.update({ where: { id }, data: input });
    await writeAudit(tx, actor, { action: 'ticket_category.update', entityType: 'ticket_category', entityId: id, before: toTicketCategory(before), after: toTicketCategory(updated) });
    return toTicketCategory(updated);
  });
}
