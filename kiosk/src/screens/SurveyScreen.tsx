import type { TKioskSurvey, TSurveyQuestion } from '@kulup/contracts';
import { useMemo, useState } from 'react';

import { useI18n } from '../lib/i18n';
import { VOICE_PATHS } from '../lib/voice';
import type { SubmitOutcome } from '../session';
import type { Result } from './ResultScreen';
import { LanguageSwitch, Message, ScreenTitle } from './common';

type Answer = number | string | string[];
const TEXT_MAX = 2000;

function isShown(q: TSurveyQuestion, answers: Record<string, Answer>): boolean {
  if (!q.showIf) return true;
  const given = answers[q.showIf.questionId];
  if (given === undefined) return false;
  const values = Array.isArray(given) ? given : [given];
  return q.showIf.anyOf.some((v) => values.includes(v as never));
}

const isAnswered = (a: Answer | undefined) => a !== undefined && (typeof a === 'number' || (Array.isArray(a) ? a.length > 0 : a.trim().length > 0));

/** One question at a time (NPS 0–10, CSAT 1–5, single or multiple choice, text), skipping questions whose condition is not met. */
export function SurveyScreen(props: {
  survey: TKioskSurvey;
  onCancel: () => void;
  onSubmit: (kind: 'survey', path: string, body: unknown) => Promise<SubmitOutcome>;
  onDone: (result: Result) => void;
}) {
  const { lang, t } = useI18n();
  const { survey } = props;
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [step, setStep] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const visible = useMemo(() => survey.questions.filter((q) => isShown(q, answers)), [survey.questions, answers]);
  const question = visible[Math.min(step, visible.length - 1)]!;
  const last = step >= visible.length - 1;
  const answer = answers[question.id];
  const textOf = (o: { textTr: string; textEn: string }) => (lang === 'en' ? o.textEn : o.textTr);

  const set = (value: Answer) => {
    setError(null);
    setAnswers((a) => ({ ...a, [question.id]: value }));
  };

  const check = (): boolean => {
    if (question.required && !isAnswered(answer)) {
      setError(t.required);
      return false;
    }
    if (question.type === 'TEXT' && typeof answer === 'string' && answer.length > TEXT_MAX) {
      setError(t.tooLong(TEXT_MAX));
      return false;
    }
    return true;
  };

  const handleNext = async () => {
    if (!check()) return;
    if (!last) {
      setStep(step + 1);
      return;
    }
    const shown = new Set(visible.map((q) => q.id));
    const body = {
      answers: Object.fromEntries(Object.entries(answers).filter(([id, a]) => shown.has(id) && isAnswered(a)).map(([id, a]) => [id, typeof a === 'string' ? a.trim() : a])),
      ...(survey.followUp ? { followUpId: survey.followUp.id } : {}),
    };
    setBusy(true);
    const outcome = await props.onSubmit('survey', VOICE_PATHS.submitSurveyResponse(survey.id), body);
    setBusy(false);
    if (outcome.kind === 'rejected') {
      setError(t.rejected(outcome.fields[0]?.message ?? outcome.message));
      return;
    }
    props.onDone({ kind: 'survey', outcome: outcome.kind });
  };

  const choice = (value: number | string, label: string, pressed: boolean, onPress: () => void, extra = '') => (
    <button key={String(value)} type="button" className={`choice ${pressed ? 'choice-on' : ''} ${extra}`} aria-pressed={pressed} onClick={onPress}>
      {label}
    </button>
  );

  return (
    <section className="panel survey">
      <div className="topbar">
        <button type="button" className="btn btn-ghost" onClick={step > 0 ? () => (setStep(step - 1), setError(null)) : props.onCancel}>
          {step > 0 ? t.back : t.cancel}
        </button>
        <LanguageSwitch />
      </div>
      <p className="muted">{lang === 'en' ? survey.titleEn : survey.titleTr}</p>
      {survey.anonymous && <p className="small">{t.anonymousNote}</p>}
      <p className="small" aria-live="polite">
        {t.question(step + 1, visible.length)}
      </p>
      <ScreenTitle key={question.id} className="title question-text">
        {textOf(question)} {!question.required && <span className="muted small">{t.optional}</span>}
      </ScreenTitle>
      <div className="answers" role="group" aria-label={textOf(question)}>
        {question.type === 'NPS' && (
          <>
            <div className="nps">{Array.from({ length: 11 }, (_, i) => choice(i, String(i), answer === i, () => set(i), 'nps-key'))}</div>
            <div className="scale-labels small">
              <span>0 = {t.npsLow}</span>
              <span>10 = {t.npsHigh}</span>
            </div>
          </>
        )}
        {question.type === 'CSAT' && <div className="csat">{t.csatLabels.map((label, i) => choice(i + 1, `${i + 1} · ${label}`, answer === i + 1, () => set(i + 1)))}</div>}
        {question.type === 'SINGLE' && <div className="options">{question.options.map((o) => choice(o.id, textOf(o), answer === o.id, () => set(o.id)))}</div>}
        {question.type === 'MULTI' && (
          <>
            <p className="small">{t.chooseMany}</p>
            <div className="options">
              {question.options.map((o) => {
                const list = Array.isArray(answer) ? answer : [];
                const on = list.includes(o.id);
                return choice(o.id, `${on ? '☑' : '☐'} ${textOf(o)}`, on, () => set(on ? list.filter((x) => x !== o.id) : [...list, o.id]));
              })}
            </div>
          </>
        )}
        {question.type === 'TEXT' && (
          <>
            <label htmlFor={`q-${question.id}`} className="visually-hidden">
              {textOf(question)}
            </label>
            <textarea id={`q-${question.id}`} className="input textarea" rows={6} value={typeof answer === 'string' ? answer : ''} onChange={(e) => set(e.target.value)} aria-describedby={`q-${question.id}-count`} />
            <p id={`q-${question.id}-count`} className={`small ${typeof answer === 'string' && answer.length > TEXT_MAX ? 'warning-text' : ''}`}>
              {t.charsLeft(TEXT_MAX - (typeof answer === 'string' ? answer.length : 0))}
            </p>
          </>
        )}
      </div>
      <Message kind="error">{error}</Message>
      <button type="button" className="btn btn-primary btn-block" disabled={busy} onClick={() => void handleNext()}>
        {busy ? t.sending : last ? t.submit : t.next}
      </button>
    </section>
  );
}
