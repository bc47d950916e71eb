import type { TCsatSummary, TNpsSummary, TSurvey, TSurveyResults } from '@kulup/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { ExportButtons } from '../../layout/export-buttons';
import { Field } from '../../layout/field';
import { ErrorMessage, Loading, PageTitle, Section } from '../../layout/ui';
import { call } from '../../lib/api';
import { dateTime, decimal, number, percent } from '../../lib/format';
import { useLoad } from '../../lib/use-load';
import { surveyTitle } from './survey-form';

type QuestionResult = TSurveyResults['questions'][number];
/** One summary line: a label (week, store, segment…) and its numbers. */
type Row<S> = { key: string; label: string; summary: S };

function isoDay(d: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Istanbul' }).format(d);
}

/** Survey results: NPS and CSAT over time (chart and table) and by store, segment, tier and lifecycle stage; free-text answers. */
export default function SurveyResultsPage() {
  const { t, i18n } = useTranslation();
  const { surveyId } = useParams();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState(() => isoDay(new Date()));
  const [storeId, setStoreId] = useState('');
  const survey = useLoad(() => call('getSurvey', { params: { surveyId: surveyId! } }), [surveyId]);
  const stores = useLoad(() => call('listStores', {}), []);
  const range = { from: from || undefined, to: to || undefined, storeId: storeId || undefined };
  const results = useLoad(() => call('surveyResults', { params: { surveyId: surveyId! }, query: range }), [surveyId, from, to, storeId]);

  const s = survey.data;
  const r = results.data;
  const title = s ? t('surveys.resultsTitle', { title: surveyTitle(s) }) : t('surveys.results');
  const storeName = (id: string | null, name: string | null) => name ?? stores.data?.items.find((x) => x.id === id)?.name ?? t('surveys.noStore');
  const text = (q: { textTr: string; textEn: string }) => (i18n.language === 'en' ? q.textEn : q.textTr);
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/surveys">{t('surveys.back')}</Link>
        {s && (
          <>
            {' · '}
            <Link to={`/surveys/${s.id}`}>{t('surveys.edit')}</Link>
          </>
        )}
      </p>
      <PageTitle title={title}>{title}</PageTitle>
      <form className="filters" aria-label={t('surveys.period')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('dashboard.from')}>
          <input type="date" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} />
        </Field>
        <Field label={t('dashboard.to')}>
          <input type="date" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} />
        </Field>
        <Field label={t('surveys.store')}>
          <select value={storeId} onChange={(e) => setStoreId(e.target.value)}>
            <option value="">{t('surveys.allStores')}</option>
            {stores.data?.items.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </Field>
      </form>
      <ExportButtons
        label={t('surveys.export')}
        download={(format) => call('exportSurveyResults', { params: { surveyId: surveyId! }, query: { from: range.from, to: range.to, storeId: range.storeId, format } })}
      />
      <ErrorMessage error={survey.error ?? results.error} />
      {!r || !s ? (
        results.error || survey.error ? null : <Loading />
      ) : (
        <>
          <p className="kpi-value" data-testid="total-responses">
            {t('surveys.totalResponses', { count: r.responses })}
          </p>
          {r.questions.map((q) => (
            <Section key={q.id} id={`question-${q.id}`} title={text(q)}>
              <p className="muted">
                {t(`questionType.${q.type}`)} · {t('surveys.answered', { count: q.answered })}
              </p>
              {q.nps && <NpsResult series={q.nps} storeName={storeName} />}
              {q.csat && <CsatResult series={q.csat} storeName={storeName} />}
              {q.choices && <Choices survey={s} question={q} />}
              {q.texts && <Texts texts={q.texts} storeName={storeName} title={`${t('surveys.texts')}: ${text(q)}`} />}
            </Section>
          ))}
        </>
      )}
    </>
  );
}

type StoreName = (id: string | null, name: string | null) => string;

type Breakdowns<S> = {
  byStore: { storeId: string | null; storeName: string | null; summary: S }[];
  bySegment: { segmentId: string; segmentName: string; summary: S }[];
  byTier: { tierCode: string; summary: S }[];
  byLifecycleStage: { stage: string; summary: S }[];
};

/** The by-store, by-segment, by-tier and by-stage lists of a series as table rows. */
function breakdowns<S>(x: Breakdowns<S>, storeName: StoreName, stage: (s: string) => string) {
  return {
    store: x.byStore.map((b) => ({ key: b.storeId ?? 'none', label: storeName(b.storeId, b.storeName), summary: b.summary })),
    segment: x.bySegment.map((b) => ({ key: b.segmentId, label: b.segmentName, summary: b.summary })),
    tier: x.byTier.map((b) => ({ key: b.tierCode, label: b.tierCode, summary: b.summary })),
    stage: x.byLifecycleStage.map((b) => ({ key: b.stage, label: stage(b.stage), summary: b.summary })),
  };
}

function useGrouping() {
  const [by, setBy] = useState<'week' | 'month'>('week');
  return { by, setBy };
}

function GroupingSelect({ by, setBy }: { by: 'week' | 'month'; setBy: (v: 'week' | 'month') => void }) {
  const { t } = useTranslation();
  return (
    <Field label={t('surveys.grouping')}>
      <select value={by} onChange={(e) => setBy(e.target.value as 'week' | 'month')}>
        <option value="week">{t('surveys.byWeek')}</option>
        <option value="month">{t('surveys.byMonth')}</option>
      </select>
    </Field>
  );
}

function NpsResult({ series, storeName }: { series: NonNullable<QuestionResult['nps']>; storeName: StoreName }) {
  const { t } = useTranslation();
  const { by, setBy } = useGrouping();
  const time: Row<TNpsSummary>[] = by === 'week' ? series.byWeek.map((w) => ({ key: w.week, label: w.week, summary: w.summary })) : series.byMonth.map((m) => ({ key: m.month, label: m.month, summary: m.summary }));
  const parts = breakdowns<TNpsSummary>(series, storeName, (s) => t(`stage.${s as 'NEW'}`));
  const o = series.overall;
  return (
    <>
      <div className="kpis">
        <Kpi label={t('surveys.nps')} value={o.nps === null ? '—' : String(o.nps)} testId="nps-overall" />
        <Kpi label={t('surveys.promoters')} value={number(o.promoters)} />
        <Kpi label={t('surveys.passives')} value={number(o.passives)} />
        <Kpi label={t('surveys.detractors')} value={number(o.detractors)} />
      </div>
      <h3>{t('surveys.overTime')}</h3>
      <GroupingSelect by={by} setBy={setBy} />
      <TrendChart rows={time.map((x) => ({ label: x.label, value: x.summary.nps }))} name={t('surveys.nps')} domain={[-100, 100]} />
      <NpsTable caption={`${t('surveys.nps')} · ${t('surveys.overTime')}`} head={by === 'week' ? t('surveys.week') : t('surveys.month')} rows={time} />
      <NpsTable caption={`${t('surveys.nps')} · ${t('surveys.byStore')}`} head={t('surveys.store')} rows={parts.store} />
      <NpsTable caption={`${t('surveys.nps')} · ${t('surveys.bySegment')}`} head={t('surveys.segment')} rows={parts.segment} />
      <NpsTable caption={`${t('surveys.nps')} · ${t('surveys.byTier')}`} head={t('surveys.byTier')} rows={parts.tier} />
      <NpsTable caption={`${t('surveys.nps')} · ${t('surveys.byStage')}`} head={t('surveys.byStage')} rows={parts.stage} />
    </>
  );
}

function CsatResult({ series, storeName }: { series: NonNullable<QuestionResult['csat']>; storeName: StoreName }) {
  const { t } = useTranslation();
  const { by, setBy } = useGrouping();
  const time: Row<TCsatSummary>[] = by === 'week' ? series.byWeek.map((w) => ({ key: w.week, label: w.week, summary: w.summary })) : series.byMonth.map((m) => ({ key: m.month, label: m.month, summary: m.summary }));
  const parts = breakdowns<TCsatSummary>(series, storeName, (s) => t(`stage.${s as 'NEW'}`));
  const o = series.overall;
  return (
    <>
      <div className="kpis">
        <Kpi label={t('surveys.csat')} value={percent(o.csat)} testId="csat-overall" />
        <Kpi label={t('surveys.average')} value={o.average === null ? '—' : decimal(o.average, 2)} />
        <Kpi label={t('surveys.satisfied')} value={number(o.satisfied)} />
      </div>
      <h3>{t('surveys.overTime')}</h3>
      <GroupingSelect by={by} setBy={setBy} />
      <TrendChart rows={time.map((x) => ({ label: x.label, value: x.summary.csat }))} name={t('surveys.csat')} domain={[0, 100]} />
      <CsatTable caption={`${t('surveys.csat')} · ${t('surveys.overTime')}`} head={by === 'week' ? t('surveys.week') : t('surveys.month')} rows={time} />
      <CsatTable caption={`${t('surveys.csat')} · ${t('surveys.byStore')}`} head={t('surveys.store')} rows={parts.store} />
      <CsatTable caption={`${t('surveys.csat')} · ${t('surveys.bySegment')}`} head={t('surveys.segment')} rows={parts.segment} />
      <CsatTable caption={`${t('surveys.csat')} · ${t('surveys.byTier')}`} head={t('surveys.byTier')} rows={parts.tier} />
      <CsatTable caption={`${t('surveys.csat')} · ${t('surveys.byStage')}`} head={t('surveys.byStage')} rows={parts.stage} />
    </>
  );
}

function Kpi({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="kpi">
      <span className="kpi-label">{label}</span>
      <span className="kpi-value" data-testid={testId}>
        {value}
      </span>
    </div>
  );
}

/** A line over the periods; the same numbers are in the table under it. */
function TrendChart({ rows, name, domain }: { rows: { label: string; value: number | null }[]; name: string; domain: [number, number] }) {
  if (rows.length === 0) return null;
  return (
    <div className="chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={rows} margin={{ left: 8, right: 16, top: 8, bottom: 4 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="label" />
          <YAxis domain={domain} allowDecimals={false} />
          <Tooltip />
          <Line type="monotone" dataKey="value" name={name} stroke="#1f6f4a" isAnimationActive={false} connectNulls />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

function NpsTable({ caption, head, rows }: { caption: string; head: string; rows: Row<TNpsSummary>[] }) {
  const { t } = useTranslation();
  if (rows.length === 0) return null;
  return (
    <table className="data compact">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          <th scope="col" className="num">{t('surveys.responses')}</th>
          <th scope="col" className="num">{t('surveys.promoters')}</th>
          <th scope="col" className="num">{t('surveys.passives')}</th>
          <th scope="col" className="num">{t('surveys.detractors')}</th>
          <th scope="col" className="num">{t('surveys.nps')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ key, label, summary: x }) => (
          <tr key={key}>
            <th scope="row">{label}</th>
            <td className="num">{number(x.responses)}</td>
            <td className="num">{number(x.promoters)}</td>
            <td className="num">{number(x.passives)}</td>
            <td className="num">{number(x.detractors)}</td>
            <td className="num">{x.nps === null ? '—' : x.nps}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CsatTable({ caption, head, rows }: { caption: string; head: string; rows: Row<TCsatSummary>[] }) {
  const { t } = useTranslation();
  if (rows.length === 0) return null;
  return (
    <table className="data compact">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          <th scope="col" className="num">{t('surveys.responses')}</th>
          <th scope="col" className="num">{t('surveys.satisfied')}</th>
          <th scope="col" className="num">{t('surveys.average')}</th>
          <th scope="col" className="num">{t('surveys.csat')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ key, label, summary: x }) => (
          <tr key={key}>
            <th scope="row">{label}</th>
            <td className="num">{number(x.responses)}</td>
            <td className="num">{number(x.satisfied)}</td>
            <td className="num">{x.average === null ? '—' : decimal(x.average, 2)}</td>
            <td className="num">{percent(x.csat)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Choices({ survey, question }: { survey: TSurvey; question: QuestionResult }) {
  const { t, i18n } = useTranslation();
  const options = survey.questions.find((x) => x.id === question.id)?.options ?? [];
  const label = (id: string) => {
    const o = options.find((x) => x.id === id);
    return o ? (i18n.language === 'en' ? o.textEn : o.textTr) : id;
  };
  return (
    <table className="data compact">
      <caption className="visually-hidden">{t('surveys.options')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('surveys.choice')}</th>
          <th scope="col" className="num">{t('surveys.count')}</th>
        </tr>
      </thead>
      <tbody>
        {question.choices!.map((c) => (
          <tr key={c.optionId}>
            <th scope="row">{label(c.optionId)}</th>
            <td className="num">{number(c.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Texts({ texts, storeName, title }: { texts: NonNullable<QuestionResult['texts']>; storeName: StoreName; title: string }) {
  const { t } = useTranslation();
  if (texts.length === 0) return <p className="muted">{t('surveys.noTexts')}</p>;
  return (
    <table className="data compact">
      <caption className="visually-hidden">{title}</caption>
      <thead>
        <tr>
          <th scope="col">{t('surveys.submittedAt')}</th>
          <th scope="col">{t('surveys.store')}</th>
          <th scope="col">{t('surveys.text')}</th>
        </tr>
      </thead>
      <tbody>
        {texts.map((x, i) => (
          <tr key={i}>
            <td>{dateTime(x.submittedAt)}</td>
            <td>{storeName(x.storeId, null)}</td>
            <td className="preview">{x.text}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
