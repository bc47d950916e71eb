// Demo campaigns over the demo segments, so the campaign list, editor, forecast and performance pages show a
// realistic programme on first start: what a Turkish supermarket's marketing team runs in a normal month.
// Everything goes through the services the console uses (contract validation, create, lifecycle, offers,
// receipts, messages), so the campaigns are valid, audited, and their budgets, awards and ledger are consistent.
import { ZBasketRulesQuery, ZCampaignRequest, ZReceiptRequest } from '@kulup/contracts';
import type { TCampaign, TCampaignRequest } from '@kulup/contracts';

import type { Db } from '../db/database';
import { bodyHash } from '../lib/canonical-json';
import { basketRules } from '../services/analytics/basket-rules';
import { createCampaign } from '../services/campaigns/create-campaign';
import { issueCampaignOffers } from '../services/campaigns/issue-campaign-offers';
import { sendCampaignMessage } from '../services/campaigns/send-campaign-message';
import { transitionCampaign } from '../services/campaigns/transition-campaign';
import type { Actor } from '../services/context';
import { systemActor } from '../services/context';
import { activateMyOffer } from '../services/offers/activate-my-offer';
import { bookReceipt } from '../services/receipts/book-receipt';
import { createRng } from './demo-people';
import type { Rng } from './demo-people';
import { DEMO_SEGMENTS } from './seed-segments-demo';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const RECEIPT_ROUTE = 'POST /api/v1/terminal/receipts';

/** Which demo segment (by its position in DEMO_SEGMENTS) each campaign targets; null is every member. */
const SEGMENT = { champions: 0, lapsingGold: 1, birthdaySms: 2, crossSell: 3, atRisk: 4 } as const;

export type CampaignsDemoSummary = { campaigns: number; receipts: number; awards: number; offers: number; messages: number };
const NOTHING: CampaignsDemoSummary = { campaigns: 0, receipts: 0, awards: 0, offers: 0, messages: 0 };

type Plan = {
  key: 'doublePoints' | 'produceBonus' | 'threshold' | 'birthday' | 'winBack' | 'crossSell';
  status: 'DRAFT' | 'SCHEDULED' | 'ACTIVE';
  segment: keyof typeof SEGMENT | null;
  definition: Omit<TCampaignRequest, 'segmentId'>;
};

/** Days of baskets the cross-sell rule is mined from (the console's basket analysis over the last month). */
export const CROSS_SELL_RULE_DAYS = 30;

/** The category rule the cross-sell campaign is built on: the strongest rule out of electronics, from the basket analysis. */
async function crossSellRule(db: Db, now: Date): Promise<{ antecedent: string; consequent: string; confidence: number; lift: number }> {
  const { rules } = await basketRules(db, ZBasketRulesQuery.parse({ level: 'category', days: CROSS_SELL_RULE_DAYS }), now);
  const fromElectronics = rules.filter((r) => r.antecedent === 'Elektronik' && r.lift > 1).sort((a, b) => b.lift - a.lift)[0];
  return fromElectronics ?? { antecedent: 'Elektronik', consequent: 'Elektronik Aksesuar', confidence: 0, lift: 0 };
}

function plans(now: Date, rule: Awaited<ReturnType<typeof crossSellRule>>): Plan[] {
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
  const share = `%${Math.round(rule.confidence * 100)}`;
  const lift = rule.lift.toFixed(1).replace('.', ',');
  return [
    {
      key: 'doublePoints',
      status: 'ACTIVE',
      segment: 'champions',
      definition: {
        name: 'Şampiyonlara çifte puan',
        description: 'En değerli üyelere iki hafta boyunca tüm alışverişte 2 kat puan; %10 kontrol grubuyla artış ölçülür.',
        type: 'POINTS_MULTIPLIER',
        params: { multiplier: 2 },
        priority: 60,
        startsAt: at(-6),
        endsAt: at(8),
        channels: ['POS', 'KIOSK', 'SMS'],
        controlPct: 10,
        budgetUnit: 'POINTS',
        budgetCap: 40_000,
        offer: {
          titleTr: 'Tüm alışverişinize 2 kat puan',
          titleEn: 'Double points on everything',
          descriptionTr: 'Kulüp Şampiyonlarına özel: kampanya süresince her alışverişte puanlarınız ikiye katlanır.',
          descriptionEn: 'For Club Champions: every purchase earns double points while the campaign runs.',
        },
      },
    },
    {
      key: 'produceBonus',
      status: 'ACTIVE',
      segment: null,
      definition: {
        name: 'Meyve-sebzede 50 ek puan',
        description: 'Kioskta veya kasada etkinleştiren üyeye meyve-sebze alışverişinde fiş başına 50 ek puan.',
        type: 'BONUS_POINTS',
        params: { points: 50, per: 'receipt', match: { categories: ['Meyve-Sebze'] } },
        priority: 40,
        startsAt: at(-5),
        endsAt: at(25),
        channels: ['POS', 'KIOSK'],
        controlPct: 5,
        budgetUnit: 'POINTS',
        budgetCap: 5_000,
        requiresActivation: true,
        maxAwardsPerMember: 4,
        offer: {
          titleTr: 'Meyve-sebzede 50 ek puan',
          titleEn: '50 bonus points on fruit & veg',
          descriptionTr: 'Teklifi etkinleştirin, meyve-sebze içeren her alışverişinizde 50 puan daha kazanın (en çok 4 kez).',
          descriptionEn: 'Activate the offer and earn 50 extra points on every basket with fruit or vegetables (up to 4 times).',
        },
      },
    },
    {
      key: 'threshold',
      status: 'SCHEDULED',
      segment: null,
      definition: {
        name: '750 TL üzeri alışverişe 300 puan',
        description: 'Ay sonu sepet büyütme kampanyası: tek fişte 750 TL ve üzeri alışverişe 300 ek puan.',
        type: 'BASKET_THRESHOLD',
        params: { minBasketKurus: 75_000, points: 300 },
        priority: 30,
        startsAt: at(3),
        endsAt: at(17),
        channels: ['POS', 'KIOSK', 'EMAIL'],
        controlPct: 5,
        budgetUnit: 'KURUS',
        budgetCap: 2_500_000,
        maxAwardsPerMember: 2,
        offer: {
          titleTr: '750 TL üzeri alışverişe 300 puan',
          titleEn: '300 points on baskets over 750 TL',
          descriptionTr: 'Tek fişte 750 TL ve üzeri alışverişinize 300 ek puan.',
          descriptionEn: '300 extra points when one receipt reaches 750 TL.',
        },
      },
    },
    {
      key: 'birthday',
      status: 'ACTIVE',
      segment: 'birthdaySms',
      definition: {
        name: 'Doğum günü hediyesi: 250 puan',
        description: 'Doğum gününden sonraki 14 gün içindeki ilk alışverişe 250 puan; SMS izni olan üyelere kutlama mesajı.',
        type: 'BIRTHDAY',
        params: { points: 250, windowDays: 14 },
        priority: 50,
        startsAt: at(-20),
        endsAt: at(345),
        channels: ['POS', 'KIOSK', 'SMS'],
        controlPct: 10,
        budgetUnit: 'POINTS',
        budgetCap: 10_000,
        offer: {
          titleTr: 'İyi ki doğdunuz! 250 puan hediye',
          titleEn: 'Happy birthday! 250 points on us',
          descriptionTr: 'Doğum gününüzden sonraki 14 gün içinde yapacağınız ilk alışverişte.',
          descriptionEn: 'On your first purchase within 14 days after your birthday.',
        },
      },
    },
    {
      key: 'winBack',
      status: 'DRAFT',
      segment: 'atRisk',
      definition: {
        name: 'Sizi özledik: 300 puan',
        description: 'Eskiden sık gelip uzun süredir uğramayan üyeler: 60 günden uzun aradan sonraki 200 TL üzeri alışverişe 300 puan.',
        type: 'WIN_BACK',
        params: { minDaysSinceLastVisit: 60, points: 300, minBasketKurus: 20_000 },
        priority: 45,
        startsAt: at(2),
        endsAt: at(32),
        channels: ['POS', 'SMS', 'EMAIL'],
        controlPct: 20,
        budgetUnit: 'KURUS',
        budgetCap: 1_500_000,
        maxAwardsPerMember: 1,
        offer: {
          titleTr: 'Sizi özledik! 300 puan sizi bekliyor',
          titleEn: 'We missed you! 300 points are waiting',
          descriptionTr: '200 TL ve üzeri ilk alışverişinizde 300 puan hediye.',
          descriptionEn: '300 points on your first purchase of 200 TL or more.',
        },
      },
    },
    {
      key: 'crossSell',
      status: 'ACTIVE',
      segment: 'crossSell',
      definition: {
        name: `${rule.antecedent} alanlara ${rule.consequent} önerisi`,
        description:
          rule.lift > 0
            ? `Sepet analizinden: ${rule.antecedent} içeren sepetlerde ${rule.consequent} olasılığı ${share} (lift ${lift}). ${rule.antecedent} alıp ${rule.consequent} almamış üyelere 150 puan.`
            : `${rule.antecedent} alıp ${rule.consequent} almamış üyelere 150 puan.`,
        type: 'CROSS_SELL',
        params: { trigger: { categories: [rule.antecedent] }, target: { categories: [rule.consequent] }, points: 150 },
        priority: 35,
        startsAt: at(-4),
        endsAt: at(26),
        channels: ['POS', 'KIOSK', 'EMAIL'],
        controlPct: 10,
        budgetUnit: 'POINTS',
        budgetCap: 3_000,
        maxAwardsPerMember: 1,
        offer: {
          titleTr: `${rule.consequent} alışverişinize 150 puan`,
          titleEn: `150 points on ${rule.consequent}`,
          descriptionTr: `Son aldığınız ürünle birlikte işinize yarayacak ${rule.consequent.toLocaleLowerCase('tr')} ürünlerinde geçerli.`,
          descriptionEn: `Valid on ${rule.consequent} products that go with your recent purchase.`,
        },
      },
    },
  ];
}

type Product = { sku: string; category: string; brand: string | null; priceKurus: number };

/** A basket of 2–5 everyday articles, plus one from `must` when given; lines priced from the catalogue. */
function basket(rng: Rng, everyday: readonly Product[], must: readonly Product[]) {
  const chosen = [...(must.length > 0 ? [rng.pick(must)] : [])];
  for (let n = rng.int(2, 5); n > 0; n--) chosen.push(rng.pick(everyday));
  return chosen.map((p, i) => ({
    lineNo: i + 1,
    sku: p.sku,
    category: p.category,
    ...(p.brand ? { brand: p.brand } : {}),
    quantity: p.priceKurus > 100_000 ? 1 : rng.int(1, 3),
    unitPrice: p.priceKurus,
  }));
}

/**
 * Adds the demo campaigns once (nothing when any campaign exists, or without the demo segments): six campaigns
 * in every lifecycle state a marketer starts with, created and moved by the campaign services as the demo
 * marketer; personal offers issued (some activated) to part of each active campaign's audience; receipts booked
 * at the demo tills since the campaigns started, so awards, budget use and uplift over the control group show;
 * and a personalised birthday SMS queued (consent, frequency cap and control group applied) for the delivery job.
 */
export async function seedCampaignsDemo(db: Db, options: { seed?: number; now?: Date } = {}): Promise<CampaignsDemoSummary> {
  if (await db.campaign.findFirst({ select: { id: true } })) return NOTHING;
  const now = options.now ?? new Date();
  const rng = createRng((options.seed ?? 2026) ^ 0xca3);
  const segments = await Promise.all(DEMO_SEGMENTS.map((s) => db.segment.findFirst({ where: { name: s.name }, select: { id: true } })));
  const tills = await db.terminal.findMany({ where: { kind: 'POS', revokedAt: null }, orderBy: [{ storeId: 'asc' }, { name: 'asc' }], select: { id: true, storeId: true } });
  const products = await db.product.findMany({ orderBy: { sku: 'asc' } });
  if (segments.some((s) => !s) || tills.length === 0 || products.length === 0) return NOTHING;
  const marketer = await db.staffUser.findFirst({ where: { role: 'MARKETER', active: true }, orderBy: { createdAt: 'asc' }, select: { id: true } });
  const actor: Actor = marketer ? { type: 'STAFF', id: marketer.id, terminalId: null, requestId: null } : systemActor;

  const rule = await crossSellRule(db, now);
  const created = new Map<Plan['key'], TCampaign>();
  for (const plan of plans(now, rule)) {
    const segmentId = plan.segment === null ? null : segments[SEGMENT[plan.segment]]!.id;
    // Validated by the same contract as the console's request, then created and moved by the services.
    const campaign = await createCampaign(db, actor, ZCampaignRequest.parse({ ...plan.definition, segmentId }));
    if (plan.status !== 'DRAFT') await transitionCampaign(db, actor, campaign.id, 'SCHEDULED', now);
    if (plan.status === 'ACTIVE') await transitionCampaign(db, actor, campaign.id, 'ACTIVE', now);
    created.set(plan.key, campaign);
  }

  // Who shops during the campaigns: part of each active campaign's audience (control-group members included:
  // they shop too, get nothing, and are what the uplift is measured against).
  const eligibleMember = { erasedAt: null, isStaff: false, cards: { some: { status: 'ACTIVE' as const } } };
  const sample = async (segmentKey: keyof typeof SEGMENT | null, count: number) => {
    const rows = await db.member.findMany({
      where: { ...eligibleMember, ...(segmentKey ? { segments: { some: { segmentId: segments[SEGMENT[segmentKey]]!.id } } } : {}) },
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    const ids = rows.map((r) => r.id);
    for (let i = ids.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    }
    return ids.slice(0, count);
  };
  const byCategory = (category: string) => products.filter((p) => p.category === category);
  const everyday = products.filter((p) => p.priceKurus <= 50_000);
  const shoppers: { memberId: string; must: Product[] }[] = [
    ...(await sample('champions', 20)).map((memberId) => ({ memberId, must: [] })),
    ...(await sample(null, 30)).map((memberId) => ({ memberId, must: byCategory('Meyve-Sebze') })),
    ...(await sample('birthdaySms', 15)).map((memberId) => ({ memberId, must: [] })),
    ...(await sample('crossSell', 10)).map((memberId) => ({ memberId, must: byCategory(rule.consequent) })),
  ];

  // Offers: issued three and a half days ago (as the kiosk does when a member signs in); about two in three
  // members activated theirs, so the activation campaign awards and redeems them.
  const offersFrom = new Date(now.getTime() - 3.5 * DAY);
  let offers = 0;
  for (const memberId of new Set(shoppers.map((s) => s.memberId))) {
    const { issued } = await issueCampaignOffers(db, actor, memberId, offersFrom);
    offers += issued.length;
    for (const o of issued) {
      if (rng.chance(0.65)) await activateMyOffer({ db }, { type: 'MEMBER', id: memberId, terminalId: null, requestId: null }, memberId, o.offerId);
    }
  }

  // Receipts at the demo tills, spread over the last three days (every active campaign had started by then).
  let receipts = 0;
  let awards = 0;
  for (const [i, s] of shoppers.entries()) {
    const till = rng.pick(tills);
    const lines = basket(rng, everyday, s.must);
    const total = lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
    const occurredAt = new Date(now.getTime() - rng.int(1, 3 * 24) * HOUR + rng.int(0, 59) * 60_000);
    const input = ZReceiptRequest.parse({
      externalRef: `DEMO-KMP-${String(i + 1).padStart(4, '0')}`,
      occurredAt: occurredAt.toISOString(),
      memberId: s.memberId,
      lines,
      total,
      payments: [{ method: rng.chance(0.7) ? 'card' : 'cash', amount: total }],
    });
    const terminalActor: Actor = { type: 'TERMINAL', id: till.id, terminalId: till.id, requestId: null };
    const scope = { terminalId: till.id, route: RECEIPT_ROUTE, key: `demo-campaign-receipt-${i + 1}`, requestHash: bodyHash({ params: {}, body: input }) };
    const { body } = await bookReceipt(db, terminalActor, till, scope, input);
    receipts++;
    awards += body.campaigns.length;
  }

  // The birthday greeting by SMS: only members with SMS permission and a phone get it, never the control group.
  const birthday = created.get('birthday')!;
  const queued = await sendCampaignMessage(
    db,
    actor,
    birthday.id,
    { channel: 'SMS', text: 'İyi ki doğdunuz {{firstName}}! Kulüp Market’te doğum gününüzden sonraki 14 gün içindeki ilk alışverişinize 250 puan hediye.' },
    now,
  );
  return { campaigns: created.size, receipts, awards, offers, messages: queued.queued };
}
