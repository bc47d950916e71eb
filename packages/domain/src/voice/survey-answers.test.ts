import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { validateSurveyAnswers } from './survey-answers';
import type { SurveyQuestionRule } from './survey-answers';
import { isWithinWindow, surveyPeriodKey, validateSurveyQuestions } from './survey-definition';

const questions: SurveyQuestionRule[] = [
  { id: 'nps', type: 'NPS', required: true, options: [], showIf: null },
  { id: 'why', type: 'SINGLE', required: true, options: [{ id: 'price' }, { id: 'queue' }, { id: 'staff' }], showIf: { questionId: 'nps', anyOf: [0, 1, 2, 3, 4, 5, 6] } },
  { id: 'areas', type: 'MULTI', required: false, options: [{ id: 'fruit' }, { id: 'bakery' }], showIf: null },
  { id: 'comment', type: 'TEXT', required: false, options: [], showIf: null },
];

describe('validateSurveyAnswers', () => {
  it('accepts valid answers and normalises text', () => {
    expect(validateSurveyAnswers(questions, { nps: 3, why: 'queue', areas: ['bakery'], comment: '  Kasa kuyruğu uzundu  ' })).toEqual({
      ok: true,
      answers: { nps: 3, why: 'queue', areas: ['bakery'], comment: 'Kasa kuyruğu uzundu' },
    });
  });

  it('requires a conditional question only when it is shown, and refuses it when hidden', () => {
    expect(validateSurveyAnswers(questions, { nps: 9 })).toEqual({ ok: true, answers: { nps: 9 } });
    expect(validateSurveyAnswers(questions, { nps: 2 })).toEqual({ ok: false, errors: [{ path: 'answers.why', message: 'Required' }] });
    expect(validateSurveyAnswers(questions, { nps: 10, why: 'price' })).toEqual({
      ok: false,
      errors: [{ path: 'answers.why', message: 'This question is not shown for the earlier answers' }],
    });
  });

  it.each([
    ['an NPS out of range', { nps: 11 }, 'answers.nps'],
    ['a fractional NPS', { nps: 7.5 }, 'answers.nps'],
    ['a missing required answer', {}, 'answers.nps'],
    ['an unknown option', { nps: 1, why: 'weather' }, 'answers.why'],
    ['a repeated option', { nps: 9, areas: ['fruit', 'fruit'] }, 'answers.areas'],
    ['an empty multiple choice', { nps: 9, areas: [] }, 'answers.areas'],
    ['an empty text', { nps: 9, comment: '   ' }, 'answers.comment'],
    ['a text over 2000 characters', { nps: 9, comment: 'a'.repeat(2001) }, 'answers.comment'],
    ['an unknown question', { nps: 9, extra: 1 }, 'answers.extra'],
  ])('refuses %s with its field path', (_what, answers, path) => {
    const r = validateSurveyAnswers(questions, answers as never);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toContain(path);
  });

  it('accepts every in-range NPS score and nothing outside', () => {
    fc.assert(fc.property(fc.integer({ min: -50, max: 50 }), (n) => validateSurveyAnswers(questions.slice(0, 1), { nps: n }).ok === (n >= 0 && n <= 10)));
  });
});

describe('survey definitions', () => {
  it('checks options and conditions', () => {
    const ids = ['a', 'b', 'c'];
    expect(
      validateSurveyQuestions(
        [
          { type: 'SINGLE', required: true, options: [{ id: 'x' }], showIf: null },
          { type: 'NPS', required: true, options: [{ id: 'y' }], showIf: { questionId: 'c', anyOf: [1] } },
          { type: 'TEXT', required: false, options: [], showIf: { questionId: 'a', anyOf: ['zzz'] } },
        ],
        ids,
      ).map((e) => e.path),
    ).toEqual(['questions.0.options', 'questions.1.options', 'questions.1.showIf.questionId', 'questions.2.showIf.anyOf']);
    expect(validateSurveyQuestions([], [])).toEqual([{ path: 'questions', message: 'A survey needs at least one question' }]);
  });

  it('keys responses by period', () => {
    const anchor = new Date('2026-11-01T00:00:00Z');
    expect(surveyPeriodKey({ at: new Date('2026-11-20T00:00:00Z'), anchor, periodDays: null })).toBe('once');
    expect(surveyPeriodKey({ at: new Date('2026-11-29T23:59:59Z'), anchor, periodDays: 30 })).toBe('p0');
    expect(surveyPeriodKey({ at: new Date('2026-12-01T00:00:00Z'), anchor, periodDays: 30 })).toBe('p1');
    expect(isWithinWindow(anchor, { activeFrom: anchor, activeTo: null })).toBe(true);
    expect(isWithinWindow(anchor, { activeFrom: null, activeTo: anchor })).toBe(false);
  });
});
