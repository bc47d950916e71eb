import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { failure, setupVoice } from './support';
import type { VoiceFixture } from './support';

const nps = (responses: number, promoters: number, passives: number, detractors: number, score: number | null) => ({ responses, promoters, passives, detractors, nps: score });

describe.each(testDatabases())('survey results over time, by store and by segment on %s', (kind) => {
  let server: TestServer;
  let fx: VoiceFixture;
  let surveyId: string;
  const segments = { gold: '', flowers: '', archived: '' };
  let stores: { a: string; b: string };

  beforeAll(async () => {
    server = await startTestServer(kind);
    fx = await setupVoice(server);
    const db = server.database.prisma;
    stores = { a: fx.kiosk.storeId, b: fx.pos.storeId };
    const survey = await fx.marketer.call('createSurvey', {
      body: {
        titleTr: 'Kırılımlar',
        titleEn: 'Breakdowns',
        targeting: 'MEMBER',
        questions: [
          { id: 'nps', type: 'NPS', textTr: 'Tavsiye?', textEn: 'Recommend?' },
          { id: 'csat', type: 'CSAT', textTr: 'Memnun musunuz?', textEn: 'Satisfied?', required: false },
        ],
      },
    });
    surveyId = survey.id;
    const member = (firstName: string, tierCode: string, lifecycleStage: 'NEW' | 'ACTIVE' | 'LAPSED') =>
      db.member.create({ data: { firstName, lastName: 'Test', tierCode, lifecycleStage } });
    const m1 = await member('Ali', 'GOLD', 'ACTIVE');
    const m2 = await member('Ayşe', 'CLASSIC', 'NEW');
    const m3 = await member('Can', 'GOLD', 'LAPSED');
    // Segment rows as the segment materialisation leaves them.
    const segment = (name: string, status: 'ACTIVE' | 'ARCHIVED', memberIds: string[]) =>
      db.segment.create({ data: { name, status, rules: {}, members: { create: memberIds.map((memberId) => ({ memberId })) } } });
    segments.gold = (await segment('Altın müşteriler', 'ACTIVE', [m1.id, m2.id])).id;
    segments.flowers = (await segment('Çiçek alanlar', 'ACTIVE', [m2.id])).id;
    segments.archived = (await segment('Eski kampanya', 'ARCHIVED', [m3.id])).id;
    const answer = (memberId: string | null, storeId: string, submittedAt: string, answers: Record<string, number>) =>
      db.surveyResponse.create({ data: { surveyId, memberId, storeId, submittedAt: new Date(submittedAt), answers } });
    // 1 November 01:30 in Istanbul (a Sunday): November and ISO week 44 there, although still October in UTC.
    await answer(null, stores.a, '2026-10-31T22:30:00Z', { nps: 10, csat: 5 });
    await answer(m1.id, stores.a, '2026-10-15T10:00:00Z', { nps: 9, csat: 4 });
    await answer(m2.id, stores.b, '2026-11-10T10:00:00Z', { nps: 3, csat: 2 });
    await answer(m3.id, stores.b, '2026-11-12T10:00:00Z', { nps: 7 });
  });
  afterAll(() => server?.close());

  it('reports NPS and CSAT by Istanbul week and month and by store, anonymous answers included', async () => {
    const results = await fx.marketer.call('surveyResults', { params: { surveyId } });
    const [score, csat] = results.questions;
    expect(score!.nps!.overall).toEqual(nps(4, 2, 1, 1, 25));
    expect(score!.nps!.byWeek.map((w) => [w.week, w.summary.responses])).toEqual([['2026-W42', 1], ['2026-W44', 1], ['2026-W46', 2]]);
    expect(score!.nps!.byMonth).toEqual([
      { month: '2026-10', summary: nps(1, 1, 0, 0, 100) },
      { month: '2026-11', summary: nps(3, 1, 1, 1, 0) },
    ]);
    expect(score!.nps!.byStore.map((s) => [s.storeId, s.summary.nps])).toEqual(
      expect.arrayContaining([[stores.a, 100], [stores.b, -50]]),
    );
    expect(csat!.csat!.byMonth.map((m) => [m.month, m.summary.csat])).toEqual([['2026-10', 100], ['2026-11', 50]]);
  });

  it('groups member answers by active segment, tier and lifecycle stage, leaving anonymous answers out', async () => {
    const results = await fx.agent.call('surveyResults', { params: { surveyId } });
    const [score, csat] = results.questions;
    expect(score!.nps!.bySegment).toEqual([
      { segmentId: segments.gold, segmentName: 'Altın müşteriler', summary: nps(2, 1, 0, 1, 0) },
      { segmentId: segments.flowers, segmentName: 'Çiçek alanlar', summary: nps(1, 0, 0, 1, -100) },
    ]);
    expect(score!.nps!.byTier).toEqual([
      { tierCode: 'CLASSIC', summary: nps(1, 0, 0, 1, -100) },
      { tierCode: 'GOLD', summary: nps(2, 1, 1, 0, 50) },
    ]);
    expect(score!.nps!.byLifecycleStage.map((s) => [s.stage, s.summary.nps])).toEqual([['NEW', -100], ['ACTIVE', 100], ['LAPSED', 0]]);
    expect(score!.nps!.byTier.reduce((n, t) => n + t.summary.responses, 0)).toBe(3);
    expect(csat!.csat!.byTier).toEqual([
      { tierCode: 'CLASSIC', summary: { responses: 1, satisfied: 0, csat: 0, average: 2 } },
      { tierCode: 'GOLD', summary: { responses: 1, satisfied: 1, csat: 100, average: 4 } },
    ]);
  });

  it('groups by the segments asked for, archived ones included, and refuses unknown ones', async () => {
    const results = await fx.marketer.call('surveyResults', {
      params: { surveyId },
      query: { segmentIds: `${segments.archived}, ${segments.flowers}`, from: '2026-11-01', to: '2026-11-30' },
    });
    expect(results.responses).toBe(3);
    expect(results.questions[0]!.nps!.bySegment.map((s) => [s.segmentName, s.summary.nps])).toEqual([['Çiçek alanlar', -100], ['Eski kampanya', 0]]);
    const unknown = await failure(fx.marketer.call('surveyResults', { params: { surveyId }, query: { segmentIds: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' } }));
    expect([unknown.status, unknown.code, unknown.fields.map((f) => f.path)]).toEqual([422, 'UNKNOWN_REFERENCE', ['query.segmentIds']]);
    const malformed = await failure(fx.marketer.call('surveyResults', { params: { surveyId }, query: { segmentIds: 'abc' } }));
    expect([malformed.status, malformed.code, malformed.fields[0]!.path]).toEqual([400, 'VALIDATION_FAILED', 'query.segmentIds.0']);
  });
});
