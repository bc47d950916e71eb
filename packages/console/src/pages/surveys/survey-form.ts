import type { TSurvey, TSurveyCreateRequest, TSurveyQuestionType, TSurveyTargeting } from '@kulup/contracts';
import i18n from 'i18next';

// The survey editor's form state and its conversion to and from the contract's request shape. Inputs keep
// strings while typing (numbers and dates are converted on save), so the server's 400 names the paths.

export type OptionForm = { id: string; textTr: string; textEn: string };
export type QuestionForm = {
  id: string;
  type: TSurveyQuestionType;
  textTr: string;
  textEn: string;
  required: boolean;
  options: OptionForm[];
  /** Id of an earlier question, or '' for always. */
  showIfQuestion: string;
  /** Comma-separated scores or option ids. */
  showIfAnswers: string;
};
export type SurveyForm = {
  titleTr: string;
  titleEn: string;
  targeting: TSurveyTargeting;
  segmentId: string;
  storeIds: string[];
  afterPurchaseDays: string;
  periodDays: string;
  /** `datetime-local` values in the browser's time zone. */
  activeFrom: string;
  activeTo: string;
  questions: QuestionForm[];
};

export const CHOICE_TYPES: readonly TSurveyQuestionType[] = ['SINGLE', 'MULTI'];

export function surveyTitle(s: Pick<TSurvey, 'titleTr' | 'titleEn'>): string {
  return i18n.language === 'en' && s.titleEn ? s.titleEn : s.titleTr;
}

export function newQuestion(index: number): QuestionForm {
  return { id: `q${index + 1}`, type: 'NPS', textTr: '', textEn: '', required: true, options: [], showIfQuestion: '', showIfAnswers: '' };
}

export function emptyForm(): SurveyForm {
  return { titleTr: '', titleEn: '', targeting: 'ANONYMOUS', segmentId: '', storeIds: [], afterPurchaseDays: '', periodDays: '', activeFrom: '', activeTo: '', questions: [newQuestion(0)] };
}

/** An ISO instant as a `datetime-local` value in the browser's zone, and back. */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}
/** A number field: empty is null; anything else is sent as typed (a non-number as its text, for the server to name). */
function numberOrNull(value: string): number | null {
  if (value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : (value as unknown as number);
}

export function formOf(s: TSurvey): SurveyForm {
  return {
    titleTr: s.titleTr,
    titleEn: s.titleEn,
    targeting: s.targeting,
    segmentId: s.segmentId ?? '',
    storeIds: s.storeIds,
    afterPurchaseDays: s.afterPurchaseDays === null ? '' : String(s.afterPurchaseDays),
    periodDays: s.periodDays === null ? '' : String(s.periodDays),
    activeFrom: toLocalInput(s.activeFrom),
    activeTo: toLocalInput(s.activeTo),
    questions: s.questions.map((q) => ({
      id: q.id,
      type: q.type,
      textTr: q.textTr,
      textEn: q.textEn,
      required: q.required,
      options: q.options,
      showIfQuestion: q.showIf?.questionId ?? '',
      showIfAnswers: q.showIf?.anyOf.join(',') ?? '',
    })),
  };
}

export function requestOf(f: SurveyForm): TSurveyCreateRequest {
  return {
    titleTr: f.titleTr,
    titleEn: f.titleEn,
    targeting: f.targeting,
    segmentId: f.targeting === 'SEGMENT' ? f.segmentId || null : null,
    storeIds: f.storeIds,
    afterPurchaseDays: f.targeting === 'AFTER_PURCHASE' ? numberOrNull(f.afterPurchaseDays) : null,
    periodDays: numberOrNull(f.periodDays),
    activeFrom: fromLocalInput(f.activeFrom),
    activeTo: fromLocalInput(f.activeTo),
    questions: f.questions.map((q) => ({
      id: q.id,
      type: q.type,
      textTr: q.textTr,
      textEn: q.textEn,
      required: q.required,
      options: CHOICE_TYPES.includes(q.type) ? q.options : [],
      showIf: q.showIfQuestion
        ? {
            questionId: q.showIfQuestion,
            anyOf: q.showIfAnswers
              .split(',')
              .map((a) => a.trim())
              .filter(Boolean)
              .map((a) => (/^-?\d+$/.test(a) ? Number(a) : a)),
          }
        : null,
    })),
  };
}

/** Every field path the editor shows an error next to; errors at other paths are listed above the form. */
export function shownPaths(f: SurveyForm): Set<string> {
  const paths = ['titleTr', 'titleEn', 'targeting', 'segmentId', 'storeIds', 'afterPurchaseDays', 'periodDays', 'activeFrom', 'activeTo', 'questions'];
  f.questions.forEach((q, i) => {
    for (const k of ['', '.id', '.type', '.textTr', '.textEn', '.required', '.options', '.showIf', '.showIf.questionId', '.showIf.anyOf']) paths.push(`questions.${i}${k}`);
    q.options.forEach((_, j) => {
      for (const k of ['', '.id', '.textTr', '.textEn']) paths.push(`questions.${i}.options.${j}${k}`);
    });
  });
  return new Set(paths);
}
