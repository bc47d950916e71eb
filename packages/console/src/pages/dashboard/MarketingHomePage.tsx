import type { TMarketingTrendMonth } from '@kulup/contracts';
import { useState } from 'react';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { Field } from '../../layout/field';
import { Badge, ErrorMessage, Loading, PageTitle, Section } from '../../layout/ui';
import { call } from '../../lib/api';
import { date, money, month, number, percent } from '../../lib/format';
import { useLoad } from '../../lib/use-load';

const MONTH_CHOICES = [6, 12, 24, 36] as const;
const COLORS = { primary: '#1f6f4a', second: '#2a9d8f', third: '#e76f51' } as const;

/** A 0…1 share (or null) as a percentage with one decimal: 0.6592 → `65,9 %`. */
const share = (x: number | null) => percent(x === null ? null : Math.round(x * 1000) / 10);

/**
 * The marketer's home: key figures (active members, member revenue share, points liability, redemption rate,
 * NPS when there are answers), monthly trends as charts with the same numbers in tables, points about to
 * expire and the surveys running.
 */
export default function MarketingHomePage() {
  const { t, i18n } = useTranslation();
  const [months, setMonths] = useState<number>(12);
  const [storeId, setStoreId] = useState('');
  const dashboard = useLoad(() => call('marketingDashboard', { query: { months, ...(storeId ? { storeId } : {}) } }), [months, storeId]);
  const stores = useLoad(() => call('listStores', {}), []);
  const expiring = useLoad(() => call('expiringPointsReport', { query: { limit: 1000 } }), []);
  const surveys = useLoad(() => call('listSurveys', { query: { kind: 'STANDARD' } }), []);
  const items = expiring.data?.items ?? [];
  const totalExpiring = items.reduce((sum, x) => sum + x.points, 0);
  const title = (s: { titleTr: string; titleEn: string }) => (i18n.language === 'en' ? s.titleEn : s.titleTr);
  const d = dashboard.data;
  const k = d?.kpis;
  // NPS is shown once surveys have NPS answers, in the period or in any month of the trend.
  const hasNps = !!d && (d.kpis.nps.responses > 0 || d.trend.some((m) => m.nps.responses > 0));

  return (
    <>
      <PageTitle title={t('marketing.title')}>{t('marketing.title')}</PageTitle>
      <form className="filters" aria-label={t('marketing.filters')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('marketing.months')}>
          <select value={months} onChange={(e) => setMonths(Number(e.target.value))}>
            {MONTH_CHOICES.map((n) => (
              <option key={n} value={n}>
                {t('marketing.monthsOption', { count: n })}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('marketing.store')} hint={storeId ? t('marketing.storeNote') : undefined}>
          <select value={storeId} onChange={(e) => setStoreId(e.target.value)}>
            <option value="">{t('marketing.allStores')}</option>
            {(stores.data?.items ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
      </form>
      <ErrorMessage error={dashboard.error ?? expiring.error ?? surveys.error} />
      {!d || !k || (expiring.loading && !expiring.data) ? (
        dashboard.error ? null : <Loading />
      ) : (
        <>
          <div className="kpis" role="group" aria-label={t('marketing.keyFigures')} aria-busy={dashboard.loading}>
            <Kpi label={t('marketing.activeMembers')} value={number(k.activeMembers)} hint={t('marketing.activeHint', { total: number(k.totalMembers) })} />
            <Kpi label={t('marketing.newMembers')} value={number(k.newMembers)} hint={t('marketing.lastDays', { days: d.days })} />
            <Kpi label={t('marketing.memberShare')} value={share(k.memberRevenueShare)} hint={t('marketing.memberShareHint', { amount: money(k.memberRevenueKurus), days: d.days })} />
            <Kpi
              label={t('marketing.liability')}
              value={number(k.liability.points)}
              hint={t('marketing.liabilityHint', { value: money(k.liability.valueKurus), pending: number(k.liability.pendingPoints) })}
            />
            <Kpi
              label={t('marketing.redemptionRate')}
              value={share(k.redemptionRate)}
              hint={t('marketing.redemptionHint', { earned: number(k.pointsEarned), redeemed: number(k.pointsRedeemed), days: d.days })}
            />
            {hasNps && (
              <Kpi label={t('marketing.nps')} value={k.nps.nps === null ? '—' : number(k.nps.nps)} hint={t('marketing.npsHint', { count: k.nps.responses, days: d.days })} />
            )}
            <Kpi label={t('marketing.expiringMembers', { days: expiring.data?.days ?? '' })} value={number(items.length)} />
            <Kpi label={t('marketing.expiringPoints')} value={number(totalExpiring)} />
            <Kpi label={t('marketing.activeSurveys')} value={number((surveys.data?.items ?? []).filter((s) => s.status === 'ACTIVE').length)} />
          </div>
          <Trends trend={d.trend} hasNps={hasNps} />
        </>
      )}
      <div className="grid-2">
        <Section title={t('marketing.expiringList')}>
          {items.length === 0 ? (
            <p className="muted">{t('marketing.noExpiring')}</p>
          ) : (
            <table className="data compact">
              <thead>
                <tr>
                  <th scope="col">{t('members.name')}</th>
                  <th scope="col" className="num">
                    {t('member.pointsColumn')}
                  </th>
                  <th scope="col">{t('marketing.expiresOn')}</th>
                </tr>
              </thead>
              <tbody>
                {items.slice(0, 20).map((x) => (
                  <tr key={x.memberId}>
                    <td>
                      <Link to={`/members/${x.memberId}`}>{x.firstName}</Link>
                    </td>
                    <td className="num">{number(x.points)}</td>
                    <td>{date(x.earliestExpiresAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
        <Section
          title={t('marketing.surveys')}
          actions={
            <Link className="button" to="/surveys">
              {t('surveys.manage')}
            </Link>
          }
        >
          {(surveys.data?.items ?? []).length === 0 ? (
            <p className="muted">{t('marketing.noSurveys')}</p>
          ) : (
            <ul className="plain">
              {surveys.data!.items.map((s) => (
                <li key={s.id}>
                  <strong>{title(s)}</strong> <Badge tone={s.status === 'ACTIVE' ? 'good' : 'neutral'}>{t(`surveyStatus.${s.status}`)}</Badge>{' '}
                  <span className="muted">{t('marketing.responses', { count: s.responseCount })}</span>
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>
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

type Column = { label: string; cell: (m: TMarketingTrendMonth) => string };

/** A chart (hidden from screen readers) above a table with the same numbers, one row per month. */
function TrendCard({ title, id, chart, columns, trend }: { title: string; id: string; chart: ReactElement; columns: Column[]; trend: TMarketingTrendMonth[] }) {
  const { t } = useTranslation();
  return (
    <Section title={title} id={id}>
      <div className="chart" aria-hidden="true">
        <ResponsiveContainer width="100%" height={220}>
          {chart}
        </ResponsiveContainer>
      </div>
      <table className="data compact">
        <caption className="visually-hidden">{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('marketing.month')}</th>
            {columns.map((c) => (
              <th key={c.label} scope="col" className="num">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {trend.map((m) => (
            <tr key={m.month}>
              <th scope="row">{month(m.from)}</th>
              {columns.map((c) => (
                <td key={c.label} className="num">
                  {c.cell(m)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

function Trends({ trend, hasNps }: { trend: TMarketingTrendMonth[]; hasNps: boolean }) {
  const { t } = useTranslation();
  const rows = trend.map((m) => ({
    label: month(m.from),
    active: m.activeMembers,
    joined: m.newMembers,
    share: m.memberRevenueShare === null ? null : Math.round(m.memberRevenueShare * 1000) / 10,
    earned: m.pointsEarned,
    redeemed: m.pointsRedeemed,
    expired: m.pointsExpired,
    nps: m.nps.nps,
  }));
  const grid = <CartesianGrid strokeDasharray="3 3" />;
  const x = <XAxis dataKey="label" />;
  const margin = { left: 8, right: 16, top: 8, bottom: 4 };
  return (
    <div className="grid-2 trends">
      <TrendCard
        title={t('marketing.membersTrend')}
        id="members-trend"
        trend={trend}
        chart={
          <LineChart data={rows} margin={margin}>
            {grid}
            {x}
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            <Line type="monotone" dataKey="active" name={t('marketing.activeMembers')} stroke={COLORS.primary} isAnimationActive={false} />
            <Line type="monotone" dataKey="joined" name={t('marketing.newMembers')} stroke={COLORS.third} isAnimationActive={false} />
          </LineChart>
        }
        columns={[
          { label: t('marketing.activeMembers'), cell: (m) => number(m.activeMembers) },
          { label: t('marketing.newMembers'), cell: (m) => number(m.newMembers) },
          { label: t('marketing.totalMembers'), cell: (m) => number(m.totalMembers) },
        ]}
      />
      <TrendCard
        title={t('marketing.revenueTrend')}
        id="revenue-trend"
        trend={trend}
        chart={
          <LineChart data={rows} margin={margin}>
            {grid}
            {x}
            <YAxis domain={[0, 100]} unit=" %" />
            <Tooltip />
            <Line type="monotone" dataKey="share" name={t('marketing.sharePercent')} stroke={COLORS.primary} connectNulls isAnimationActive={false} />
          </LineChart>
        }
        columns={[
          { label: t('marketing.revenue'), cell: (m) => money(m.revenueKurus) },
          { label: t('marketing.memberRevenue'), cell: (m) => money(m.memberRevenueKurus) },
          { label: t('marketing.memberShare'), cell: (m) => share(m.memberRevenueShare) },
        ]}
      />
      <TrendCard
        title={t('marketing.pointsTrend')}
        id="points-trend"
        trend={trend}
        chart={
          <BarChart data={rows} margin={margin}>
            {grid}
            {x}
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            <Bar dataKey="earned" name={t('marketing.pointsEarned')} fill={COLORS.primary} isAnimationActive={false} />
            <Bar dataKey="redeemed" name={t('marketing.pointsRedeemed')} fill={COLORS.second} isAnimationActive={false} />
            <Bar dataKey="expired" name={t('marketing.pointsExpired')} fill={COLORS.third} isAnimationActive={false} />
          </BarChart>
        }
        columns={[
          { label: t('marketing.pointsEarned'), cell: (m) => number(m.pointsEarned) },
          { label: t('marketing.pointsRedeemed'), cell: (m) => number(m.pointsRedeemed) },
          { label: t('marketing.pointsExpired'), cell: (m) => number(m.pointsExpired) },
          { label: t('marketing.redemptionRate'), cell: (m) => share(m.redemptionRate) },
        ]}
      />
      {hasNps && (
        <TrendCard
          title={t('marketing.npsTrend')}
          id="nps-trend"
          trend={trend}
          chart={
            <LineChart data={rows} margin={margin}>
              {grid}
              {x}
              <YAxis domain={[-100, 100]} allowDecimals={false} />
              <Tooltip />
              <Line type="monotone" dataKey="nps" name={t('marketing.nps')} stroke={COLORS.primary} connectNulls isAnimationActive={false} />
            </LineChart>
          }
          columns={[
            { label: t('marketing.nps'), cell: (m) => (m.nps.nps === null ? '—' : number(m.nps.nps)) },
            { label: t('marketing.npsResponses'), cell: (m) => number(m.nps.responses) },
          ]}
        />
      )}
    </div>
  );
}
