import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { ExportButtons } from '../../layout/export-buttons';
import { Field } from '../../layout/field';
import { ErrorMessage, Loading, PageTitle, Section } from '../../layout/ui';
import { call } from '../../lib/api';
import { minutes, number, percent } from '../../lib/format';
import { localName } from '../../lib/names';
import { useLoad } from '../../lib/use-load';

const PALETTE = ['#0b6e4f', '#2a9d8f', '#e9c46a', '#f4a261', '#e76f51', '#457b9d', '#8d99ae', '#6d597a'];

function isoDay(d: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Istanbul' }).format(d);
}

/** The service dashboard: response and resolution times, SLA compliance, reopen rate, volume by category, store and channel. */
export default function ServiceDashboardPage() {
  const { t } = useTranslation();
  const [to, setTo] = useState(() => isoDay(new Date()));
  const [from, setFrom] = useState(() => isoDay(new Date(Date.now() - 29 * 86_400_000)));
  const report = useLoad(() => call('serviceReport', { query: { from, to } }), [from, to]);
  const categories = useLoad(() => call('listTicketCategories', {}), []);

  const r = report.data;
  const categoryName = (code: string, nameTr: string) => {
    const c = categories.data?.items.find((x) => x.code === code);
    return c ? localName(c) : nameTr;
  };
  const byCategory = r?.byCategory.map((c) => ({ name: categoryName(c.code, c.nameTr), tickets: c.tickets })) ?? [];
  const byStore = r?.byStore.map((s) => ({ name: s.storeName ?? t('dashboard.noStore'), tickets: s.tickets })) ?? [];
  const byChannel = r?.byChannel.map((c) => ({ name: t(`channel.${c.channel}`), tickets: c.tickets })) ?? [];

  return (
    <>
      <PageTitle title={t('dashboard.title')}>{t('dashboard.title')}</PageTitle>
      <form className="filters" aria-label={t('dashboard.period')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('dashboard.from')}>
          <input type="date" value={from} max={to} onChange={(e) => e.target.value && setFrom(e.target.value)} />
        </Field>
        <Field label={t('dashboard.to')}>
          <input type="date" value={to} min={from} onChange={(e) => e.target.value && setTo(e.target.value)} />
        </Field>
      </form>
      <ExportButtons download={(format) => call('exportServiceReport', { query: { from, to, format } })} />
      <ErrorMessage error={report.error} />
      {!r ? (
        report.error ? null : <Loading />
      ) : (
        <>
          <div className="kpis" aria-label={t('dashboard.keyFigures')}>
            <Kpi label={t('dashboard.created')} value={number(r.created)} />
            <Kpi label={t('dashboard.open')} value={number(r.open)} />
            <Kpi label={t('dashboard.resolved')} value={number(r.resolved)} />
            <Kpi label={t('dashboard.firstResponseAvg')} value={r.firstResponse.averageBusinessMinutes === null ? '—' : minutes(r.firstResponse.averageBusinessMinutes)} hint={t('dashboard.median', { value: r.firstResponse.medianBusinessMinutes === null ? '—' : minutes(r.firstResponse.medianBusinessMinutes) })} />
            <Kpi label={t('dashboard.firstResponseSla')} value={percent(r.firstResponse.slaCompliancePercent)} />
            <Kpi label={t('dashboard.resolutionAvg')} value={r.resolution.averageBusinessMinutes === null ? '—' : minutes(r.resolution.averageBusinessMinutes)} hint={t('dashboard.median', { value: r.resolution.medianBusinessMinutes === null ? '—' : minutes(r.resolution.medianBusinessMinutes) })} />
            <Kpi label={t('dashboard.resolutionSla')} value={percent(r.resolution.slaCompliancePercent)} />
            <Kpi label={t('dashboard.reopenRate')} value={percent(r.reopenRatePercent)} />
            <Kpi label={t('dashboard.csat')} value={percent(r.followUpCsat.csat)} hint={t('dashboard.responses', { count: r.followUpCsat.responses })} />
          </div>
          <div className="grid-2">
            <ChartCard title={t('dashboard.byCategory')} rows={byCategory} />
            <ChartCard title={t('dashboard.byStore')} rows={byStore} />
            <ChartCard title={t('dashboard.byChannel')} rows={byChannel} />
          </div>
        </>
      )}
    </>
  );
}

function Kpi({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="kpi">
      <span className="kpi-label">{label}</span>
      <span className="kpi-value">{value}</span>
      {hint && <span className="kpi-hint">{hint}</span>}
    </div>
  );
}

/** A bar chart with the same numbers as a table underneath (for screen readers and exact values). */
function ChartCard({ title, rows }: { title: string; rows: { name: string; tickets: number }[] }) {
  const { t } = useTranslation();
  return (
    <Section title={title}>
      {rows.length === 0 ? (
        <p className="muted">{t('dashboard.noData')}</p>
      ) : (
        <>
          <div className="chart" aria-hidden="true">
            <ResponsiveContainer width="100%" height={Math.max(160, rows.length * 34)}>
              <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 16, top: 4, bottom: 4 }}>
                <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                <XAxis type="number" allowDecimals={false} />
                <YAxis type="category" dataKey="name" width={150} interval={0} />
                <Tooltip />
                <Bar dataKey="tickets" name={t('dashboard.tickets')} isAnimationActive={false}>
                  {rows.map((row, i) => (
                    <Cell key={row.name} fill={PALETTE[i % PALETTE.length]} />
                  ))}
                </Bar>
              </BarChart>
            </ResponsiveContainer>
          </div>
          <table className="data compact">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dashboard.name')}</th>
                <th scope="col" className="num">
                  {t('dashboard.tickets')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.name}>
                  <td>{row.name}</td>
                  <td className="num">{number(row.tickets)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Section>
  );
}
