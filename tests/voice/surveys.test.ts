import type { TSurveyCreateRequest } from '@kulup/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { codeOf, failure, key, memberAtKiosk, setupVoice } from './support';
import type { VoiceFixture } from './support';

const DAY = 86_400_000;

const storeSurvey = (over: Partial<TSurveyCreateRequest> = {}): TSurveyCreateRequest => ({
  titleTr: 'Mağaza memnuniyeti',
  titleEn: 'Store satisfaction',
  targeting: 'MEMBER',
  periodDays: 30,
  questions: [
    { id: 'nps', type: 'NPS', textTr: 'Tavsiye eder misiniz?', textEn: 'Would you recommend us?' },
    {
      id: 'why', type: 'SINGLE', textTr: 'Neden?', textEn: 'Why?',
      options: [{ id: 'queue', textTr: 'Kuyruk', textEn: 'Queue' }, { id: 'price', textTr: 'Fiyat', textEn: 'Price' }],
      showIf: { questionId: 'nps', anyOf: [0, 1, 2, 3, 4, 5, 6] },
    },
    { id: 'csat', type: 'CSAT', textTr: 'Memnun musunuz?', textEn: 'Satisfied?', required: false },
    { id: 'comment', type: 'TEXT', textTr: 'Yorum', textEn: 'Comment', required: false },
  ],
  ...over,
});

describe.each(testDatabases())('surveys on %s', (kind) => {
  let server: TestServer;
  let fx: VoiceFixture;

  beforeAll(async () => {
    server = await startTestServer(kind);
    fx = await setupVoice(server);
  });
  afterAll(() => server?.close());

  const responses = () => server.database.prisma.surveyResponse.count();

  it('lets marketers and admins manage surveys, and refuses inconsistent questions with their paths', async () => {
    const draft = await fx.marketer.call('createSurvey', { body: storeSurvey() });
    expect([draft.status, draft.questions.map((q) => q.id)]).toEqual(['DRAFT', ['nps', 'why', 'csat', 'comment']]);
    expect(await codeOf(fx.agent.call('createSurvey', { body: storeSurvey() }))).toBe('FORBIDDEN');

    const bad = await failure(
      fx.marketer.call('createSurvey', {
        body: storeSurvey({
          questions: [
            { id: 'pick', type: 'SINGLE', textTr: 'Seç', textEn: 'Pick', options: [{ id: 'a', textTr: 'A', textEn: 'A' }] },
            { id: 'later', type: 'TEXT', textTr: 'x', textEn: 'x', showIf: { questionId: 'nope', anyOf: ['a'] } },
          ],
        }),
      }),
    );
    expect([bad.status, bad.code, bad.fields.map((f) => f.path)]).toEqual([400, 'VALIDATION_FAILED', ['questions.0.options', 'questions.1.showIf.questionId']]);
    const window = await failure(fx.marketer.call('createSurvey', { body: storeSurvey({ activeFrom: '2026-12-01T00:00:00Z', activeTo: '2026-11-01T00:00:00Z' }) }));
    expect(window.fields.map((f) => f.path)).toEqual(['activeTo']);

    const active = await fx.marketer.call('setSurveyStatus', { params: { surveyId: draft.id }, body: { status: 'ACTIVE' } });
    expect(active.status).toBe('ACTIVE');
    const locked = await failure(fx.marketer.call('updateSurvey', { params: { surveyId: draft.id }, body: { questions: storeSurvey().questions.slice(0, 1) } }));
    expect([locked.status, locked.code]).toEqual([409, 'CONFLICT']);
    expect((await fx.marketer.call('updateSurvey', { params: { surveyId: draft.id }, body: { titleEn: 'How was your visit?' } })).titleEn).toBe('How was your visit?');
    await fx.marketer.call('setSurveyStatus', { params: { surveyId: draft.id }, body: { status: 'CLOSED' } });
    const actions = await server.database.prisma.auditLog.findMany({ where: { entityType: 'survey', entityId: draft.id }, orderBy: { id: 'asc' } });
    expect(actions.map((a) => a.action)).toEqual(['survey.create', 'survey.status', 'survey.update', 'survey.status']);
  });

  it('offers anonymous surveys to a kiosk on its own and member surveys only in a member session', async () => {
    const anonymousTitles = async () => (await fx.kiosk.client.call('listDueSurveys', {})).items.map((s) => [s.titleEn, s.anonymous]);
    expect(await anonymousTitles()).toEqual([['Would you recommend us?', true]]);
    const ayse = await memberAtKiosk(server, fx, 'Ayşe');
    const due = await ayse.client.call('listDueSurveys', {});
    expect(due.items.map((s) => [s.titleEn, s.anonymous])).toEqual([
      ['Your shopping experience', false],
      ['Would you recommend us?', true],
    ]);
    // A survey for another store is not offered here.
    const elsewhere = await fx.marketer.call('createSurvey', { body: storeSurvey({ titleEn: 'Other store', targeting: 'ANONYMOUS', storeIds: [fx.pos.storeId] }) });
    await fx.marketer.call('setSurveyStatus', { params: { surveyId: elsewhere.id }, body: { status: 'ACTIVE' } });
    expect(await anonymousTitles()).toEqual([['Would you recommend us?', true]]);
    expect(await codeOf(fx.kiosk.client.call('submitSurveyResponse', { params: { surveyId: elsewhere.id }, body: { answers: { nps: 9 } }, idempotencyKey: key() }))).toBe('FORBIDDEN');
  });

  it('takes one response per member per period, answers checked with field paths, nothing written on error', async () => {
    const survey = await fx.marketer.call('createSurvey', { body: storeSurvey({ titleEn: 'Once a day', periodDays: 1 }) });
    await fx.marketer.call('setSurveyStatus', { params: { surveyId: survey.id }, body: { status: 'ACTIVE' } });
    const zeynep = await memberAtKiosk(server, fx, 'Zeynep');
    const submit = (answers: Record<string, unknown>, idempotencyKey = key(), client = zeynep.client) =>
      client.call('submitSurveyResponse', { params: { surveyId: survey.id }, body: { answers: answers as never }, idempotencyKey });

    const before = await responses();
    for (const [answers, path] of [
      [{ nps: 11 }, 'answers.nps'],
      [{ nps: 3 }, 'answers.why'],
      [{ nps: 9, why: 'queue' }, 'answers.why'],
      [{ nps: 9, csat: 0 }, 'answers.csat'],
      [{ nps: 9, comment: '' }, 'answers.comment'],
      [{ nps: 9, comment: 'x'.repeat(2001) }, 'answers.comment'],
      [{ nps: 9, colour: 'red' }, 'answers.colour'],
      [{}, 'answers.nps'],
    ] as const) {
      const error = await failure(submit(answers));
      expect([error.status, error.code, error.fields.map((f) => f.path)]).toEqual([400, 'VALIDATION_FAILED', [path]]);
    }
    expect(await responses()).toBe(before);

    const idempotencyKey = key();
    const first = await submit({ nps: 4, why: 'queue', comment: '  Kasada çok bekledim  ' }, idempotencyKey);
    expect(await submit({ nps: 4, why: 'queue', comment: '  Kasada çok bekledim  ' }, idempotencyKey)).toEqual(first);
    const second = await failure(submit({ nps: 10 }));
    expect([second.status, second.code]).toEqual([409, 'CONFLICT']);
    expect(second.message).toContain('already answered');
    expect(await responses()).toBe(before + 1);
    const stored = await server.database.prisma.surveyResponse.findUniqueOrThrow({ where: { id: first.responseId } });
    expect(stored).toMatchObject({ memberId: zeynep.memberId, storeId: fx.kiosk.storeId, answers: { nps: 4, why: 'queue', comment: 'Kasada çok bekledim' } });
    expect((await zeynep.client.call('listDueSurveys', {})).items.map((s) => s.id)).not.toContain(survey.id);

    // The next period (one day later) may be answered again.
    await server.database.prisma.survey.update({ where: { id: survey.id }, data: { createdAt: new Date(Date.now() - DAY - 60_000) } });
    expect((await zeynep.client.call('listDueSurveys', {})).items.map((s) => s.id)).toContain(survey.id);
    await submit({ nps: 10 });
    expect(await responses()).toBe(before + 2);

    // A kiosk without a member session cannot answer a member survey.
    const anon = await failure(submit({ nps: 10 }, key(), fx.kiosk.client));
    expect([anon.status, anon.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('keeps anonymous answers unlinked and allows many of them', async () => {
    const anonymous = (await fx.kiosk.client.call('listDueSurveys', {})).items[0]!;
    const ayse = await memberAtKiosk(server, fx, 'Ayşe');
    const a = await fx.kiosk.client.call('submitSurveyResponse', { params: { surveyId: anonymous.id }, body: { answers: { nps: 9 } }, idempotencyKey: key() });
    const b = await ayse.client.call('submitSurveyResponse', { params: { surveyId: anonymous.id }, body: { answers: { nps: 2, why: 'price' } }, idempotencyKey: key() });
    const rows = await server.database.prisma.surveyResponse.findMany({ where: { id: { in: [a.responseId, b.responseId] } } });
    expect(rows.map((r) => r.memberId)).toEqual([null, null]);
  });

  it('reports NPS and CSAT overall, by week and by store, choices and free texts', async () => {
    const survey = await fx.admin.call('createSurvey', { body: storeSurvey({ titleEn: 'Results', targeting: 'ANONYMOUS' }) });
    await fx.admin.call('setSurveyStatus', { params: { surveyId: survey.id }, body: { status: 'ACTIVE' } });
    const answers: Record<string, number | string>[] = [
      { nps: 10, csat: 5 },
      { nps: 9, csat: 4, comment: 'Harika' },
      { nps: 7 },
      { nps: 2, why: 'queue', csat: 1, comment: 'Kuyruk uzun' },
    ];
    for (const a of answers) await fx.kiosk.client.call('submitSurveyResponse', { params: { surveyId: survey.id }, body: { answers: a }, idempotencyKey: key() });
    // Move one answer a week back to see the weekly trend.
    const oldest = await server.database.prisma.surveyResponse.findFirstOrThrow({ where: { surveyId: survey.id }, orderBy: { submittedAt: 'asc' } });
    await server.database.prisma.surveyResponse.update({ where: { id: oldest.id }, data: { submittedAt: new Date(Date.now() - 7 * DAY) } });

    const results = await fx.marketer.call('surveyResults', { params: { surveyId: survey.id } });
    expect(results.responses).toBe(4);
    const [nps, why, csat, comment] = results.questions;
    expect(nps!.nps!.overall).toEqual({ responses: 4, promoters: 2, passives: 1, detractors: 1, nps: 25 });
    expect(nps!.nps!.byWeek).toHaveLength(2);
    expect(nps!.nps!.byWeek.map((w) => w.summary.responses)).toEqual([1, 3]);
    expect(nps!.nps!.byStore).toEqual([{ storeId: fx.kiosk.storeId, storeName: expect.any(String), summary: nps!.nps!.overall }]);
    expect(why!.choices).toEqual([{ optionId: 'queue', count: 1 }, { optionId: 'price', count: 0 }]);
    expect(csat!.csat!.overall).toEqual({ responses: 3, satisfied: 2, csat: 66.7, average: 3.33 });
    expect(comment!.texts!.map((t) => t.text)).toEqual(['Kuyruk uzun', 'Harika']);
    const none = await fx.marketer.call('surveyResults', { params: { surveyId: survey.id }, query: { storeId: fx.pos.storeId } });
    expect([none.responses, none.questions[0]!.nps!.overall.nps]).toEqual([0, null]);
  });

  it('refuses answers to a closed survey', async () => {
    const survey = await fx.admin.call('createSurvey', { body: storeSurvey({ targeting: 'ANONYMOUS', titleEn: 'Closed' }) });
    const error = await failure(fx.kiosk.client.call('submitSurveyResponse', { params: { surveyId: survey.id }, body: { answers: { nps: 9 } }, idempotencyKey: key() }));
    expect([error.status, error.code]).toEqual([409, 'CONFLICT']);
  });
});
