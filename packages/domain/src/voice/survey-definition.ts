// Survey definitions as marketers write them, and the "one answer per member per period" key.

import { SURVEY_QUESTION_TYPES } from './survey-answers';
import type { ShowIf, SurveyQuestionType, VoiceFieldError } from './survey-answers';

export type SurveyQuestionDraft = {
  type: SurveyQuestionType;
  required: boolean;
  options: readonly { id: string }[];
  showIf: ShowIf | null;
};

const CHOICE: readonly SurveyQuestionType[] = ['SINGLE', 'MULTI'];

/**
 * Checks a question list: choice questions have 2–20 options with distinct ids, score and text questions have
 * none, and a condition refers to an earlier question with values that question can take. Questions refer to
 * each other by their ids, given in `ids` (same order).
 */
export function validateSurveyQuestions(questions: readonly SurveyQuestionDraft[], ids: readonly string[]): VoiceFieldError[] {
  const errors: VoiceFieldError[] = [];
  if (questions.length === 0) errors.push({ path: 'questions', message: 'A survey needs at least one question' });
  if (new Set(ids).size !== ids.length) errors.push({ path: 'questions', message: 'Question ids must be distinct' });
  questions.forEach((q, i) => {
    const path = `questions.${i}`;
    if (!SURVEY_QUESTION_TYPES.includes(q.type)) errors.push({ path: `${path}.type`, message: 'Unknown question type' });
    if (CHOICE.includes(q.type)) {
      if (q.options.length < 2 || q.options.length > 20) errors.push({ path: `${path}.options`, message: 'A choice question needs 2–20 options' });
      if (new Set(q.options.map((o) => o.id)).size !== q.options.length) errors.push({ path: `${path}.options`, message: 'Option ids must be distinct' });
    } else if (q.options.length > 0) {
      errors.push({ path: `${path}.options`, message: `A ${q.type} question has no options` });
    }
    if (q.showIf) {
      const target = ids.indexOf(q.showIf.questionId);
      if (target < 0 || target >= i) {
        errors.push({ path: `${path}.showIf.questionId`, message: 'A condition must refer to an earlier question' });
        return;
      }
      const earlier = questions[target]!;
      if (q.showIf.anyOf.length === 0) errors.push({ path: `${path}.showIf.anyOf`, message: 'List at least one value' });
      const validValue = (v: string | number): boolean => {
        switch (earlier.type) {
          case 'NPS':
            return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 10;
          case 'CSAT':
            return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 5;
          case 'SINGLE':
          case 'MULTI':
            return typeof v === 'string' && earlier.options.some((o) => o.id === v);
          case 'TEXT':
            return false;
        }
      };
      if (earlier.type === 'TEXT') errors.push({ path: `${path}.showIf.questionId`, message: 'A condition cannot depend on a free-text answer' });
      else if (!q.showIf.anyOf.every(validValue)) errors.push({ path: `${path}.showIf.anyOf`, message: `Values must be possible answers of a ${earlier.type} question` });
    }
  });
  return errors;
}

const DAY = 86_400_000;

/**
 * The period a response belongs to, for "one response per member per survey per period": `once` without a
 * period, else the index of the `periodDays`-long window counted from the survey's anchor (its start).
 */
export function surveyPeriodKey(options: { at: Date; anchor: Date; periodDays: number | null }): string {
  if (options.periodDays === null) return 'once';
  if (!Number.isInteger(options.periodDays) || options.periodDays < 1) throw new RangeError('periodDays must be a positive integer');
  return `p${Math.floor((options.at.getTime() - options.anchor.getTime()) / (options.periodDays * DAY))}`;
}

/** Whether a survey's active window contains an instant (open-ended on a missing side). */
export function isWithinWindow(at: Date, window: { activeFrom: Date | null; activeTo: Date | null }): boolean {
  return (!window.activeFrom || window.activeFrom <= at) && (!window.activeTo || at < window.activeTo);
}
