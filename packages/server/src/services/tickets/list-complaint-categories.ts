import type { Db } from '../../db/database';

/** Active complaint and wish categories in display order, as the kiosk and POS offer them. */
export async function listComplaintCategories(db: Db) {
  const categories = await db.ticketCategory.findMany({ where: { active: true }, orderBy: [{ position: 'asc' }, { code: 'asc' }] });
  return { items: categories.map((c) => ({ code: c.code, nameTr: c.nameTr, nameEn: c.nameEn })) };
}
