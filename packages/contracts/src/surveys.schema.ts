import { z } from 'zod';

import { ZId, ZIsoDate, ZIsoDateTime } from './common.schema';
import { exportFormatQuery } from './exports.schema';
import { ZLifecycleStage } from './members.schema';

export const ZSurveyStatus = z.enum(['DRAFT', 'ACTIVE', 'CLOSED']);
export type TSurveyStatus = z.infer<typeof ZSurveyStatus>;
/** STANDARD surveys are written by marketers; FOLLOW_UP is the system's one-question check after a resolved ticket. */
export const ZSurveyKind = z.enum(['STANDARD', 'FOLLOW_UP']);
/**
 * Who is asked: ANONYMOUS (anyone at a kiosk; no member is linked to the answer), MEMBER (identified members),
 * AFTER_PURCHASE (members who bought in this store within `afterPurchaseDays`), SEGMENT (a marketing segment,
 * shown once segments exist).
 */
export const ZSurveyTargeting = z.enum(['ANONYMOUS', 'MEMBER', 'AFTER_PURCHASE', 'SEGMENT']);
export type TSurveyTargeting = z.infer<typeof ZSurveyTargeting>;
/** NPS 0–10, CSAT 1–5, SINGLE and MULTI choice, TEXT up to 2000 characters. */
export const ZSurveyQuestionType = z.enum(['NPS', 'CSAT', 'SINGLE', 'MULTI', 'TEXT']);
export type TSurveyQuestionType = z.infer<typeof ZSurveyQuestionType>;

/** A question's or option's id inside its survey: short, lower case, stable (`nps`, `why`, `price`). */
export const ZSurveyKey = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, 'Use 1–40 lower-case letters, digits, _ or -, starting with a letter');
const ZQuestionText = z.string().trim().min(1).max(300);
const ZTitle = z.string().trim().min(1).max(200);

export const ZSurveyOption = z.strictObject({ id: ZSurveyKey, textTr: z.string().trim().min(1).max(200), textEn: z.string().trim().min(1).max(200) });
export type TSurveyOption = z.infer<typeof ZSurveyOption>;

/** Show the question only when the earlier question `questionId` was answered with one of `anyOf`. */
export const ZShowIf = z.strictObject({
  questionId: ZSurveyKey,
  anyOf: z.array(z.union([z.number().int(), ZSurveyKey])).min(1).max(20),
});

export const ZSurveyQuestionInput = z.strictObject({
  id: ZSurveyKey,
  type: ZSurveyQuestionType,
  textTr: ZQuestionText,
  textEn: ZQuestionText,
  required: z.boolean().default(true),
  options: z.array(ZSurveyOption).max(20).default([]),
  showIf: ZShowIf.nullable().default(null),
});
export type TSurveyQuestionInput = z.input<typeof ZSurveyQuestionInput>;

export const ZSurveyQuestion = z.object({
  id: z.string(),
  type: ZSurveyQuestionType,
  textTr: z.string(),
  textEn: z.string(),
  required: z.boolean(),
  options: z.array(ZSurveyOption),
  showIf: z.object({ questionId: z.string(), anyOf: z.array(z.union([z.number(), z.string()])) }).nullable(),
});
export type TSurveyQuestion = z.infer<typeof ZSurveyQuestion>;

const surveyFields = {
  titleTr: ZTitle,
  titleEn: ZTitle,
  targeting: ZSurveyTargeting,
  segmentId: z.string().trim().min(1).max(100).nullable().optional(),
  /** Stores where it is shown; empty or absent = every store. */
  storeIds: z.array(ZId).max(500).optional(),
  /** AFTER_PURCHASE only: days since the member's last purchase in this store (default 7). */
  afterPurchaseDays: z.number().int().min(1).max(90).nullable().optional(),
  activeFrom: ZIsoDateTime.nullable().optional(),
  activeTo: ZIsoDateTime.nullable().optional(),
  /** One response per member per this many days; null or absent = once per member. Ignored for anonymous surveys. */
  periodDays: z.number().int().min(1).max(3650).nullable().optional(),
  questions: z.array(ZSurveyQuestionInput).min(1).max(30),
};

type SurveyShape = { targeting?: string; segmentId?: string | null; activeFrom?: string | null; activeTo?: string | null };
const checkSurvey = (v: SurveyShape, ctx: z.RefinementCtx) => {
  if (v.activeFrom && v.activeTo && Date.parse(v.activeTo) <= Date.parse(v.activeFrom)) {
    ctx.addIssue({ code: 'custom', path: ['activeTo'], message: 'activeTo must be after activeFrom' });
  }
  if (v.targeting === 'SEGMENT' && !v.segmentId) ctx.addIssue({ code: 'custom', path: ['segmentId'], message: 'SEGMENT targeting needs a segmentId' });
};

export const ZSurveyCreateRequest = z.strictObject(surveyFields).superRefine(checkSurvey);
export type TSurveyCreateRequest = z.input<typeof ZSurveyCreateRequest>;

/** Questions can change only while the survey is a DRAFT; titles, stores and the window at any time. */
export const ZSurveyUpdateRequest = z
  .strictObject(surveyFields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change')
  .superRefine(checkSurvey);
export type TSurveyUpdateRequest = z.input<typeof ZSurveyUpdateRequest>;

export const ZSurveyStatusRequest = z.strictObject({ status: z.enum(['ACTIVE', 'CLOSED']) });

export const ZSurvey = z.object({
  id: ZId,
  kind: ZSurveyKind,
  status: ZSurveyStatus,
  titleTr: z.string(),
  titleEn: z.string(),
  targeting: ZSurveyTargeting,
  segmentId: z.string().nullable(),
  storeIds: z.array(ZId),
  afterPurchaseDays: z.number().int().nullable(),
  activeFrom: ZIsoDateTime.nullable(),
  activeTo: ZIsoDateTime.nullable(),
  periodDays: z.number().int().nullable(),
  questions: z.array(ZSurveyQuestion),
  responseCount: z.number().int(),
  createdAt: ZIsoDateTime,
  updatedAt: ZIsoDateTime,
});
export type TSurvey = z.infer<typeof ZSurvey>;
export const ZSurveyList = z.object({ items: z.array(ZSurvey) });
export const ZSurveyListQuery = z.strictObject({ status: ZSurveyStatus.optional(), kind: ZSurveyKind.optional() });

// ---- Kiosk ------------------------------------------------------------------------------------------

/** A survey the kiosk should offer now. `followUp` is set for the satisfaction question about a resolved ticket. */
export const ZKioskSurvey = z.object({
  id: ZId,
  kind: ZSurveyKind,
  titleTr: z.string(),
  titleEn: z.string(),
  /** True when the answer is not linked to the member. */
  anonymous: z.boolean(),
  followUp: z.object({ id: ZId, ticketNumber: z.string() }).nullable(),
  questions: z.array(ZSurveyQuestion),
});
export type TKioskSurvey = z.infer<typeof ZKioskSurvey>;
export const ZKioskSurveyList = z.object({ items: z.array(ZKioskSurvey) });

/** An answer: a score (NPS, CSAT), an option id (SINGLE), option ids (MULTI) or text (TEXT, ≤ 2000 characters). */
export const ZSurveyAnswerValue = z.union([z.number(), z.string().max(20_000), z.array(z.string().max(40)).max(20)]);

export const ZSurveyResponseRequest = z.strictObject({
  /** Answers by question id; checked against the survey's questions (paths `answers.<questionId>`). */
  answers: z.record(z.string().max(40), ZSurveyAnswerValue),
  /** For a FOLLOW_UP survey: which follow-up is answered (default: the member's oldest pending one). */
  followUpId: ZId.optional(),
});
export type TSurveyResponseRequest = z.input<typeof ZSurveyResponseRequest>;
export const ZSurveyResponseCreated = z.object({ responseId: ZId });

// ---- Results ----------------------------------------------------------------------------------------

export const ZNpsSummary = z.object({
  responses: z.number().int(),
  promoters: z.number().int(),
  passives: z.number().int(),
  detractors: z.number().int(),
  /** −100…100; null without answers. */
  nps: z.number().int().nullable(),
});
export type TNpsSummary = z.infer<typeof ZNpsSummary>;
export const ZCsatSummary = z.object({
  responses: z.number().int(),
  satisfied: z.number().int(),
  /** Share of 4–5 answers in percent; null without answers. */
  csat: z.number().nullable(),
  average: z.number().nullable(),
});
export type TCsatSummary = z.infer<typeof ZCsatSummary>;

const series = <T extends z.ZodObject>(summary: T) =>
  z.object({
    overall: summary,
    /** ISO weeks in Europe/Istanbul (`2026-W48`), oldest first. */
    byWeek: z.array(z.object({ week: z.string(), summary })),
    byStore: z.array(z.object({ storeId: ZId.nullable(), storeName: z.string().nullable(), summary })),
    /** Calendar months in Europe/Istanbul (`2026-11`), oldest first. */
    byMonth: z.array(z.object({ month: z.string(), summary })),
    /**
     * Member answers only (anonymous ones count in overall, byWeek, byMonth and byStore): by the segments the
     * respondent belongs to now (the requested segments, or every active one; a member may be in several),
     * by current tier and by current lifecycle stage.
     */
    bySegment: z.array(z.object({ segmentId: ZId, segmentName: z.string(), summary })),
    byTier: z.array(z.object({ tierCode: z.string(), summary })),
    byLifecycleStage: z.array(z.object({ stage: ZLifecycleStage, summary })),
  });

export const ZSurveyQuestionResult = z.object({
  id: z.string(),
  type: ZSurveyQuestionType,
  textTr: z.string(),
  textEn: z.string(),
  answered: z.number().int(),
  nps: series(ZNpsSummary).nullable(),
  csat: series(ZCsatSummary).nullable(),
  choices: z.array(z.object({ optionId: z.string(), count: z.number().int() })).nullable(),
  /** Free-text answers, newest first (at most 500). */
  texts: z.array(z.object({ text: z.string(), submittedAt: ZIsoDateTime, storeId: ZId.nullable() })).nullable(),
});

export const ZSurveyResultsQuery = z.strictObject({
  from: ZIsoDate.optional(),
  to: ZIsoDate.optional(),
  storeId: ZId.optional(),
  /** Comma-separated segment ids for `bySegment` (at most 50); absent = every active segment. */
  segmentIds: z
    .string()
    .max(2000)
    .transform((v) => [...new Set(v.split(',').map((id) => id.trim()).filter(Boolean))])
    .pipe(z.array(ZId).min(1, 'Name at least one segment id').max(50, 'At most 50 segments'))
    .optional(),
});
/** Every answer of every response in the period, one row per response and one column per question. */
export const ZSurveyResultsExportQuery = ZSurveyResultsQuery.omit({ segmentIds: true }).extend(exportFormatQuery);
export const ZSurveyResults = z.object({
  surveyId: ZId,
  from: ZIsoDate.nullable(),
  to: ZIsoDate.nullable(),
  responses: z.number().int(),
  questions: z.array(ZSurveyQuestionResult),
});
export type TSurveyResults = z.infer<typeof ZSurveyResults>;
