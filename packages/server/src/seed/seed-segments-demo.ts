// Demo purchase history, segments and analytics: so the RFM, lifecycle, basket and satisfaction dashboards and
// the demo segments show something on first start. Receipts are history (booked before the card program's
// points engine, so they earn no points and leave the ledger untouched), shaped by a few shopper profiles:
// weekly regulars, monthly shoppers, members who stopped coming, former members and prospects who never bought.
// Printer and phone baskets often carry paper, ink, a case or a charger, which the cross-sell rules pick up.
import { randomUUID } from 'node:crypto';

import type { TSegmentRule } from '@kulup/contracts';

import type { Db } from '../db/database';
import type { Prisma } from '../generated/prisma/client';
import { refreshMemberMetrics } from '../services/analytics/refresh-member-metrics';
import { systemActor } from '../services/context';
import { refreshAllSegments } from '../services/segments/refresh-segments';
import { createRng } from './demo-people';
import type { DemoCategory } from './demo-products';

const DAY = 86_400_000;
const BATCH = 1000;

type Profile = { weight: number; gapDays: [number, number]; activeDays: [number, number]; stoppedDaysAgo: [number, number] };

/** Who shops how: days between visits, how long they have shopped, and how long ago they stopped. */
const PROFILES: Record<'weekly' | 'monthly' | 'lapsing' | 'former' | 'prospect', Profile> = {
  weekly: { weight: 15, gapDays: [5, 10], activeDays: [120, 360], stoppedDaysAgo: [0, 6] },
  monthly: { weight: 35, gapDays: [20, 40], activeDays: [90, 360], stoppedDaysAgo: [0, 30] },
  lapsing: { weight: 20, gapDays: [15, 35], activeDays: [60, 240], stoppedDaysAgo: [70, 200] },
  former: { weight: 10, gapDays: [30, 60], activeDays: [0, 90], stoppedDaysAgo: [380, 600] },
  prospect: { weight: 20, gapDays: [0, 0], activeDays: [0, 0], stoppedDaysAgo: [0, 0] },
};

const CATEGORY_WEIGHTS: readonly (readonly [DemoCategory, number])[] = [
  ['Meyve-Sebze', 14], ['Süt Ürünleri', 14], ['Et-Tavuk', 8], ['Fırın', 12], ['Temel Gıda', 12], ['İçecek', 10],
  ['Atıştırmalık', 10], ['Temizlik', 6], ['Kişisel Bakım', 6], ['Bebek', 3], ['Kırtasiye', 2], ['Elektronik', 1],
];

/** The demo segments: rules a marketer would write on day one. */
export const DEMO_SEGMENTS: readonly { name: string; description: string; rules: TSegmentRule }[] = [
  {
    name: 'Şampiyonlar (Champions)',
    description: 'Recent, frequent, high-spending members who allow personalised offers.',
    rules: { kind: 'and', rules: [{ kind: 'rfmGroup', in: ['CHAMPIONS'] }, { kind: 'consent', channel: 'PROFILING', granted: true }] },
  },
  {
    name: 'Kaybedilmek üzere Gold üyeler (Lapsing Gold members)',
    description: 'Gold and Platinum members overdue by their own shopping rhythm.',
    rules: {
      kind: 'and',
      rules: [{ kind: 'tier', in: ['GOLD', 'PLATINUM'] }, { kind: 'or', rules: [{ kind: 'churnLevel', in: ['HIGH'] }, { kind: 'lifecycleStage', in: ['LAPSED'] }] }],
    },
  },
  {
    name: 'Bu ay doğum günü olanlar, SMS izni var (Birthday this month with SMS consent)',
    description: 'For the birthday SMS: members born this month who allow commercial SMS.',
    rules: { kind: 'and', rules: [{ kind: 'birthdayMonth', months: ['current'] }, { kind: 'consent', channel: 'SMS', granted: true }] },
  },
  {
    name: 'Yazıcı/telefon alıp aksesuar almayanlar (Cross-sell: electronics without accessories)',
    description: 'Bought a printer or phone in the last 90 days but no paper, ink, case or charger.',
    rules: {
      kind: 'and',
      rules: [
        { kind: 'category', in: ['Elektronik'], windowDays: 90 },
        { kind: 'not', rule: { kind: 'category', in: ['Elektronik Aksesuar', 'Kırtasiye'], windowDays: 90 } },
      ],
    },
  },
  {
    name: 'Kaybetmemek gereken müşteriler (At risk, once valuable)',
    description: 'Used to buy often and much but have not been back lately: a win-back offer.',
    rules: { kind: 'rfmGroup', in: ['AT_RISK', 'CANNOT_LOSE'] },
  },
];

/**
 * Adds a purchase history for the demo members, the demo segments, and computes the analytics snapshot and
 * the segments' membership. Does nothing when receipts or segments already exist.
 */
export async function seedSegmentsDemo(db: Db, options: { seed?: number; now?: Date } = {}): Promise<{ receipts: number; segments: number }> {
  if ((await db.receipt.findFirst({ select: { id: true } })) || (await db.segment.findFirst({ select: { id: true } }))) return { receipts: 0, segments: 0 };
  const now = options.now ?? new Date();
  const rng = createRng((options.seed ?? 2026) ^ 0x5e6);
  const stores = await db.store.findMany({ include: { terminals: { where: { kind: 'POS' }, orderBy: { name: 'asc' } } }, orderBy: { code: 'asc' } });
  const tills = stores.flatMap((s) => s.terminals.slice(0, 1).map((t) => ({ storeId: s.id, terminalId: t.id })));
  const products = await db.product.findMany({ orderBy: { sku: 'asc' } });
  if (tills.length === 0 || products.length === 0) return { receipts: 0, segments: 0 };
  const byCategory = new Map<string, typeof products>();
  for (const p of products) byCategory.set(p.category, [...(byCategory.get(p.category) ?? []), p]);
  const find = (pattern: RegExp, brand?: string | null) => products.filter((p) => pattern.test(p.name) && (brand === undefined || p.brand === brand));

  const members = await db.member.findMany({ where: { erasedAt: null }, select: { id: true, createdAt: true }, orderBy: { id: 'asc' } });
  type ReceiptRow = { id: string; store_id: string; terminal_id: string; external_ref: string; member_id: string; occurred_at: string; business_date: string; total_kurus: number };
  type LineRow = { receipt_id: string; line_no: number; sku: string; category: string; brand: string | null; quantity: number; unit_price_kurus: number; net_kurus: number };
  const receipts: ReceiptRow[] = [];
  const lines: LineRow[] = [];
  const profiles = Object.values(PROFILES).map((p) => [p, p.weight] as const);

  for (const member of members) {
    const profile = rng.weighted(profiles);
    if (profile.gapDays[1] === 0) continue;
    const home = rng.pick(tills);
    const stoppedAt = now.getTime() - rng.int(...profile.stoppedDaysAgo) * DAY;
    const startedAt = Math.max(member.createdAt.getTime(), stoppedAt - rng.int(...profile.activeDays) * DAY);
    for (let at = stoppedAt; at >= startedAt; at -= rng.int(...profile.gapDays) * DAY) {
      const occurredAt = new Date(at - rng.int(0, 10 * 3_600_000));
      const till = rng.int(1, 10) <= 8 ? home : rng.pick(tills);
      const receiptId = randomUUID();
      const basket: typeof products = [];
      for (let n = rng.int(1, 6); n > 0; n--) basket.push(rng.pick(byCategory.get(rng.weighted(CATEGORY_WEIGHTS)) ?? products));
      for (const item of [...basket]) {
        if (/Yazıcı/.test(item.name)) {
          if (rng.int(1, 10) <= 6) basket.push(rng.pick(find(/A4 Fotokopi/)));
          if (rng.int(1, 10) <= 5) basket.push(...find(/Kartuşu/, item.brand).slice(0, 1));
        }
        if (/Cep Telefonu/.test(item.name)) {
          if (rng.int(1, 10) <= 6) basket.push(...find(/Kılıfı/, item.brand).slice(0, 1));
          if (rng.int(1, 10) <= 4) basket.push(...find(/Şarj Adaptörü/));
        }
      }
      let total = 0;
      basket.forEach((p, i) => {
        const quantity = p.priceKurus > 100_000 ? 1 : rng.int(1, 3);
        total += quantity * p.priceKurus;
        lines.push({
          receipt_id: receiptId, line_no: i + 1, sku: p.sku, category: p.category, brand: p.brand, quantity,
          unit_price_kurus: p.priceKurus, net_kurus: quantity * p.priceKurus,
        });
      });
      receipts.push({
        id: receiptId, store_id: till.storeId, terminal_id: till.terminalId, external_ref: `DEMO-${receiptId}`, member_id: member.id,
        occurred_at: occurredAt.toISOString(),
        // Business day in Europe/Istanbul (UTC+3).
        business_date: new Date(occurredAt.getTime() + 3 * 3_600_000).toISOString().slice(0, 10),
        total_kurus: total,
      });
    }
  }

  // One JSON parameter per batch: far faster than row-by-row parameters on PGlite.
  await db.$transaction(
    async (tx) => {
      for (let i = 0; i < receipts.length; i += BATCH) {
        await tx.$executeRawUnsafe(
          `INSERT INTO receipt (id, store_id, terminal_id, external_ref, member_id, occurred_at, business_date, total_kurus)
           SELECT id, store_id, terminal_id, external_ref, member_id, occurred_at, business_date, total_kurus
           FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, store_id uuid, terminal_id uuid, external_ref text, member_id uuid,
                                                  occurred_at timestamptz, business_date date, total_kurus int)`,
          JSON.stringify(receipts.slice(i, i + BATCH)),
        );
      }
      for (let i = 0; i < lines.length; i += BATCH * 4) {
        await tx.$executeRawUnsafe(
          `INSERT INTO receipt_line (receipt_id, line_no, sku, category, brand, quantity, unit_price_kurus, net_kurus)
           SELECT receipt_id, line_no, sku, category, brand, quantity, unit_price_kurus, net_kurus
           FROM jsonb_to_recordset($1::jsonb) AS x(receipt_id uuid, line_no int, sku text, category text, brand text, quantity int,
                                                  unit_price_kurus int, net_kurus int)`,
          JSON.stringify(lines.slice(i, i + BATCH * 4)),
        );
      }
      await tx.segment.createMany({
        data: DEMO_SEGMENTS.map((s) => ({ name: s.name, description: s.description, rules: s.rules as Prisma.InputJsonValue })),
      });
    },
    { maxWait: 10_000, timeout: 120_000 },
  );
  await refreshMemberMetrics(db, systemActor, now);
  await refreshAllSegments(db, now);
  return { receipts: receipts.length, segments: DEMO_SEGMENTS.length };
}
