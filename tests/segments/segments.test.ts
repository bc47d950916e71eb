import { ApiError } from '@kulup/contracts';
import type { KulupClient, TSegmentRule } from '@kulup/contracts';
import { ageInYears, istanbulDate } from '@kulup/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { JOBS } from '../../packages/server/src/services/jobs/job-definitions';
import { runJob } from '../../packages/server/src/services/jobs/run-job';
import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { addConsent, addMember, addReceipt, addScoreAnswer, daysAgo, seedTiers } from './support';

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe.each(testDatabases())('segments on %s', (kind) => {
  let server: TestServer;
  let marketer: KulupClient;
  let agent: KulupClient;
  let store1: string;
  let store2: string;
  const ids: Record<string, string> = {};
  const month = istanbulDate(new Date()).month;
  const pad = (n: number) => String(n).padStart(2, '0');

  beforeAll(async () => {
    server = await startTestServer(kind);
    marketer = (await server.staff('MARKETER')).client;
    agent = (await server.staff('AGENT')).client;
    await seedTiers(server);
    const t1 = await server.terminal('POS');
    const t2 = await server.terminal('POS');
    store1 = t1.storeId;
    store2 = t2.storeId;

    ids.ayla = await addMember(server, { firstName: 'Ayla', tierCode: 'GOLD', city: 'İzmir', birthDate: `1990-${pad(month)}-01` });
    ids.berk = await addMember(server, { firstName: 'Berk', city: 'Ankara', birthDate: '1960-01-10' });
    ids.cem = await addMember(server, { firstName: 'Cem' });
    ids.deniz = await addMember(server, { firstName: 'Deniz', tierCode: 'GOLD', city: 'Ankara', birthDate: '2000-06-01' });
    ids.erased = await addMember(server, { firstName: 'Silinmiş', tierCode: 'GOLD', city: 'İzmir', erased: true });

    for (const d of [2, 10, 20]) {
      await addReceipt(server, { memberId: ids.ayla, ...t1, at: daysAgo(d), lines: [{ category: 'dairy', brand: 'Sütaş', net: 7_000 }, { category: 'bakery', net: 3_000 }] });
    }
    await addReceipt(server, { memberId: ids.berk, ...t2, at: daysAgo(100), lines: [{ category: 'electronics', brand: 'Arçelik', net: 150_000 }], refundKurus: 50_000 });
    await addReceipt(server, {
      memberId: ids.deniz, ...t2, at: daysAgo(10),
      lines: [{ category: 'toys', brand: 'LEGO', net: 6_000 }, { category: 'electronics', net: -1_000, reward: true }],
    });
    await addReceipt(server, { memberId: ids.deniz, ...t1, at: daysAgo(5), voided: true, lines: [{ category: 'electronics', brand: 'Arçelik', net: 999_999 }] });
    await addReceipt(server, { memberId: ids.erased, ...t1, at: daysAgo(1), lines: [{ category: 'dairy', net: 50_000 }] });

    await addConsent(server, ids.ayla, 'SMS', 'GRANTED');
    await addConsent(server, ids.berk, 'EMAIL', 'GRANTED', daysAgo(30));
    await addConsent(server, ids.berk, 'EMAIL', 'REFUSED', daysAgo(5));
    await addConsent(server, ids.deniz, 'SMS', 'REFUSED');
    await addConsent(server, ids.erased, 'SMS', 'GRANTED');
    await addScoreAnswer(server, ids.ayla, 'NPS', 10, daysAgo(3));
    await addScoreAnswer(server, ids.deniz, 'CSAT', 2, daysAgo(3));

    await marketer.call('refreshAnalytics', {});
  });
  afterAll(() => server?.close());

  const names = (members: { id: string }[]) =>
    members.map((m) => Object.entries(ids).find(([, id]) => id === m.id)?.[0] ?? m.id).sort();
  const select = async (rules: TSegmentRule) => {
    const preview = await marketer.call('previewSegment', { body: { rules, sampleSize: 20 } });
    expect(preview.sample).toHaveLength(preview.memberCount);
    return names(preview.sample);
  };

  it('selects by tier, lifecycle stage and city', async () => {
    expect(await select({ kind: 'tier', in: ['GOLD'] })).toEqual(['ayla', 'deniz']);
    expect(await select({ kind: 'lifecycleStage', in: ['LAPSED'] })).toEqual(['berk']);
    expect(await select({ kind: 'lifecycleStage', in: ['PROSPECT'] })).toEqual(['cem']);
    expect(await select({ kind: 'lifecycleStage', in: ['NEW'] })).toEqual(['ayla', 'deniz']);
    expect(await select({ kind: 'city', in: ['Ankara'] })).toEqual(['berk', 'deniz']);
  });

  it('selects by RFM scores and groups from the snapshot', async () => {
    expect(await select({ kind: 'rfmScore', score: 'recency', min: 4 })).toEqual(['ayla']);
    expect(await select({ kind: 'rfmScore', score: 'monetary', min: 4 })).toEqual(['berk']);
    expect(await select({ kind: 'rfmScore', score: 'frequency', max: 1 })).toEqual(['berk', 'deniz']);
    expect(await select({ kind: 'rfmGroup', in: ['AT_RISK'] })).toEqual(['berk']);
    expect(await select({ kind: 'rfmGroup', in: ['POTENTIAL_LOYALIST', 'HIBERNATING'] })).toEqual(['ayla', 'deniz']);
  });

  it('selects by spend (net of refunds, voids excluded) and visits in a window', async () => {
    expect(await select({ kind: 'spend', windowDays: 30, min: 30_000 })).toEqual(['ayla']);
    expect(await select({ kind: 'spend', windowDays: 120, min: 100_000 })).toEqual(['berk']);
    expect(await select({ kind: 'spend', windowDays: 120, min: 100_001 })).toEqual([]);
    expect(await select({ kind: 'visits', windowDays: 30, min: 2 })).toEqual(['ayla']);
    expect(await select({ kind: 'visits', windowDays: 365, max: 0 })).toEqual(['cem']);
  });

  it('selects by days since the last visit', async () => {
    expect(await select({ kind: 'daysSinceLastVisit', min: 50 })).toEqual(['berk']);
    expect(await select({ kind: 'daysSinceLastVisit', max: 12 })).toEqual(['ayla', 'deniz']);
  });

  it('selects by categories, brands and stores bought (reward lines and voided receipts do not count)', async () => {
    expect(await select({ kind: 'category', in: ['electronics'], windowDays: 365 })).toEqual(['berk']);
    expect(await select({ kind: 'category', in: ['dairy', 'toys'], windowDays: 30 })).toEqual(['ayla', 'deniz']);
    expect(await select({ kind: 'brand', in: ['Arçelik'], windowDays: 365 })).toEqual(['berk']);
    expect(await select({ kind: 'brand', in: ['Sütaş'], windowDays: 7 })).toEqual(['ayla']);
    expect(await select({ kind: 'store', in: [store1], windowDays: 30 })).toEqual(['ayla']);
    expect(await select({ kind: 'store', in: [store2], windowDays: 365 })).toEqual(['berk', 'deniz']);
  });

  it('selects by age band and birthday month', async () => {
    const berkAge = ageInYears('1960-01-10', new Date());
    expect(await select({ kind: 'ageBand', min: berkAge, max: berkAge })).toEqual(['berk']);
    expect(await select({ kind: 'ageBand', max: 30 })).toEqual(['deniz']);
    expect(await select({ kind: 'birthdayMonth', months: ['current'] })).toEqual(month === 1 ? ['ayla', 'berk'] : month === 6 ? ['ayla', 'deniz'] : ['ayla']);
    expect(await select({ kind: 'birthdayMonth', months: [6] })).toEqual(month === 6 ? ['ayla', 'deniz'] : ['deniz']);
  });

  it('selects by the consent in force per channel', async () => {
    expect(await select({ kind: 'consent', channel: 'SMS', granted: true })).toEqual(['ayla']);
    expect(await select({ kind: 'consent', channel: 'SMS', granted: false })).toEqual(['berk', 'cem', 'deniz']);
    expect(await select({ kind: 'consent', channel: 'EMAIL', granted: true })).toEqual([]);
  });

  it('selects by satisfaction group, loyalty quadrant, churn level and CLV', async () => {
    expect(await select({ kind: 'satisfaction', in: ['SATISFIED'] })).toEqual(['ayla']);
    expect(await select({ kind: 'satisfaction', in: ['DISSATISFIED'] })).toEqual(['deniz']);
    expect(await select({ kind: 'satisfaction', in: ['UNKNOWN'] })).toEqual(['berk', 'cem']);
    expect(await select({ kind: 'loyaltyQuadrant', in: ['APOSTLE'] })).toEqual(['ayla']);
    expect(await select({ kind: 'loyaltyQuadrant', in: ['DEFECTOR'] })).toEqual(['deniz']);
    expect(await select({ kind: 'churnLevel', in: ['HIGH'] })).toEqual(['berk']);
    expect(await select({ kind: 'churnLevel', in: ['LOW'] })).toEqual(['ayla', 'deniz']);
    expect(await select({ kind: 'clv', min: 100_000 })).toEqual(['ayla']);
  });

  it('combines criteria with and / or / not', async () => {
    expect(await select({ kind: 'and', rules: [{ kind: 'tier', in: ['GOLD'] }, { kind: 'city', in: ['Ankara'] }] })).toEqual(['deniz']);
    expect(await select({ kind: 'or', rules: [{ kind: 'city', in: ['İzmir'] }, { kind: 'category', in: ['electronics'], windowDays: 365 }] })).toEqual(['ayla', 'berk']);
    expect(await select({ kind: 'not', rule: { kind: 'tier', in: ['GOLD'] } })).toEqual(['berk', 'cem']);
    // A member who never visited is not "seen within 30 days", so "not" selects them.
    expect(await select({ kind: 'not', rule: { kind: 'daysSinceLastVisit', max: 30 } })).toEqual(['berk', 'cem']);
    expect(
      await select({
        kind: 'and',
        rules: [{ kind: 'or', rules: [{ kind: 'tier', in: ['GOLD'] }, { kind: 'city', in: ['Ankara'] }] }, { kind: 'not', rule: { kind: 'consent', channel: 'SMS', granted: true } }],
      }),
    ).toEqual(['berk', 'deniz']);
  });

  it('materialises membership idempotently, records size history and keeps addedAt of members who stay', async () => {
    const segment = await marketer.call('createSegment', { body: { name: 'Gold', rules: { kind: 'tier', in: ['GOLD'] } } });
    expect(segment.memberCount).toBeNull();
    const first = await marketer.call('refreshSegment', { params: { segmentId: segment.id } });
    expect([first.segment.memberCount, first.added, first.removed]).toEqual([2, 2, 0]);
    const page1 = await marketer.call('segmentMembers', { params: { segmentId: segment.id }, query: { limit: 1 } });
    expect(page1.items).toHaveLength(1);
    const page2 = await marketer.call('segmentMembers', { params: { segmentId: segment.id }, query: { limit: 1, cursor: page1.nextCursor! } });
    expect(page2.nextCursor).toBeNull();
    expect(names([...page1.items, ...page2.items])).toEqual(['ayla', 'deniz']);
    const denizAdded = [...page1.items, ...page2.items].find((m) => m.id === ids.deniz)!.addedAt;

    const second = await marketer.call('refreshSegment', { params: { segmentId: segment.id } });
    expect([second.segment.memberCount, second.added, second.removed]).toEqual([2, 0, 0]);

    await marketer.call('updateSegment', { params: { segmentId: segment.id }, body: { rules: { kind: 'city', in: ['Ankara'] } } });
    const third = await marketer.call('refreshSegment', { params: { segmentId: segment.id } });
    expect([third.segment.memberCount, third.added, third.removed]).toEqual([2, 1, 1]);
    const members = await marketer.call('segmentMembers', { params: { segmentId: segment.id } });
    expect(names(members.items)).toEqual(['berk', 'deniz']);
    expect(members.items.find((m) => m.id === ids.deniz)!.addedAt).toBe(denizAdded);

    const sizes = await marketer.call('segmentSizes', { params: { segmentId: segment.id } });
    expect(sizes.items.map((s) => s.memberCount)).toEqual([2, 2, 2]);
    const audit = await server.database.prisma.auditLog.findMany({ where: { entityType: 'segment', entityId: segment.id }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['segment.create', 'segment.refresh', 'segment.refresh', 'segment.update', 'segment.refresh']);

    await marketer.call('archiveSegment', { params: { segmentId: segment.id } });
    expect((await failure(marketer.call('refreshSegment', { params: { segmentId: segment.id } }))).status).toBe(409);
    expect((await marketer.call('listSegments', { query: { status: 'ARCHIVED' } })).items.map((s) => s.id)).toContain(segment.id);
  });

  it('refreshes analytics, then every active segment, in the nightly jobs', async () => {
    const segment = await marketer.call('createSegment', { body: { name: 'SMS', rules: { kind: 'consent', channel: 'SMS', granted: true } } });
    const db = server.database.prisma;
    const analytics = await runJob(db, kind, JOBS.find((j) => j.name === 'refresh-analytics')!, { force: true });
    expect(analytics).toMatchObject({ status: 'ran', result: { members: 4, scoredMembers: 3, transitions: 0 } });
    const segments = await runJob(db, kind, JOBS.find((j) => j.name === 'refresh-segments')!, { force: true });
    expect(segments.status).toBe('ran');
    const after = await marketer.call('getSegment', { params: { segmentId: segment.id } });
    expect(after.memberCount).toBe(1);
    expect((await marketer.call('segmentSizes', { params: { segmentId: segment.id } })).items).toHaveLength(1);
  });

  it('refuses bad rule trees with field paths and stores nothing', async () => {
    const before = await server.database.prisma.segment.count();
    const semantic = await failure(
      marketer.call('createSegment', {
        body: { name: 'Bad', rules: { kind: 'and', rules: [{ kind: 'tier', in: ['GOLD'] }, { kind: 'spend', windowDays: 0, min: 500, max: 100 }] } },
      }),
    );
    expect([semantic.status, semantic.code, semantic.fields.map((f) => f.path)]).toEqual([
      422, 'SEGMENT_RULES_INVALID', ['rules.rules.1.windowDays', 'rules.rules.1.max'],
    ]);
    const unknown = await failure(
      marketer.call('createSegment', { body: { name: 'Bad', rules: { kind: 'or', rules: [{ kind: 'tier', in: ['GOLD', 'DIAMOND'] }] } } }),
    );
    expect([unknown.status, unknown.code, unknown.fields.map((f) => f.path)]).toEqual([422, 'UNKNOWN_REFERENCE', ['rules.rules.0.in.1']]);
    const preview = await failure(marketer.call('previewSegment', { body: { rules: { kind: 'not', rule: { kind: 'rfmScore', score: 'recency', min: 9 } } } }));
    expect([preview.status, preview.fields.map((f) => f.path)]).toEqual([422, ['rules.rule.min']]);
    const shape = await server.raw('/api/v1/segments', {
      method: 'POST',
      token: (await server.staff('MARKETER')).token,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bad', rules: { kind: 'and', rules: [{ kind: 'tier', in: 'GOLD' }] } }),
    });
    expect(shape.status).toBe(400);
    expect(shape.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['rules.rules.0.in']);
    expect(await server.database.prisma.segment.count()).toBe(before);

    const kept = await marketer.call('createSegment', { body: { name: 'Kept', rules: { kind: 'tier', in: ['GOLD'] } } });
    const patch = await failure(marketer.call('updateSegment', { params: { segmentId: kept.id }, body: { rules: { kind: 'birthdayMonth', months: [13] } } }));
    expect([patch.status, patch.fields.map((f) => f.path)]).toEqual([422, ['rules.months.0']]);
    expect((await marketer.call('getSegment', { params: { segmentId: kept.id } })).rules).toEqual({ kind: 'tier', in: ['GOLD'] });
  });

  it('refuses segments and analytics to non-marketers', async () => {
    const rules: TSegmentRule = { kind: 'tier', in: ['GOLD'] };
    expect((await failure(agent.call('listSegments', {}))).status).toBe(403);
    expect((await failure(agent.call('createSegment', { body: { name: 'x', rules } }))).status).toBe(403);
    expect((await failure(agent.call('previewSegment', { body: { rules } }))).status).toBe(403);
    expect((await failure(agent.call('rfmAnalytics', {}))).status).toBe(403);
    expect((await failure(agent.call('refreshAnalytics', {}))).status).toBe(403);
    expect((await failure(server.client().call('listSegments', {}))).status).toBe(401);
    // The 360° view is for every staff role.
    expect((await agent.call('memberValue', { params: { memberId: ids.ayla! } })).rfmGroup).toBe('POTENTIAL_LOYALIST');
  });

  it("exports a member's segments and analytics, and erasure removes them", async () => {
    const segment = await marketer.call('createSegment', { body: { name: 'Not gold', rules: { kind: 'not', rule: { kind: 'tier', in: ['GOLD'] } } } });
    await marketer.call('refreshSegment', { params: { segmentId: segment.id } });
    const exported = await agent.call('exportMember', { params: { memberId: ids.cem! } });
    expect(exported.segments.map((s) => s.name)).toContain('Not gold');
    expect(exported.metrics).toMatchObject({ memberId: ids.cem, satisfaction: 'UNKNOWN' });

    const admin = (await server.staff('ADMIN')).client;
    await admin.call('eraseMember', { params: { memberId: ids.cem! } });
    const after = await agent.call('exportMember', { params: { memberId: ids.cem! } });
    expect([after.segments, after.metrics]).toEqual([[], null]);
    expect((await failure(agent.call('memberValue', { params: { memberId: ids.cem! } }))).status).toBe(404);
    const refreshed = await marketer.call('refreshSegment', { params: { segmentId: segment.id } });
    expect(names((await marketer.call('segmentMembers', { params: { segmentId: segment.id } })).items)).toEqual(['berk']);
    expect(refreshed.segment.memberCount).toBe(1);
  });
});
