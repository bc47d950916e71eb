// Set-wise offer generation (generateCampaignOffers, the nightly job and POST /campaigns/offers/generate) against
// the per-member service it must agree with (issueCampaignOffers), on PGlite and PostgreSQL.
import { randomUUID } from 'node:crypto';

import { ZCampaignRequest } from '@kulup/contracts';
import type { KulupClient, TCampaign, TCampaignRequest } from '@kulup/contracts';
import { controlBucket, controlBucketSql, isInControlGroup } from '@kulup/domain';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { systemActor } from '../../packages/server/src/services/context';
import { createCampaign } from '../../packages/server/src/services/campaigns/create-campaign';
import { generateCampaignOffers } from '../../packages/server/src/services/campaigns/generate-campaign-offers';
import { issueCampaignOffers } from '../../packages/server/src/services/campaigns/issue-campaign-offers';
import { lockOfferRun } from '../../packages/server/src/services/campaigns/offer-campaigns';
import { transitionCampaign } from '../../packages/server/src/services/campaigns/transition-campaign';
import { JOBS } from '../../packages/server/src/services/jobs/job-definitions';
import { runJob } from '../../packages/server/src/services/jobs/run-job';
import { rejected } from '../points/receipts.fixtures';
import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { addConsent, addMember, addReceipt, daysAgo } from '../segments/support';
import { definition } from './campaigns.fixtures';

/** A small deterministic PRNG (mulberry32), so a failing seed reproduces its data set. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}

const CATEGORIES = ['Meyve-Sebze', 'Süt', 'Elektronik', 'Temizlik', 'Kırtasiye'];
const BRANDS = ['Pınar', 'Sütaş', 'Arçelik', null];
const key = (o: { memberId: string; campaignId: string | null }) => `${o.memberId}|${o.campaignId}`;

describe.each(testDatabases())('set-wise campaign offers on %s', (kind) => {
  let server: TestServer;
  let marketer: KulupClient;
  let agent: KulupClient;
  let till: { storeId: string; terminalId: string };
  const db = () => server.database.prisma;

  beforeAll(async () => {
    server = await startTestServer(kind);
    marketer = (await server.staff('MARKETER')).client;
    agent = (await server.staff('AGENT')).client;
    till = await server.terminal('POS');
    await db().tier.createMany({ data: [{ code: 'CLASSIC', name: 'Classic', rank: 0 }], skipDuplicates: true });
  });
  afterAll(() => server?.close());
  // Every test starts from no running campaign: end what the last one activated.
  afterEach(async () => {
    await db().campaign.updateMany({ where: { status: { in: ['ACTIVE', 'SCHEDULED', 'PAUSED'] } }, data: { status: 'ENDED' } });
  });

  // Through the services with the contract's validation, not HTTP: PGlite work between calls can outlast the
  // server's keep-alive, and fetch then reuses a socket the server just closed.
  const active = async (def: TCampaignRequest): Promise<TCampaign> => {
    const created = await createCampaign(db(), systemActor, ZCampaignRequest.parse(def));
    await transitionCampaign(db(), systemActor, created.id, 'SCHEDULED');
    return transitionCampaign(db(), systemActor, created.id, 'ACTIVE');
  };
  const offerCampaign = (name: string, type: TCampaignRequest['type'], params: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    active(definition(type, params, { name, offer: { titleTr: `${name} teklifi`, titleEn: `${name} offer` }, ...extra }));

  // PGlite work blocks the server's event loop, so a keep-alive socket may be closed just as fetch reuses it
  // ("fetch failed": the request never reached a handler); such a call is sent again.
  const call = <T,>(send: () => Promise<T>): Promise<T> => send().catch((e: unknown) => (e instanceof TypeError ? send() : Promise.reject(e)));

  const openOffers = async (memberIds?: string[]) =>
    db().personalOffer.findMany({
      where: { status: { in: ['ISSUED', 'SEEN', 'ACTIVATED'] }, campaignId: { not: null }, ...(memberIds ? { memberId: { in: memberIds } } : {}) },
      select: { id: true, memberId: true, campaignId: true },
    });

  it('computes the control bucket in SQL exactly as the domain does, for many ids', async () => {
    const pairs = fc.sample(fc.tuple(fc.uuid(), fc.uuid()), 400).concat(
      fc.sample(fc.tuple(fc.string({ minLength: 0, maxLength: 40 }), fc.string({ minLength: 0, maxLength: 40 })), 100),
      [['', ''], ['kampanya', 'üye:ğüşiöç']],
    );
    const rows = await db().$queryRawUnsafe<{ i: number; bucket: bigint | number }[]>(
      `SELECT t.i, ${controlBucketSql('t.c', 't.m')} AS bucket FROM jsonb_to_recordset($1::jsonb) AS t(i int, c text, m text) ORDER BY t.i`,
      JSON.stringify(pairs.map(([c, m], i) => ({ i, c, m }))),
    );
    expect(rows).toHaveLength(pairs.length);
    for (const row of rows) {
      const [c, m] = pairs[row.i]!;
      expect(Number(row.bucket), `${c}:${m}`).toBe(controlBucket(c, m));
    }
  });

  it('issues exactly what the per-member service issues, on generated data sets', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        const rnd = prng(seed);
        const now = new Date();
        // Members with history inside and outside the 180-day window, reward and zero lines, voided receipts.
        const members: string[] = [];
        for (let i = 0; i < 36; i++) {
          const id = await addMember(server, { firstName: `Üye${i}` });
          members.push(id);
          for (let r = rnd.int(0, 4); r > 0; r--) {
            const lines = Array.from({ length: rnd.int(1, 4) }, () => {
              const category = rnd.pick(CATEGORIES);
              return { category, brand: rnd.pick(BRANDS), sku: `${category}-${rnd.int(1, 3)}`, net: rnd.chance(0.1) ? 0 : rnd.int(100, 90_000), reward: rnd.chance(0.05) };
            });
            await addReceipt(server, { memberId: id, ...till, at: daysAgo(rnd.int(0, 220), now.getTime() - 60_000), lines, voided: rnd.chance(0.08) });
          }
          const consent = rnd.int(0, 4);
          if (consent === 1 || consent === 4) await addConsent(server, id, 'PROFILING', 'GRANTED', daysAgo(10));
          if (consent === 2) await addConsent(server, id, 'PROFILING', 'REFUSED', daysAgo(10));
          if (consent === 3) {
            await addConsent(server, id, 'PROFILING', 'GRANTED', daysAgo(20));
            await addConsent(server, id, 'PROFILING', rnd.pick(['GRANTED', 'REFUSED'] as const), daysAgo(5));
          }
        }
        const erased = await addMember(server, { firstName: 'Silinen', erased: true });
        // Two audiences, materialised as a refresh would leave them.
        const segments: string[] = [];
        for (const name of ['A', 'B']) {
          const segment = await db().segment.create({ data: { name: `Kitle ${name} ${seed}`, rules: { kind: 'tier', tiers: ['CLASSIC'] } } });
          const picked = members.filter(() => rnd.chance(0.5)).concat(rnd.chance(0.5) ? [erased] : []);
          await db().segmentMember.createMany({ data: picked.map((memberId) => ({ segmentId: segment.id, memberId })) });
          segments.push(segment.id);
        }
        // More offer campaigns than slots, several of equal priority: the ranking decides who gets what.
        const common = () => ({
          priority: rnd.pick([-20, 0, 50, 50, 50, 80, 150]),
          controlPct: rnd.pick([0, 0, 0, 12.5, 30]),
          segmentId: rnd.chance(0.3) ? rnd.pick(segments) : null,
          channels: rnd.pick([['KIOSK'], ['POS'], ['POS', 'KIOSK', 'SMS']]),
        });
        const campaigns = [
          await offerCampaign('Bonus', 'BONUS_POINTS', { points: 10, per: 'receipt', match: { categories: [rnd.pick(CATEGORIES), rnd.pick(CATEGORIES)] } }, common()),
          await offerCampaign('Kupon', 'DISCOUNT_COUPON', { percent: 10, match: { brands: ['Pınar', 'Sütaş'] } }, common()),
          await offerCampaign('Çarpan', 'POINTS_MULTIPLIER', { multiplier: 2 }, common()),
          await offerCampaign('Çapraz', 'CROSS_SELL', { trigger: { categories: ['Elektronik'] }, target: { skus: ['Kırtasiye-1', 'Kırtasiye-2'] }, points: 20 }, common()),
          await offerCampaign('Geri dön', 'WIN_BACK', { minDaysSinceLastVisit: 30, points: 50 }, common()),
          await offerCampaign('Sepet', 'BASKET_THRESHOLD', { minBasketKurus: 20_000, points: 20 }, { ...common(), maxAwardsPerMember: 1 }),
          await offerCampaign('Hediye', 'FREE_GIFT', { giftSku: 'BEZ', giftName: 'Bez çanta', giftValueKurus: 1500, match: { categories: ['Süt'], brands: ['Pınar'] } }, common()),
          await offerCampaign('Süt', 'BONUS_POINTS', { points: 5, per: 'unit', match: { categories: ['Süt'] } }, common()),
          await offerCampaign('Elektronik', 'DISCOUNT_COUPON', { amountKurus: 5000, match: { categories: ['Elektronik'], skus: ['Elektronik-1'] } }, common()),
          await offerCampaign('Temizlik', 'POINTS_MULTIPLIER', { multiplier: 3, match: { categories: ['Temizlik', 'Kırtasiye', 'Temizlik'] } }, common()),
        ];
        // Not offer campaigns: no offer texts, or only a message channel.
        await active(definition('BASKET_THRESHOLD', { minBasketKurus: 1000, points: 5 }, { name: 'Metinsiz' }));
        await active(definition('BASKET_THRESHOLD', { minBasketKurus: 1000, points: 5 }, { name: 'SMS', channels: ['SMS'], offer: { titleTr: 'SMS' } }));
        // Awards already used up (maxAwardsPerMember), offers already held, redeemed or expired.
        const threshold = campaigns[5]!;
        for (const memberId of members.filter(() => rnd.chance(0.3))) {
          await db().campaignAward.create({ data: { campaignId: threshold.id, receiptId: randomUUID(), memberId, explanation: 'test' } });
        }
        for (const memberId of members) {
          for (const c of campaigns.filter(() => rnd.chance(0.1))) {
            const status = rnd.pick(['ISSUED', 'SEEN', 'ACTIVATED', 'REDEEMED', 'EXPIRED'] as const);
            await db().personalOffer.create({ data: { memberId, campaignId: c.id, titleTr: 'Eski', status, validFrom: daysAgo(3), validTo: new Date(c.endsAt) } });
          }
        }

        const before = new Set((await db().personalOffer.findMany({ select: { id: true } })).map((o) => o.id));
        const fresh = async () =>
          (await db().personalOffer.findMany({ orderBy: { id: 'asc' } }))
            .filter((o) => !before.has(o.id))
            .map((o) => ({ memberId: o.memberId, campaignId: o.campaignId, titleTr: o.titleTr, titleEn: o.titleEn, descriptionTr: o.descriptionTr, status: o.status, validFrom: o.validFrom.toISOString(), validTo: o.validTo.toISOString() }))
            .sort((a, b) => key(a).localeCompare(key(b)));

        let perMemberIssued = 0;
        for (const memberId of members) perMemberIssued += (await issueCampaignOffers(db(), systemActor, memberId, now)).issued.length;
        await expect(issueCampaignOffers(db(), systemActor, erased, now)).rejects.toThrow(/erased/);
        const expected = await fresh();
        await db().personalOffer.deleteMany({ where: { id: { notIn: [...before] } } });

        const result = await generateCampaignOffers(db(), systemActor, { now });
        const actual = await fresh();
        expect(actual).toEqual(expected);
        expect(result.issued).toBe(perMemberIssued);
        // The data set is one where ranking matters: members ranked by history, and members left with no free slot.
        expect(result.personalisedMembers).toBeGreaterThan(5);
        const open = await openOffers(members);
        const ids = new Set(campaigns.map((c) => c.id));
        const full = members.filter((m) => open.filter((o) => o.memberId === m && ids.has(o.campaignId!)).length === 5);
        expect(full.length).toBeGreaterThan(5);
        expect(actual.some((o) => o.memberId === erased)).toBe(false);
        const perCampaign = Object.fromEntries(result.campaigns.map((c) => [c.campaignId, c.issued]));
        for (const c of campaigns) expect(perCampaign[c.id] ?? 0).toBe(actual.filter((o) => o.campaignId === c.id).length);

        // Re-running issues nothing new.
        const again = await generateCampaignOffers(db(), systemActor, { now });
        expect(again.issued).toBe(0);
        expect(await fresh()).toEqual(actual);
        // The next data set starts clean: no running campaign, and these members out of every audience.
        await db().campaign.updateMany({ where: { status: 'ACTIVE' }, data: { status: 'ENDED' } });
        await db().member.updateMany({ where: { id: { in: members } }, data: { erasedAt: new Date() } });
      }),
      { numRuns: 3, endOnFailure: true },
    );
  }, 240_000);

  it('never offers a campaign to its control group', async () => {
    const members = await Promise.all(Array.from({ length: 40 }, (_, i) => addMember(server, { firstName: `Kontrol${i}` })));
    const campaign = await offerCampaign('Kontrollü', 'BASKET_THRESHOLD', { minBasketKurus: 5000, points: 10 }, { controlPct: 50 });
    const result = await generateCampaignOffers(db(), systemActor);
    const offered = new Set((await openOffers(members)).filter((o) => o.campaignId === campaign.id).map((o) => o.memberId));
    const control = members.filter((m) => isInControlGroup(campaign.id, m, 50));
    expect(control.length).toBeGreaterThan(0);
    expect(control.filter((m) => offered.has(m))).toEqual([]);
    expect(offered.size).toBe(members.length - control.length);
    expect(result.campaigns.find((c) => c.campaignId === campaign.id)?.issued).toBeGreaterThanOrEqual(offered.size);
  });

  it('ranks by priority without profiling consent and by purchase history with it, at most five open offers each', async () => {
    const categories = ['K1', 'K2', 'K3', 'K4', 'K5', 'K6'];
    const campaigns: TCampaign[] = [];
    for (const [i, category] of categories.entries()) {
      campaigns.push(await offerCampaign(`Kategori ${category}`, 'BONUS_POINTS', { points: 10, per: 'receipt', match: { categories: [category] } }, { priority: 60 - 10 * i }));
    }
    const buyer = async (name: string) => {
      const id = await addMember(server, { firstName: name });
      await addReceipt(server, { memberId: id, ...till, at: daysAgo(3), lines: [{ category: 'K6', net: 50_000 }] });
      return id;
    };
    const noConsent = await buyer('Onaysız');
    const consented = await buyer('Onaylı');
    await addConsent(server, consented, 'PROFILING', 'GRANTED', daysAgo(30));
    const withdrawn = await buyer('Vazgeçen');
    await addConsent(server, withdrawn, 'PROFILING', 'GRANTED', daysAgo(30));
    await addConsent(server, withdrawn, 'PROFILING', 'REFUSED', daysAgo(1));

    const result = await generateCampaignOffers(db(), systemActor);
    expect(result.personalisedMembers).toBeGreaterThanOrEqual(1);
    const held = async (memberId: string) =>
      (await openOffers([memberId])).map((o) => campaigns.findIndex((c) => c.id === o.campaignId)).sort((a, b) => a - b);
    // Priority order: the five highest priorities; the category they buy (lowest priority) is left out.
    expect(await held(noConsent)).toEqual([0, 1, 2, 3, 4]);
    expect(await held(withdrawn)).toEqual([0, 1, 2, 3, 4]);
    // Propensity: all their spend is on K6, which now ranks first; the lowest-priority other campaign makes room.
    expect(await held(consented)).toEqual([0, 1, 2, 3, 5]);

    // Five open offers is the most: two more campaigns issue nothing to these members…
    const more = [
      await offerCampaign('Ek 1', 'BASKET_THRESHOLD', { minBasketKurus: 1000, points: 5 }, { priority: 100 }),
      await offerCampaign('Ek 2', 'BASKET_THRESHOLD', { minBasketKurus: 1000, points: 5 }, { priority: 100 }),
    ];
    await generateCampaignOffers(db(), systemActor);
    expect((await openOffers([noConsent])).length).toBe(5);
    // …until one is redeemed: then exactly one slot opens, for the best remaining campaign.
    const first = (await openOffers([noConsent])).find((o) => o.campaignId === campaigns[0]!.id)!;
    await db().personalOffer.update({ where: { id: first.id }, data: { status: 'REDEEMED', redeemedAt: new Date() } });
    const again = await generateCampaignOffers(db(), systemActor);
    const open = await openOffers([noConsent]);
    expect(open.length).toBe(5);
    expect(open.filter((o) => more.some((c) => c.id === o.campaignId))).toHaveLength(1);
    expect(again.issued).toBeGreaterThanOrEqual(1);
  });

  it('is idempotent under concurrent runs and alongside per-member issuing', async () => {
    const members = await Promise.all(Array.from({ length: 30 }, (_, i) => addMember(server, { firstName: `Eşzamanlı${i}` })));
    const campaigns: TCampaign[] = [];
    for (let i = 0; i < 7; i++) campaigns.push(await offerCampaign(`Eşzamanlı ${i}`, 'BASKET_THRESHOLD', { minBasketKurus: 1000, points: 5 }, { priority: i, controlPct: 10 }));
    const settled = await Promise.allSettled([
      generateCampaignOffers(db(), systemActor),
      generateCampaignOffers(db(), systemActor),
      ...members.slice(0, 10).map((m) => issueCampaignOffers(db(), systemActor, m)),
      generateCampaignOffers(db(), systemActor),
    ]);
    // A run that finds another one going is refused (409 CONFLICT); everything else succeeds.
    for (const s of settled) if (s.status === 'rejected') expect(s.reason).toMatchObject({ code: 'CONFLICT' });
    const runs = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    expect(runs.some((r) => 'personalisedMembers' in r)).toBe(true);
    const offers = await openOffers(members);
    const keys = offers.map(key);
    expect(new Set(keys).size).toBe(keys.length);
    const perMember = new Map<string, number>();
    for (const o of offers) perMember.set(o.memberId, (perMember.get(o.memberId) ?? 0) + 1);
    for (const m of members) {
      const eligible = campaigns.filter((c) => !isInControlGroup(c.id, m, 10)).length;
      expect(perMember.get(m) ?? 0, m).toBe(Math.min(5, eligible));
    }
    const issuedByRuns = runs.reduce((s, r) => s + ('personalisedMembers' in r ? r.issued : r.issued.length), 0);
    const ids = new Set(campaigns.map((c) => c.id));
    expect(issuedByRuns).toBe((await openOffers()).filter((o) => ids.has(o.campaignId!)).length);
    const rerun = await generateCampaignOffers(db(), systemActor);
    expect(rerun.issued).toBe(0);
  });

  it('keeps one open offer per member and campaign in the database itself', async () => {
    const memberId = await addMember(server, { firstName: 'Tekil' });
    const campaign = await offerCampaign('Tekil', 'BASKET_THRESHOLD', { minBasketKurus: 1000, points: 5 });
    const offer = { memberId, campaignId: campaign.id, titleTr: 'Tekil', validFrom: new Date(), validTo: new Date(campaign.endsAt) };
    await db().personalOffer.create({ data: offer });
    await expect(db().personalOffer.create({ data: { ...offer, status: 'ACTIVATED' } })).rejects.toThrow();
    await db().personalOffer.updateMany({ where: { memberId }, data: { status: 'REDEEMED' } });
    await db().personalOffer.create({ data: offer }); // a redeemed offer is not open: a new one may be issued
    expect(await db().personalOffer.count({ where: { memberId } })).toBe(2);
    // Staff issuing a second open offer of the campaign by hand get a clear conflict, and nothing is written.
    const error = await rejected(
      call(() => agent.call('issueOffer', { params: { memberId }, body: { titleTr: 'Elle', validTo: campaign.endsAt, campaignId: campaign.id } })),
    );
    expect(error).toMatchObject({ status: 409, code: 'CONFLICT' });
    expect(error.fields?.[0]?.path).toBe('campaignId');
    expect(await db().personalOffer.count({ where: { memberId } })).toBe(2);
  });

  if (kind === 'postgres') {
    it('never makes a kiosk wait for a run, and refuses a second run while one is on', async () => {
      const memberId = await addMember(server, { firstName: 'Bekleyen' });
      await offerCampaign('Kilit', 'BASKET_THRESHOLD', { minBasketKurus: 1000, points: 5 });
      let release = () => {};
      let locked = () => {};
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      // A run in progress: its transaction holds the run's locks until released.
      const holder = db().$transaction(
        async (tx) => {
          expect(await lockOfferRun(tx)).toBe(true);
          locked();
          await new Promise<void>((resolve) => (release = resolve));
        },
        { timeout: 30_000 },
      );
      await isLocked;
      try {
        // Skipped, not queued: were it waiting for the lock, it could only go on after the holder's timeout
        // aborted the run, and would then issue the offer.
        expect(await issueCampaignOffers(db(), systemActor, memberId)).toMatchObject({ issued: [] });
        await expect(generateCampaignOffers(db(), systemActor)).rejects.toMatchObject({ code: 'CONFLICT' });
        const error = await rejected(call(() => marketer.call('generateCampaignOffers', {})));
        expect(error).toMatchObject({ status: 409, code: 'CONFLICT' });
      } finally {
        release();
        await holder;
      }
      // Once the run is over, the member's offer is issued as usual.
      expect((await issueCampaignOffers(db(), systemActor, memberId)).issued).toHaveLength(1);
    });
  }

  it('runs as the nightly job and on demand for marketers only', async () => {
    const memberId = await addMember(server, { firstName: 'İş' });
    const campaign = await offerCampaign('Gece', 'BASKET_THRESHOLD', { minBasketKurus: 1000, points: 5 });
    const job = JOBS.find((j) => j.name === 'generate-campaign-offers');
    expect(job?.schedule).toMatchObject({ kind: 'daily' });
    // Nightly, after the segments it reads are refreshed.
    expect(JOBS.findIndex((j) => j.name === 'generate-campaign-offers')).toBeGreaterThan(JOBS.findIndex((j) => j.name === 'refresh-segments'));
    const outcome = await runJob(db(), server.database.kind, job!, { force: true });
    expect(outcome.status).toBe('ran');
    expect((await openOffers([memberId])).map((o) => o.campaignId)).toEqual([campaign.id]);

    const second = await offerCampaign('Talep', 'BASKET_THRESHOLD', { minBasketKurus: 1000, points: 5 });
    expect((await rejected(call(() => agent.call('generateCampaignOffers', {})))).status).toBe(403);
    const generated = await call(() => marketer.call('generateCampaignOffers', {}));
    expect(generated.campaigns.find((c) => c.campaignId === second.id)?.issued).toBeGreaterThanOrEqual(1);
    expect(generated.campaigns.find((c) => c.campaignId === campaign.id)?.issued).toBe(0);
    expect((await openOffers([memberId])).map((o) => o.campaignId).sort()).toEqual([campaign.id, second.id].sort());
    const audit = await db().auditLog.findFirst({ where: { action: 'campaign.offers.generate' }, orderBy: { id: 'desc' } });
    expect(audit?.actorType).toBe('STAFF');
  });
});
