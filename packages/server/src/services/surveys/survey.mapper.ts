import type { TSurvey, TSurveyOption, TSurveyQuestion, TSurveyQuestionInput } from '@kulup/contracts';
import type { SurveyQuestionRule } from '@kulup/domain';

import type { Prisma, Survey, SurveyQuestion } from '../../generated/prisma/client';

export const questionsInOrder = { questions: { orderBy: { position: 'asc' } } } as const satisfies Prisma.SurveyInclude;

const iso = (d: Date) => d.toISOString();

export function toSurveyQuestion(q: SurveyQuestion): TSurveyQuestion {
  return {
    id: q.key,
    type: q.type,
    textTr: q.textTr,
    textEn: q.textEn,
    required: q.required,
    options: (q.options ?? []) as TSurveyOption[],
    showIf: (q.showIf ?? null) as TSurveyQuestion['showIf'],
  };
}

/** The questions as the domain validates answers against them. */
export function questionRules(questions: SurveyQuestion[]): SurveyQuestionRule[] {
  return questions.map((q) => {
    const shown = toSurveyQuestion(q);
    return { id: shown.id, type: shown.type, required: shown.required, options: shown.options, showIf: shown.showIf };
  });
}

/** Rows to store for the questions of a create or update request. */
export function questionRows(questions: readonly TSurveyQuestionInput[]) {
  return questions.map((q, position) => ({
    key: q.id,
    position,
    type: q.type,
    textTr: q.textTr,
    textEn: q.textEn,
    required: q.required ?? true,
    options: (q.options ?? []) as Prisma.InputJsonValue,
    showIf: q.showIf ? (q.showIf as Prisma.InputJsonValue) : undefined,
  }));
}

export function toSurvey(s: Survey & { questions: SurveyQuestion[] }, responseCount: number): TSurvey {
  return {
    id: s.id,
    kind: s.kind,
    status: s.status,
    titleTr: s.titleTr,
    titleEn: s.titleEn,
    targeting: s.targeting,
    segmentId: s.segmentId,
    storeIds: s.storeIds,
    afterPurchaseDays: s.afterPurchaseDays,
    activeFrom: s.activeFrom ? iso(s.activeFrom) : null,
    activeTo: s.activeTo ? iso(s.activeTo) : null,
    periodDays: s.periodDays,
    questions: s.questions.map(toSurveyQuestion),
    responseCount,
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
  };
}
