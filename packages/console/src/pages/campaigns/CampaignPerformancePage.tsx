import type { TCampaign, TCampaignEvaluation } from '@kulup/contracts';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Bar, BarChart, CartesianGrid, ErrorBar, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { ExportButtons } from '../../layout/export-buttons';
import { ErrorMessage, Loading, PageTitle, Section } from '../../layout/ui';
import { call } from '../../lib/api';
import { dateTime, decimal, money, number, percent } from '../../lib/format';
import { useLoad } from '../../lib/use-load';
import { StatusBadge } from './CampaignListPage';
import { budgetAmount } from './campaign-form';

const FUNNEL = ['issued', 'seen', 'activated', 'redeemed'] as const;

/** How a campaign did: reach, awards, cost against the budget, the offer funnel, uplift over the control group, ROI. */
export default function CampaignPerformancePage() {
  const { t } = useTranslation();
  const { campaignId = '' } = useParams();
  const campaign = useLoad(() => call('getCampaign', { params: { campaignId } }), [campaignId]);
  const evaluation = useLoad(() => call('evaluateCampaign', { params: { campaignId } }), [campaignId]);
  const c = campaign.data;
  const e = evaluation.data;
  const title = c ? t('campaigns.performance.title', { name: c.name }) : t('campaigns.performanceLink');
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/campaigns">{t('campaigns.back')}</Link>
        {c && (
          <>
            {' · '}
            <Link to={`/campaigns/${c.id}`}>{c.name}</Link>
          </>
        )}
      </p>
      <PageTitle title={title}>
        {title} {c && <StatusBadge status={c.status} />}
      </PageTitle>
      <div className="button-row">
        <button
          type="button"
          className="secondary"
          onClick={() => {
            campaign.reload();
            evaluation.reload();
          }}
        >
          {t('common.refresh')}
        </button>
      </div>
      <ExportButtons
        label={t('exports.of', { name: c ? t('campaigns.performanceOf', { name: c.name }) : t('campaigns.performanceLink') })}
        download={(format) => call('exportCampaignEvaluation', { params: { campaignId }, query: { format } })}
      />
      <ErrorMessage error={campaign.error ?? evaluation.error} />
      {!c || !e ? (
        (campaign.loading || evaluation.loading) && <Loading />
      ) : (
        <>
          <p className="muted">{t('campaigns.performance.period', { from: dateTime(e.from), to: dateTime(e.to) })}</p>
          <Summary campaign={c} evaluation={e} />
          <div className="grid-2">
            <Funnel evaluation={e} />
            <Uplift evaluation={e} />
          </div>
          <Messages campaignId={c.id} />
        </>
      )}
    </>
  );
}

function Kpi({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId: string }) {
  return (
    <div className="kpi">
      <span className="kpi-label">{label}</span>
      <span className="kpi-value" data-testid={testId}>
        {value}
      </span>
      {hint && <span className="kpi-hint">{hint}</span>}
    </div>
  );
}

function Summary({ campaign, evaluation: e }: { campaign: TCampaign; evaluation: TCampaignEvaluation }) {
  const { t } = useTranslation();
  const amount = (n: number) => budgetAmount(n, campaign.budgetUnit, money, number, t('campaigns.pointsWord'));
  const cap = campaign.budgetCap;
  const used = cap === null ? null : Math.round((e.budgetUsed / cap) * 1000) / 10;
  return (
    <>
      <div className="kpis" aria-label={t('campaigns.performance.summary')} role="group">
        <Kpi testId="perf-reach" label={t('campaigns.performance.reach')} value={number(e.reach)} />
        <Kpi testId="perf-awards" label={t('campaigns.performance.awards')} value={number(e.awards)} />
        <Kpi testId="perf-cost" label={t('campaigns.performance.cost')} value={amount(e.budgetUsed)} hint={t('campaigns.performance.ofBudget', { cap: cap === null ? t('campaigns.noCap') : amount(cap), used: percent(used) })} />
        <Kpi testId="perf-roi" label={t('campaigns.performance.roi')} value={e.roi === null ? '—' : percent(Math.round(e.roi * 1000) / 10)} />
      </div>
      <Section title={t('campaigns.performance.costTable')} id="campaign-cost">
      {cap !== null && (
        <div className="chart" aria-hidden="true">
          <ResponsiveContainer width="100%" height={70}>
            <BarChart data={[{ label: t('campaigns.performance.budget'), used: e.budgetUsed, left: Math.max(0, cap - e.budgetUsed) }]} layout="vertical" margin={{ left: 8, right: 16 }}>
              <XAxis type="number" domain={[0, cap]} hide />
              <YAxis type="category" dataKey="label" width={100} />
              <Tooltip />
              <Bar dataKey="used" stackId="b" fill="#1f6f4a" isAnimationActive={false} />
              <Bar dataKey="left" stackId="b" fill="#d9e6df" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      <table className="data compact">
        <caption className="visually-hidden">{t('campaigns.performance.costTable')}</caption>
        <tbody>
          <tr>
            <th scope="row">{t('campaigns.performance.points')}</th>
            <td className="num">{number(e.points)}</td>
          </tr>
          <tr>
            <th scope="row">{t('campaigns.performance.discount')}</th>
            <td className="num">{money(e.discountKurus)}</td>
          </tr>
          <tr>
            <th scope="row">{t('campaigns.performance.gifts')}</th>
            <td className="num">{money(e.giftKurus)}</td>
          </tr>
          <tr>
            <th scope="row">{t('campaigns.performance.drawEntries')}</th>
            <td className="num">{number(e.drawEntries)}</td>
          </tr>
          <tr>
            <th scope="row">{t('campaigns.performance.budgetUsed')}</th>
            <td className="num">
              {amount(e.budgetUsed)} / {cap === null ? t('campaigns.noCap') : amount(cap)}
            </td>
          </tr>
          <tr>
            <th scope="row">{t('campaigns.performance.costKurus')}</th>
            <td className="num">{money(e.costKurus)}</td>
          </tr>
        </tbody>
      </table>
      </Section>
    </>
  );
}

function Funnel({ evaluation: e }: { evaluation: TCampaignEvaluation }) {
  const { t } = useTranslation();
  const rows = FUNNEL.map((step, i) => ({
    step,
    label: t(`campaigns.performance.funnel.${step}`),
    count: e.offers[step],
    rate: i === 0 || e.offers[FUNNEL[i - 1]!] === 0 ? null : Math.round((e.offers[step] / e.offers[FUNNEL[i - 1]!]) * 1000) / 10,
  }));
  return (
    <Section title={t('campaigns.performance.funnelTitle')} id="offer-funnel">
      <div className="chart" aria-hidden="true">
        <ResponsiveContainer width="100%" height={180}>
          <BarChart data={rows} margin={{ left: 8, right: 16, top: 8, bottom: 4 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" interval={0} />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Bar dataKey="count" fill="#1f6f4a" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="data compact">
        <caption className="visually-hidden">{t('campaigns.performance.funnelTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('campaigns.performance.step')}</th>
            <th scope="col" className="num">
              {t('campaigns.performance.offers')}
            </th>
            <th scope="col" className="num">
              {t('campaigns.performance.stepRate')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.step}>
              <th scope="row">{r.label}</th>
              <td className="num">{number(r.count)}</td>
              <td className="num">{percent(r.rate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{t('campaigns.performance.expired', { count: e.offers.expired })}</p>
    </Section>
  );
}

function Uplift({ evaluation: e }: { evaluation: TCampaignEvaluation }) {
  const { t } = useTranslation();
  const u = e.uplift;
  const lira = (k: number | null) => (k === null ? '—' : money(Math.round(k)));
  const hasCi = u.ciLowKurus !== null && u.ciHighKurus !== null;
  const data = [
    { label: t('campaigns.performance.treatment'), spend: u.meanSpendTreatmentKurus / 100 },
    { label: t('campaigns.performance.control'), spend: u.meanSpendControlKurus / 100 },
    {
      label: t('campaigns.performance.incremental'),
      spend: u.incrementalSpendPerMemberKurus / 100,
      ci: hasCi ? [(u.incrementalSpendPerMemberKurus - u.ciLowKurus!) / 100, (u.ciHighKurus! - u.incrementalSpendPerMemberKurus) / 100] : [0, 0],
    },
  ];
  return (
    <Section title={t('campaigns.performance.upliftTitle')} id="uplift">
      <div className="chart" aria-hidden="true">
        <ResponsiveContainer width="100%" height={180}>
          <BarChart data={data} margin={{ left: 8, right: 16, top: 8, bottom: 4 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" interval={0} />
            <YAxis />
            <Tooltip />
            <Bar dataKey="spend" fill="#2b6cb0" isAnimationActive={false}>
              <ErrorBar dataKey="ci" width={6} stroke="#333" />
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="data compact">
        <caption className="visually-hidden">{t('campaigns.performance.upliftTitle')}</caption>
        <tbody>
          <tr>
            <th scope="row">{t('campaigns.performance.groupSizes')}</th>
            <td className="num">
              {number(u.treatmentMembers)} / {number(u.controlMembers)}
            </td>
          </tr>
          <tr>
            <th scope="row">{t('campaigns.performance.meanTreatment')}</th>
            <td className="num">{lira(u.meanSpendTreatmentKurus)}</td>
          </tr>
          <tr>
            <th scope="row">{t('campaigns.performance.meanControl')}</th>
            <td className="num">{lira(u.meanSpendControlKurus)}</td>
          </tr>
          <tr>
            <th scope="row">{t('campaigns.performance.incrementalPerMember')}</th>
            <td className="num">{lira(u.incrementalSpendPerMemberKurus)}</td>
          </tr>
          <tr>
            <th scope="row">{t('campaigns.performance.ci')}</th>
            <td className="num">{hasCi ? `${lira(u.ciLowKurus)} … ${lira(u.ciHighKurus)}` : t('campaigns.performance.noCi')}</td>
          </tr>
          <tr>
            <th scope="row">{t('campaigns.performance.incrementalTotal')}</th>
            <td className="num">{lira(u.incrementalSpendKurus)}</td>
          </tr>
          <tr>
            <th scope="row">{t('campaigns.performance.roi')}</th>
            <td className="num">{e.roi === null ? '—' : decimal(e.roi, 2)}</td>
          </tr>
        </tbody>
      </table>
    </Section>
  );
}

function Messages({ campaignId }: { campaignId: string }) {
  const { t } = useTranslation();
  const stats = useLoad(() => call('campaignMessageStats', { params: { campaignId } }), [campaignId]);
  const items = stats.data?.items ?? [];
  return (
    <Section title={t('campaigns.performance.messagesTitle')} id="message-stats">
      <ErrorMessage error={stats.error} />
      {stats.loading && !stats.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="muted">{t('campaigns.performance.noMessages')}</p>
      ) : (
        <table className="data compact">
          <caption className="visually-hidden">{t('campaigns.performance.messagesTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('campaigns.performance.channel')}</th>
              <th scope="col">{t('campaigns.performance.deliveryStatus')}</th>
              <th scope="col">{t('campaigns.performance.reason')}</th>
              <th scope="col" className="num">
                {t('campaigns.performance.count')}
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr key={`${m.channel}-${m.status}-${m.reason ?? ''}`}>
                <td>{t(`campaigns.channel.${m.channel}`)}</td>
                <td>{t(`campaigns.delivery.${m.status}`)}</td>
                <td>{m.reason ?? '—'}</td>
                <td className="num">{number(m.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
