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

/** How one score (NPS or CSAT) is shown: its headline figures, the value it charts, and its table columns. */
type ScoreView<S> = {
  name: string;
  kpis: (overall: S) => { label: string; value: string; testId?: string }[];
  trend: (s: S) => number | null;
  domain: [number, number];
  columns: { label: string; cell: (s: S) => string }[];
};

type Series<S> = Breakdowns<S> & { overall: S; byWeek: { week: string; summary: S }[]; byMonth: { month: string; summary: S }[] };

function NpsResult({ series, storeName }: { series: NonNullable<QuestionResult['nps']>; storeName: StoreName }) {
  const { t } = useTranslation();
  const view: ScoreView<TNpsSummary> = {
    name: t('surveys.nps'),
    kpis: (o) => [
      { label: t('surveys.nps'), value: o.nps === null ? '—' : String(o.nps), testId: 'nps-overall' },
      { label: t('surveys.promoters'), value: number(o.promoters) },
      { label: t('surveys.passives'), value: number(o.passives) },
      { label: t('surveys.detractors'), value: number(o.detractors) },
    ],
    trend: (x) => x.nps,
    domain: [-100, 100],
    columns: [
      { label: t('surveys.responses'), cell: (x) => number(x.responses) },
      { label: t('surveys.promoters'), cell: (x) => number(x.promoters) },
      { label: t('surveys.passives'), cell: (x) => number(x.passives) },
      { label: t('surveys.detractors'), cell: (x) => number(x.detractors) },
      { label: t('surveys.nps'), cell: (x) => (x.nps === null ? '—' : String(x.nps)) },
    ],
  };
  return <ScoreResult series={series} storeName={storeName} view={view} />;
}

function CsatResult({ series, storeName }: { series: NonNullable<QuestionResult['csat']>; storeName: StoreName }) {
  const { t } = useTranslation();
  const average = (x: TCsatSummary) => (x.average === null ? '—' : decimal(x.average, 2));
  const view: ScoreView<TCsatSummary> = {
    name: t('surveys.csat'),
    kpis: (o) => [
      { label: t('surveys.csat'), value: percent(o.csat), testId: 'csat-overall' },
      { label: t('surveys.average'), value: average(o) },
      { label: t('surveys.satisfied'), value: number(o.satisfied) },
    ],
    trend: (x) => x.csat,
    domain: [0, 100],
    columns: [
      { label: t('surveys.responses'), cell: (x) => number(x.responses) },
      { label: t('surveys.satisfied'), cell: (x) => number(x.satisfied) },
      { label: t('surveys.average'), cell: average },
      { label: t('surveys.csat'), cell: (x) => percent(x.csat) },
    ],
  };
  return <ScoreResult series={series} storeName={storeName} view={view} />;
}

function ScoreResult<S>({ series, storeName, view }: { series: Series<S>; storeName: StoreName; view: ScoreView<S> }) {
  const { t } = useTranslation();
  const { by, setBy } = useGrouping();
  const time: Row<S>[] = by === 'week' ? series.byWeek.map((w) => ({ key: w.week, label: w.week, summary: w.summary })) : series.byMonth.map((m) => ({ key: m.month, label: m.month, summary: m.summary }));
  const parts = breakdowns<S>(series, storeName, (s) => t(`stage.${s as 'NEW'}`));
  const tables: [string, string, Row<S>[]][] = [
    [t('surveys.overTime'), by === 'week' ? t('surveys.week') : t('surveys.month'), time],
    [t('surveys.byStore'), t('surveys.store'), parts.store],
    [t('surveys.bySegment'), t('surveys.segment'), parts.segment],
    [t('surveys.byTier'), t('surveys.byTier'), parts.tier],
    [t('surveys.byStage'), t('surveys.byStage'), parts.stage],
  ];
  return (
    <>
      <div className="kpis">
        {view.kpis(series.overall).map((k) => (
          <Kpi key={k.label} {...k} />
        ))}
      </div>
      <h3>{t('surveys.overTime')}</h3>
      <GroupingSelect by={by} setBy={setBy} />
      <TrendChart rows={time.map((x) => ({ label: x.label, value: view.trend(x.summary) }))} name={view.name} domain={view.domain} />
      {tables.map(([title, head, rows]) => (
        <ScoreTable key={title} caption={`${view.name} · ${title}`} head={head} rows={rows} columns={view.columns} />
      ))}
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

function ScoreTable<S>({ caption, head, rows, columns }: { caption: string; head: string; rows: Row<S>[]; columns: ScoreView<S>['columns'] }) {
  if (rows.length === 0) return null;
  return (
    <table className="data compact">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          {columns.map((c) => (
            <th key={c.label} scope="col" className="num">
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(({ key, label, summary }) => (
          <tr key={key}>
            <th scope="row">{label}</th>
            {columns.map((c) => (
              <td key={c.label} className="num">
                {c.cell(summary)}
              </td>
            ))}
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
