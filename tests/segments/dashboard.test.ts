// The marketer's dashboard (GET /api/v1/analytics/dashboard) on a known data set: receipts and a redemption
// booked through the POS API (so points come from the real ledger and lots), expiry by the real job, members
// back-dated, anonymous receipts and survey answers written as fixtures.
//
// Time: the service is asked "as of NOW" = 12:00 Istanbul on the 15th of last month, so every month boundary is
// known. Every receipt falls on day 4–13 of its month at noon, which makes the 90-day "active" window exact
// whatever the month lengths: a receipt in month M counts at the ends of M, M+1 and M+2 and never at M+3 (nor
// at NOW three months on), and one on day ≤ 12 of last month's previous month is outside the 30-day KPI period.
import { randomUUID } from 'node:crypto';

import type { KulupClient, TMarketingDashboard, TMarketingTrendMonth } from '@kulup/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { marketingDashboard } from '../../packages/server/src/services/analytics/marketing-dashboard';
import { expirePoints } from '../../packages/server/src/services/expiry/expire-points';
import { zonedMonthStart, zonedYearMonth } from '../../packages/server/src/services/jobs/zoned-time';
import { businessDate } from '../../packages/server/src/services/receipts/business-date';
import { testDatabases } from '../support/databases';
import { expectLedgerConsistent } from '../support/ledger';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { addReceipt as addFixtureReceipt } from './support';
import type { ReceiptFixture } from './support';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const thisMonth = zonedYearMonth(new Date());
/** NOW's month (last month) and 12:00 Istanbul on its 15th. */
const base = zonedYearMonth(zonedMonthStart(thisMonth.year, thisMonth.month - 1));
const NOW = new Date(zonedMonthStart(base.year, base.month).getTime() + 14 * DAY + 12 * HOUR);
/** `hour`:00 Istanbul on `day` of the month `k` months before NOW's month. */
const at = (k: number, day: number, hour = 12) => new Date(zonedMonthStart(base.year, base.month - k).getTime() + (day - 1) * DAY + hour * HOUR);
const monthKey = (k: number) => {
  const m = zonedYearMonth(at(k, 15));
  return `${m.year}-${String(m.month).padStart(2, '0')}`;
};

let phone = Math.floor(Math.random() * 1_000_000);

describe.each(testDatabases())('marketing dashboard on %s', (kind) => {
  let server: TestServer;
  let marketer: KulupClient;
  let agentToken: string;
  let marketerToken: string;
  let s1: Awaited<ReturnType<TestServer['terminal']>>;
  let s2: Awaited<ReturnType<TestServer['terminal']>>;
  /** Points the redemption receipt earned (its basket, the base rule), read from the booking. */
  let x = 0;

  const book = (pos: typeof s1, memberId: string | null, occurredAt: Date, lira: number, tender?: { holdId: string; points: number }) => {
    const total = lira * 100;
    const payments = tender
      ? [{ method: 'points', amount: tender.points * 5, points: tender.points, holdId: tender.holdId }, { method: 'card', amount: total - tender.points * 5 }]
      : [{ method: 'card', amount: total }];
    return pos.client.call('bookReceipt', {
      idempotencyKey: `dash-${randomUUID()}`,
      body: {
        externalRef: `D-${randomUUID().slice(0, 12)}`,
        occurredAt: occurredAt.toISOString(),
        ...(memberId ? { memberId } : {}),
        lines: [{ lineNo: 1, sku: 'SKU-1', category: 'grocery', quantity: 1, unitPrice: total, lineDiscount: 0 }],
        total,
        payments: payments as never,
        status: 'FINAL',
      },
    });
  };

  /** A fixture receipt whose business day is its Istanbul date, as the till books it. */
  const addReceipt = async (srv: TestServer, r: ReceiptFixture) => {
    const id = await addFixtureReceipt(srv, r);
    await srv.database.prisma.receipt.update({ where: { id }, data: { businessDate: businessDate(r.at) } });
  };

  /** A member registered through the API (with a card), then back-dated to `joined`. */
  const member = async (agent: KulupClient, firstName: string, joined: Date) => {
    const m = await agent.call('createMember', { body: { firstName, lastName: 'Pano', phone: `+90533${String(++phone % 10_000_000).padStart(7, '0')}` } });
    await agent.call('issueCard', { params: { memberId: m.id }, body: { kind: 'PRINTED' } });
    await server.database.prisma.member.update({ where: { id: m.id }, data: { createdAt: joined } });
    return m.id;
  };

  /** One answer to a one-question survey of `type`, at a store, at a given time. */
  const answer = async (type: 'NPS' | 'CSAT', value: number, submittedAt: Date, storeId: string | null) => {
    await server.database.prisma.survey.create({
      data: {
        titleTr: 'Tavsiye',
        titleEn: 'Recommend',
        targeting: 'ANONYMOUS',
        status: 'ACTIVE',
        questions: { create: [{ key: 'q', position: 0, type, textTr: 'Puan', textEn: 'Score' }] },
        responses: { create: [{ answers: { q: value }, submittedAt, storeId }] },
      },
    });
  };

  beforeAll(async () => {
    server = await startTestServer(kind);
    const admin = (await server.staff('ADMIN')).client;
    const m = await server.staff('MARKETER');
    marketer = m.client;
    marketerToken = m.token;
    const agentUser = await server.staff('AGENT');
    const agent = agentUser.client;
    agentToken = agentUser.token;
    s1 = await server.terminal('POS');
    s2 = await server.terminal('POS');
    // 1 point per lira; points are worth 5 kuruş; earned points expire after 3 months (pending 14 days).
    await marketer.call('createEarningRule', { body: { name: 'Temel puan', priority: 10, effect: { kind: 'base', pointsPerTry: 1 } } });
    await admin.call('replaceProgramSettings', { body: { kurusPerPoint: 5, expiryMonths: 3 } });

    const ayse = await member(agent, 'Ayşe', at(5, 3));
    const burak = await member(agent, 'Burak', at(1, 5));
    const cem = await member(agent, 'Cem', at(0, 2));
    const derya = await member(agent, 'Derya', at(8, 1));
    const emre = await member(agent, 'Emre', at(7, 1));
    const fatma = await member(agent, 'Fatma', at(0, 3));

    await book(s1, ayse, at(2, 10), 200);
    await book(s1, ayse, at(0, 10), 100);
    await book(s1, burak, at(1, 10), 300);
    const hold = await s1.client.call('createHold', { body: { memberId: burak, points: 50 }, idempotencyKey: `dash-${randomUUID()}` });
    const redeemed = await book(s1, burak, at(0, 12), 80, { holdId: hold.holdId, points: 50 });
    expect(redeemed.pointsRedeemed).toBe(50);
    x = redeemed.pointsEarned;
    await book(s2, cem, at(0, 5), 50);
    await book(s1, derya, at(5, 10), 400); // its lot expires on at(2, 10)
    await book(s2, emre, at(3, 12), 70); // its lot expires on at(0, 12), inside the KPI period
    await book(s1, fatma, at(0, 6), 60);
    await admin.call('eraseMember', { params: { memberId: fatma } });
    expect(await expirePoints(server.database.prisma, NOW)).toMatchObject({ members: 2, points: 470 });

    // Anonymous receipts: one partly refunded, one voided (never counts), one before the trend.
    await addReceipt(server, { memberId: null, ...s1, at: at(0, 8), lines: [{ category: 'grocery', net: 20_000 }], refundKurus: 5_000 });
    await addReceipt(server, { memberId: null, ...s2, at: at(1, 10), lines: [{ category: 'grocery', net: 10_000 }] });
    await addReceipt(server, { memberId: null, ...s1, at: at(0, 9), voided: true, lines: [{ category: 'grocery', net: 99_900 }] });
    await addReceipt(server, { memberId: null, ...s1, at: at(6, 10), lines: [{ category: 'grocery', net: 50_000 }] });
    // Month boundaries are Istanbul's: 01:00 on the 1st is still the previous day in UTC, 23:59 the day before is not.
    await addReceipt(server, { memberId: null, ...s1, at: at(4, 1, 1), lines: [{ category: 'grocery', net: 1_000 }] });
    await addReceipt(server, { memberId: null, ...s1, at: new Date(at(4, 1, 0).getTime() - 60_000), lines: [{ category: 'grocery', net: 2_000 }] });

    // NPS answers: 10, 9, 3 this period at store 1; 8, 10 last month at store 2; a CSAT answer (not NPS) and an
    // answer after NOW do not count.
    await answer('NPS', 10, at(0, 7), s1.storeId);
    await answer('NPS', 9, at(0, 7), s1.storeId);
    await answer('NPS', 3, at(0, 7), null);
    await answer('NPS', 8, at(1, 10), s2.storeId);
    await answer('NPS', 10, at(1, 10), s2.storeId);
    await answer('CSAT', 1, at(0, 7), s1.storeId);
    await answer('NPS', 0, new Date(NOW.getTime() + HOUR), s1.storeId);
  }, 120_000);
  afterAll(() => server?.close());

  const nps = (responses: number, promoters: number, detractors: number, value: number | null) => ({
    responses,
    promoters,
    passives: responses - promoters - detractors,
    detractors,
    nps: value,
  });
  const none = nps(0, 0, 0, null);

  type Flows = Omit<TMarketingTrendMonth, 'month' | 'from' | 'to' | 'totalMembers' | 'newMembers' | 'activeMembers'>;
  const flows = (revenue: number, memberRevenue: number, earned: number, redeemed: number, expired: number, n = none): Flows => ({
    revenueKurus: revenue,
    memberRevenueKurus: memberRevenue,
    memberRevenueShare: revenue > 0 ? memberRevenue / revenue : null,
    pointsEarned: earned,
    pointsRedeemed: redeemed,
    pointsExpired: expired,
    redemptionRate: earned > 0 ? redeemed / earned : null,
    nps: n,
  });

  it('computes the KPIs and the monthly trend of the whole program exactly', async () => {
    const d = await marketingDashboard(server.database.prisma, { months: 6, days: 30 }, NOW);
    // The redemption receipt earns on the 77,50 lira not paid with points, rounded down.
    expect(x).toBe(77);
    expect(d).toMatchObject({ asOf: NOW.toISOString(), from: new Date(NOW.getTime() - 30 * DAY).toISOString(), days: 30, months: 6, storeId: null });
    // This period: Ayşe 100, Burak 80, Cem 50 and erased Fatma 60 lira of member receipts; 200 − 50 lira anonymous.
    expect(d.kpis).toEqual({
      totalMembers: 5, // Fatma is erased
      activeMembers: 3, // Ayşe, Burak, Cem; Emre's last receipt is 3 months old
      newMembers: 1, // Cem
      ...flows(44_000, 29_000, 210 + x, 50, 70, nps(3, 2, 1, 33)),
      // Open lots: Ayşe 200 + 100 (pending), Burak 300 − 50 + x (pending), Cem 50 (pending); Fatma's are erased.
      liability: { points: 600 + x, availablePoints: 450, pendingPoints: 150 + x, kurusPerPoint: 5, valueKurus: (600 + x) * 5 },
    });
    expect(d.kpis.memberRevenueShare).toBeCloseTo(0.659, 3);

    const row = (k: number, total: number, joined: number, active: number, f: Flows) => ({
      month: monthKey(k),
      from: zonedMonthStart(base.year, base.month - k).toISOString(),
      to: (k === 0 ? NOW : zonedMonthStart(base.year, base.month - k + 1)).toISOString(),
      totalMembers: total,
      newMembers: joined,
      activeMembers: active,
      ...f,
    });
    expect(d.trend).toEqual([
      row(5, 3, 1, 1, flows(42_000, 40_000, 400, 0, 0)), // Derya's receipt, 20 lira anonymous at 23:59 on the last day; Ayşe joins
      row(4, 3, 0, 1, flows(1_000, 0, 0, 0, 0)), // 10 lira anonymous at 01:00 on the 1st; Derya still active
      row(3, 3, 0, 2, flows(7_000, 7_000, 70, 0, 0)), // Derya's third month, Emre buys
      row(2, 3, 0, 2, flows(20_000, 20_000, 200, 0, 400)), // Ayşe, Emre; Derya's 400 points expire
      row(1, 4, 1, 3, flows(40_000, 30_000, 300, 0, 0, nps(2, 1, 0, 50))), // Burak joins and buys; Ayşe, Emre
      row(0, 5, 1, 3, flows(44_000, 29_000, 210 + x, 50, 70, nps(3, 2, 1, 33))), // Cem joins; Ayşe, Burak, Cem
    ]);
  });

  it('scopes receipt and survey figures to a store, and keeps members, expiry and liability program-wide', async () => {
    const all = await marketingDashboard(server.database.prisma, { months: 6, days: 30 }, NOW);
    const d = await marketingDashboard(server.database.prisma, { months: 6, days: 30, storeId: s2.storeId }, NOW);
    expect(d.storeId).toBe(s2.storeId);
    expect(d.kpis).toEqual({
      ...all.kpis,
      activeMembers: 1, // Cem
      ...flows(5_000, 5_000, 50, 0, 70),
    });
    expect(d.trend.map((r) => [r.month, r.totalMembers, r.activeMembers, r.revenueKurus, r.memberRevenueKurus, r.pointsEarned, r.pointsExpired, r.nps.nps])).toEqual([
      [monthKey(5), 3, 0, 0, 0, 0, 0, null],
      [monthKey(4), 3, 0, 0, 0, 0, 0, null],
      [monthKey(3), 3, 1, 7_000, 7_000, 70, 0, null],
      [monthKey(2), 3, 1, 0, 0, 0, 400, null],
      [monthKey(1), 4, 1, 10_000, 0, 0, 0, 50],
      [monthKey(0), 5, 1, 5_000, 5_000, 50, 70, null],
    ]);
    expect(d.trend[4]!.memberRevenueShare).toBe(0);
  });

  it('serves the dashboard to marketers over HTTP, as of now', async () => {
    const d: TMarketingDashboard = await marketer.call('marketingDashboard', { query: {} });
    expect([d.months, d.days, d.storeId, d.trend.length]).toEqual([12, 30, null, 12]);
    expect(d.trend.at(-1)!.to).toBe(d.asOf);
    expect(d.trend.at(-1)!.month).toBe(`${thisMonth.year}-${String(thisMonth.month).padStart(2, '0')}`);
    // Complete months read the same as of NOW and as of now (NOW's own month ends at NOW there).
    const then = await marketingDashboard(server.database.prisma, { months: 6, days: 30 }, NOW);
    expect(d.trend.slice(-7, -2)).toEqual(then.trend.slice(0, 5));
    // By now every lot has left its 14-day pending period.
    expect(d.kpis.liability).toEqual({ points: 600 + x, availablePoints: 600 + x, pendingPoints: 0, kurusPerPoint: 5, valueKurus: (600 + x) * 5 });
    expect(d.kpis.totalMembers).toBe(5);
    const short = await marketer.call('marketingDashboard', { query: { months: 1, days: 1, storeId: s1.storeId } });
    expect([short.trend.length, short.storeId, short.from]).toEqual([1, s1.storeId, new Date(Date.parse(short.asOf) - DAY).toISOString()]);
  });

  it('refuses bad input with 400 VALIDATION_FAILED (422 for an unknown store) naming the field, and other roles with 403', async () => {
    const get = (qs: string, token = marketerToken) => server.raw(`/api/v1/analytics/dashboard${qs}`, { token });
    const fieldsOf = (r: { body: { error: { code: string; fields?: { path: string }[] } } }) => [r.body.error.code, r.body.error.fields?.map((f) => f.path)];
    for (const [qs, path] of [
      ['?months=0', 'query.months'],
      ['?months=abc', 'query.months'],
      ['?months=37', 'query.months'],
      ['?months=1.5', 'query.months'],
      ['?days=0', 'query.days'],
      ['?storeId=store-1', 'query.storeId'],
    ] as const) {
      const r = await get(qs);
      expect([qs, r.status, ...fieldsOf(r)]).toEqual([qs, 400, 'VALIDATION_FAILED', [path]]);
    }
    const unknown = await get(`?storeId=${randomUUID()}`);
    expect([unknown.status, ...fieldsOf(unknown)]).toEqual([422, 'UNKNOWN_REFERENCE', ['query.storeId']]);
    const extra = await get('?month=3');
    expect(extra.status).toBe(400);
    expect((await get('', agentToken)).status).toBe(403);
    expect((await get('', '')).status).toBe(401);
  });

  it('leaves the ledger consistent (the fixture is real points history)', async () => {
    await expectLedgerConsistent(server);
  });
});
