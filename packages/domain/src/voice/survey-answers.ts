// Survey questions and answers.
//
// Question types: NPS (integer 0–10), CSAT (integer 1–5), SINGLE (one option id), MULTI (one or more distinct
// option ids), TEXT (1–2000 characters after trimming). A question with `showIf` is shown only when the
// earlier question it names was answered with one of `anyOf` (for MULTI: any of the chosen options). Answers
// to hidden or unknown questions are refused rather than dropped, so a client bug is visible; a required
// question is required only when shown. Error paths are `answers.<questionId>`.

export const SURVEY_QUESTION_TYPES = ['NPS', 'CSAT', 'SINGLE', 'MULTI', 'TEXT'] as const;
export type SurveyQuestionType = (typeof SURVEY_QUESTION_TYPES)[number];

export const MAX_TEXT_ANSWER_LENGTH = 2000;

export type ShowIf = { questionId: string; anyOf: readonly (string | number)[] };

export type SurveyQuestionRule = {
  id: string;
  type: SurveyQuestionType;
  required: boolean;
  options: readonly { id: string }[];
  showIf: ShowIf | null;
};

export type SurveyAnswerValue = number | string | readonly string[];
export type NormalizedAnswer = number | string | string[];

export type VoiceFieldError = { path: string; message: string };

export type AnswerValidation =
  | { ok: true; answers: Record<string, NormalizedAnswer> }
  | { ok: false; errors: VoiceFieldError[] };

const scoreRange: Partial<Record<SurveyQuestionType, [number, number]>> = { NPS: [0, 10], CSAT: [1, 5] };

function matches(condition: ShowIf, answer: NormalizedAnswer | undefined): boolean {
  if (answer === undefined) return false;
  if (Array.isArray(answer)) return answer.some((a) => condition.anyOf.includes(a));
  return condition.anyOf.includes(answer);
}

/** Whether a question is shown, given the (valid) answers to the questions before it. */
export function isQuestionShown(question: Pick<SurveyQuestionRule, 'showIf'>, answers: Readonly<Record<string, NormalizedAnswer>>): boolean {
  return question.showIf === null || matches(question.showIf, answers[question.showIf.questionId]);
}

type Normalized = { ok: true; value: NormalizedAnswer } | { ok: false; message: string };

const fail = (message: string): Normalized => ({ ok: false, message });

function normalize(question: SurveyQuestionRule, value: SurveyAnswerValue): Normalized {
  const range = scoreRange[question.type];
  if (range) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < range[0] || value > range[1]) {
      return fail(`Must be a whole number from ${range[0]} to ${range[1]}`);
    }
    return { ok: true, value };
  }
  const optionIds = new Set(question.options.map((o) => o.id));
  switch (question.type) {
    case 'SINGLE':
      if (typeof value !== 'string' || !optionIds.has(value)) return fail('Must be one of the question’s option ids');
      return { ok: true, value };
    case 'MULTI': {
      if (!Array.isArray(value) || value.length === 0) return fail('Choose at least one option');
      const chosen = value as readonly unknown[];
      if (chosen.some((v) => typeof v !== 'string' || !optionIds.has(v))) return fail('Every choice must be one of the question’s option ids');
      if (new Set(chosen).size !== chosen.length) return fail('Each option may be chosen once');
      return { ok: true, value: [...(chosen as string[])] };
    }
    case 'TEXT': {
      if (typeof value !== 'string') return fail('Must be text');
      const text = value.trim();
      if (text.length === 0) return fail('Must not be empty');
      if (text.length > MAX_TEXT_ANSWER_LENGTH) return fail(`At most ${MAX_TEXT_ANSWER_LENGTH} characters`);
      return { ok: true, value: text };
    }
    default:
      return fail('Unsupported question type');
  }
}

/** Checks answers against the questions (in survey order) and returns them normalised, or every problem found. */
export function validateSurveyAnswers(questions: readonly SurveyQuestionRule[], answers: Readonly<Record<string, SurveyAnswerValue>>): AnswerValidation {
  const errors: VoiceFieldError[] = [];
  const known = new Set(questions.map((q) => q.id));
  for (const id of Object.keys(answers)) {
    if (!known.has(id)) errors.push({ path: `answers.${id}`, message: 'Not a question of this survey' });
  }
  const result: Record<string, NormalizedAnswer> = {};
  for (const question of questions) {
    const path = `answers.${question.id}`;
    const given = Object.hasOwn(answers, question.id) ? answers[question.id] : undefined;
    if (!isQuestionShown(question, result)) {
      if (given !== undefined) errors.push({ path, message: 'This question is not shown for the earlier answers' });
      continue;
    }
    if (given === undefined || given === null) {
      if (question.required) errors.push({ path, message: 'Required' });
      continue;
    }
    const normalized = normalize(question, given);
    if (!normalized.ok) {
      errors.push({ path, message: normalized.message });
      continue;
    }
    result[question.id] = normalized.value;
  }
  if (Object.keys(result).length === 0 && errors.length === 0) errors.push({ path: 'answers', message: 'Answer at least one question' });
  return errors.length ? { ok: false, errors } : { ok: true, answers: result };
}
