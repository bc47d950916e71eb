import type { TSurvey, TSurveyUpdateRequest } from '@kulup/contracts';
import { ZSurveyQuestionType, ZSurveyTargeting } from '@kulup/contracts';
import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';

import { Badge, ErrorMessage, Loading, PageTitle, Section } from '../../layout/ui';
import { call } from '../../lib/api';
import { useLoad } from '../../lib/use-load';
import { Field, GroupError, fieldErrors } from '../../layout/field';
import { statusTone } from './SurveyListPage';
import { CHOICE_TYPES, emptyForm, formOf, newQuestion, requestOf, shownPaths, surveyTitle } from './survey-form';
import type { OptionForm, QuestionForm, SurveyForm } from './survey-form';

/** The survey editor: a new draft (`/surveys/new`) or an existing survey, with activate and close. */
export default function SurveyEditorPage() {
  const { surveyId } = useParams();
  const isNew = !surveyId || surveyId === 'new';
  const survey = useLoad(() => (isNew ? Promise.resolve(undefined) : call('getSurvey', { params: { surveyId: surveyId! } })), [surveyId]);
  if (survey.error) return <ErrorMessage error={survey.error} />;
  if (survey.loading && !survey.data && !isNew) return <Loading />;
  return <Editor key={survey.data?.id ?? 'new'} initial={survey.data} onSaved={survey.set} />;
}

function Editor({ initial, onSaved }: { initial: TSurvey | undefined; onSaved: (s: TSurvey) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form, setForm] = useState<SurveyForm>(() => (initial ? formOf(initial) : emptyForm()));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const location = useLocation();
  const [notice, setNotice] = useState<string | undefined>(() => ((location.state as { saved?: boolean } | null)?.saved ? t('surveys.saved') : undefined));
  const stores = useLoad(() => call('listStores', {}), []);
  const segments = useLoad(() => call('listSegments', { query: {} }), []);
  const locked = initial !== undefined && initial.status !== 'DRAFT';

  const errors = useMemo(() => fieldErrors(error), [error]);
  const err = (path: string) => errors.get(path);
  const shown = shownPaths(form);
  const otherErrors = [...errors].filter(([path]) => !shown.has(path));

  const set = (patch: Partial<SurveyForm>) => setForm((f) => ({ ...f, ...patch }));
  const setQuestion = (i: number, patch: Partial<QuestionForm>) => setForm((f) => ({ ...f, questions: f.questions.map((q, k) => (k === i ? { ...q, ...patch } : q)) }));

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      const body = requestOf(form);
      if (!initial) {
        const created = await call('createSurvey', { body });
        // The page under the new address loads the survey and says it was saved.
        void navigate(`/surveys/${created.id}`, { replace: true, state: { saved: true } });
        return;
      }
      // Once live, the questions stay as they are; the rest can change.
      const { questions, ...rest } = body;
      const update: TSurveyUpdateRequest = locked ? rest : { ...rest, questions };
      onSaved(await call('updateSurvey', { params: { surveyId: initial.id }, body: update }));
      setNotice(t('surveys.saved'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function setStatus(status: 'ACTIVE' | 'CLOSED') {
    if (!initial) return;
    if (status === 'CLOSED' && !window.confirm(t('surveys.confirmClose'))) return;
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      onSaved(await call('setSurveyStatus', { params: { surveyId: initial.id }, body: { status } }));
      setNotice(status === 'ACTIVE' ? t('surveys.activated') : t('surveys.closed'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const title = initial ? surveyTitle(initial) : t('surveys.newTitle');
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/surveys">{t('surveys.back')}</Link>
        {initial && (
          <>
            {' · '}
            <Link to={`/surveys/${initial.id}/results`}>{t('surveys.results')}</Link>
          </>
        )}
      </p>
      <PageTitle title={title}>
        {title} {initial && <Badge tone={statusTone(initial.status)}>{t(`surveyStatus.${initial.status}`)}</Badge>}
      </PageTitle>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <ErrorMessage error={error} showFields={false} />
      {otherErrors.length > 0 && (
        <div className="alert" aria-label={t('surveys.otherErrors')}>
          <ul>
            {otherErrors.map(([path, message]) => (
              <li key={path}>
                <code>{path}</code>: {message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <form onSubmit={(e) => void save(e)} aria-label={t('surveys.details')} noValidate>
        <Section title={t('surveys.details')} id="survey-details">
          <div className="grid-2">
            <Field label={t('surveys.titleTr')} error={err('titleTr')}>
              <input value={form.titleTr} onChange={(e) => set({ titleTr: e.target.value })} maxLength={200} />
            </Field>
            <Field label={t('surveys.titleEn')} error={err('titleEn')}>
              <input value={form.titleEn} onChange={(e) => set({ titleEn: e.target.value })} maxLength={200} />
            </Field>
            <Field label={t('surveys.targeting')} error={err('targeting')}>
              <select value={form.targeting} onChange={(e) => set({ targeting: e.target.value as SurveyForm['targeting'] })} disabled={locked}>
                {ZSurveyTargeting.options.map((x) => (
                  <option key={x} value={x}>
                    {t(`surveyTargeting.${x}`)}
                  </option>
                ))}
              </select>
            </Field>
            {form.targeting === 'SEGMENT' && (
              <Field label={t('surveys.segment')} error={err('segmentId')}>
                <select value={form.segmentId} onChange={(e) => set({ segmentId: e.target.value })}>
                  <option value="">{t('surveys.chooseSegment')}</option>
                  {segments.data?.items.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </Field>
            )}
            {form.targeting === 'AFTER_PURCHASE' && (
              <Field label={t('surveys.afterPurchaseDays')} error={err('afterPurchaseDays')}>
                <input type="number" min={1} max={90} value={form.afterPurchaseDays} onChange={(e) => set({ afterPurchaseDays: e.target.value })} />
              </Field>
            )}
            {form.targeting !== 'ANONYMOUS' && (
              <Field label={t('surveys.periodDays')} hint={t('surveys.periodHint')} error={err('periodDays')}>
                <input type="number" min={1} max={3650} value={form.periodDays} onChange={(e) => set({ periodDays: e.target.value })} />
              </Field>
            )}
            <Field label={t('surveys.activeFrom')} error={err('activeFrom')}>
              <input type="datetime-local" value={form.activeFrom} onChange={(e) => set({ activeFrom: e.target.value })} />
            </Field>
            <Field label={t('surveys.activeTo')} error={err('activeTo')}>
              <input type="datetime-local" value={form.activeTo} onChange={(e) => set({ activeTo: e.target.value })} />
            </Field>
          </div>
          <fieldset className="inline choices">
            <legend>{t('surveys.stores')}</legend>
            {stores.data?.items.map((s) => (
              <label key={s.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={form.storeIds.includes(s.id)}
                  onChange={(e) => set({ storeIds: e.target.checked ? [...form.storeIds, s.id] : form.storeIds.filter((x) => x !== s.id) })}
                />
                {s.name}
              </label>
            ))}
            <span className="muted">{t('surveys.storesHint')}</span>
          </fieldset>
          <GroupError error={err('storeIds')} />
        </Section>

        <Section title={t('surveys.questions')} id="survey-questions">
          {locked && <p className="muted">{t('surveys.questionsLocked')}</p>}
          <GroupError error={err('questions')} />
          {form.questions.map((q, i) => (
            <QuestionEditor
              key={i}
              index={i}
              question={q}
              earlier={form.questions.slice(0, i)}
              locked={locked}
              err={(k) => err(`questions.${i}${k}`)}
              onChange={(patch) => setQuestion(i, patch)}
              onRemove={form.questions.length > 1 ? () => set({ questions: form.questions.filter((_, k) => k !== i) }) : undefined}
              onMoveUp={i > 0 ? () => set({ questions: [...form.questions.slice(0, i - 1), q, form.questions[i - 1]!, ...form.questions.slice(i + 1)] }) : undefined}
            />
          ))}
          {!locked && (
            <button type="button" className="secondary" onClick={() => set({ questions: [...form.questions, newQuestion(form.questions.length)] })}>
              {t('surveys.addQuestion')}
            </button>
          )}
        </Section>

        <div className="button-row">
          <button type="submit" disabled={busy || initial?.status === 'CLOSED'}>
            {busy ? t('surveys.saving') : t('surveys.save')}
          </button>
          {initial?.status === 'DRAFT' && (
            <button type="button" disabled={busy} onClick={() => void setStatus('ACTIVE')}>
              {t('surveys.activate')}
            </button>
          )}
          {initial?.status === 'ACTIVE' && (
            <button type="button" className="secondary" disabled={busy} onClick={() => void setStatus('CLOSED')}>
              {t('surveys.close')}
            </button>
          )}
        </div>
      </form>
    </>
  );
}

function QuestionEditor({
  index,
  question: q,
  earlier,
  locked,
  err,
  onChange,
  onRemove,
  onMoveUp,
}: {
  index: number;
  question: QuestionForm;
  earlier: QuestionForm[];
  locked: boolean;
  err: (suffix: string) => string | undefined;
  onChange: (patch: Partial<QuestionForm>) => void;
  onRemove?: () => void;
  onMoveUp?: () => void;
}) {
  const { t } = useTranslation();
  const n = index + 1;
  const setOption = (j: number, patch: Partial<OptionForm>) => onChange({ options: q.options.map((o, k) => (k === j ? { ...o, ...patch } : o)) });
  const choice = CHOICE_TYPES.includes(q.type);
  return (
    <fieldset className="question" disabled={locked}>
      <legend>{t('surveys.question', { n })}</legend>
      <GroupError error={err('')} />
      <div className="grid-2">
        <Field label={t('surveys.questionId')} error={err('.id')}>
          <input value={q.id} onChange={(e) => onChange({ id: e.target.value })} maxLength={40} />
        </Field>
        <Field label={t('surveys.questionType')} error={err('.type')}>
          <select
            value={q.type}
            onChange={(e) => {
              const type = e.target.value as QuestionForm['type'];
              const needsOptions = CHOICE_TYPES.includes(type) && q.options.length === 0;
              onChange({ type, ...(needsOptions ? { options: [{ id: 'a', textTr: '', textEn: '' }, { id: 'b', textTr: '', textEn: '' }] } : {}) });
            }}
          >
            {ZSurveyQuestionType.options.map((x) => (
              <option key={x} value={x}>
                {t(`questionType.${x}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('surveys.textTr')} error={err('.textTr')}>
          <input value={q.textTr} onChange={(e) => onChange({ textTr: e.target.value })} maxLength={300} />
        </Field>
        <Field label={t('surveys.textEn')} error={err('.textEn')}>
          <input value={q.textEn} onChange={(e) => onChange({ textEn: e.target.value })} maxLength={300} />
        </Field>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={q.required} onChange={(e) => onChange({ required: e.target.checked })} />
        {t('surveys.required')}
      </label>
      {choice && (
        <div className="survey-options" role="group" aria-label={`${t('surveys.question', { n })}: ${t('surveys.options')}`}>
          <h3>{t('surveys.options')}</h3>
          <GroupError error={err('.options')} />
          {q.options.map((o, j) => (
            <div key={j} className="filters" role="group" aria-label={t('surveys.option', { n: j + 1 })}>
              <Field label={t('surveys.optionId')} error={err(`.options.${j}.id`) ?? err(`.options.${j}`)}>
                <input value={o.id} onChange={(e) => setOption(j, { id: e.target.value })} maxLength={40} />
              </Field>
              <Field label={t('surveys.optionTr')} error={err(`.options.${j}.textTr`)}>
                <input value={o.textTr} onChange={(e) => setOption(j, { textTr: e.target.value })} maxLength={200} />
              </Field>
              <Field label={t('surveys.optionEn')} error={err(`.options.${j}.textEn`)}>
                <input value={o.textEn} onChange={(e) => setOption(j, { textEn: e.target.value })} maxLength={200} />
              </Field>
              <button type="button" className="link-button" onClick={() => onChange({ options: q.options.filter((_, k) => k !== j) })}>
                {t('surveys.removeOption', { n: j + 1 })}
              </button>
            </div>
          ))}
          <button type="button" className="secondary" onClick={() => onChange({ options: [...q.options, { id: `o${q.options.length + 1}`, textTr: '', textEn: '' }] })}>
            {t('surveys.addOption')}
          </button>
        </div>
      )}
      {earlier.length > 0 && (
        <div className="grid-2">
          <Field label={t('surveys.showIf')} error={err('.showIf.questionId') ?? err('.showIf')}>
            <select value={q.showIfQuestion} onChange={(e) => onChange({ showIfQuestion: e.target.value })}>
              <option value="">{t('surveys.showIfNone')}</option>
              {earlier.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.id} · {e.textTr || t(`questionType.${e.type}`)}
                </option>
              ))}
            </select>
          </Field>
          {q.showIfQuestion && (
            <Field label={t('surveys.showIfAnswers')} hint={t('surveys.showIfHint')} error={err('.showIf.anyOf')}>
              <input value={q.showIfAnswers} onChange={(e) => onChange({ showIfAnswers: e.target.value })} />
            </Field>
          )}
        </div>
      )}
      {!locked && (
        <div className="button-row">
          {onMoveUp && (
            <button type="button" className="link-button" onClick={onMoveUp}>
              {t('surveys.moveUp', { n })}
            </button>
          )}
          {onRemove && (
            <button type="button" className="link-button" onClick={onRemove}>
              {t('surveys.removeQuestion', { n })}
            </button>
          )}
        </div>
      )}
    </fieldset>
  );
}
