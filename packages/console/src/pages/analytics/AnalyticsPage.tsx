import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { ExportButtons } from '../../layout/export-buttons';
import { Field } from '../../layout/field';
import { ErrorMessage, Loading, PageTitle, Section } from '../../layout/ui';
import { call } from '../../lib/api';
import { dateTime, decimal, money, number, percent } from '../../lib/format';
import { useLoad } from '../../lib/use-load';

const share = (x: number) => percent(Math.round(x * 1000) / 10);

/** Analytics for marketers: RFM groups, revenue share, satisfaction × loyalty, lifecycle and basket rules. */
export default function AnalyticsPage() {
  const { t } = useTranslation();
  const [tick, setTick] = useState(0);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function recompute() {
    setBusy(true);
    setError(undefined);
    try {
      const r = await call('refreshAnalytics', {});
      setNotice(t('analytics.recomputed', { members: r.members, scored: r.scoredMembers }));
      setTick((n) => n + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <PageTitle title={t('analytics.title')}>{t('analytics.title')}</PageTitle>
      <div className="button-row">
        <button type="button" className="secondary" disabled={busy} onClick={() => void recompute()}>
          {t('analytics.recompute')}
        </button>
      </div>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <ErrorMessage error={error} />
      <div className="grid-2">
        <RfmSection tick={tick} />
        <RevenueSection tick={tick} />
        <MatrixSection tick={tick} />
        <LifecycleSection tick={tick} />
      </div>
      <BasketSection tick={tick} />
    </>
  );
}

function Computed({ at }: { at: string | null | undefined }) {
  const { t } = useTranslation();
  return <p className="muted">{at ? t('analytics.computedAt', { at: dateTime(at) }) : t('analytics.notComputed')}</p>;
}

function RfmSection({ tick }: { tick: number }) {
  const { t } = useTranslation();
  const rfm = useLoad(() => call('rfmAnalytics', {}), [tick]);
  const rows = (rfm.data?.groups ?? []).map((g) => ({ ...g, label: t(`ruleValue.${g.group}`) }));
  return (
    <Section title={t('analytics.rfm')} id="rfm">
      <ExportButtons label={t('exports.of', { name: t('analytics.rfm') })} download={(format) => call('exportRfm', { query: { format } })} />
      <ErrorMessage error={rfm.error} />
      {rfm.loading && !rfm.data ? (
        <Loading />
      ) : (
        <>
          <Computed at={rfm.data?.computedAt} />
          {rows.length > 0 && (
            <div className="chart" aria-hidden="true">
              <ResponsiveContainer width="100%" height={Math.max(160, rows.length * 30)}>
                <BarChart data={rows} layout="vertical" margin={{ left: 8, right: 16, top: 4, bottom: 4 }}>
                  <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                  <XAxis type="number" allowDecimals={false} />
                  <YAxis type="category" dataKey="label" width={140} interval={0} />
                  <Tooltip />
                  <Bar dataKey="members" fill="#1f6f4a" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
          )}
          <table className="data compact">
            <caption className="visually-hidden">{t('analytics.rfm')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('analytics.group')}</th>
                <th scope="col" className="num">
                  {t('analytics.members')}
                </th>
                <th scope="col" className="num">
                  {t('analytics.spend12m')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((g) => (
                <tr key={g.group}>
                  <th scope="row">{g.label}</th>
                  <td className="num">{number(g.members)}</td>
                  <td className="num">{money(g.spend12mKurus)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Section>
  );
}

function DaysForm({ days, onDays, label }: { days: number; onDays: (d: number) => void; label: string }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(String(days));
  return (
    <form
      className="filters"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        const n = Number(draft);
        if (Number.isInteger(n) && n >= 1 && n <= 3650) onDays(n);
      }}
    >
      <Field label={t('analytics.days')}>
        <input type="number" min={1} max={3650} value={draft} onChange={(e) => setDraft(e.target.value)} />
      </Field>
      <button type="submit" className="secondary">
        {t('analytics.show')}
      </button>
    </form>
  );
}

function RevenueSection({ tick }: { tick: number }) {
  const { t } = useTranslation();
  const [days, setDays] = useState(365);
  const revenue = useLoad(() => call('revenueShare', { query: { days } }), [days, tick]);
  const r = revenue.data;
  return (
    <Section title={t('analytics.revenue')} id="revenue">
      <DaysForm days={days} onDays={setDays} label={t('analytics.revenue')} />
      <ExportButtons label={t('exports.of', { name: t('analytics.revenue') })} download={(format) => call('exportRevenueShare', { query: { days, format } })} />
      <ErrorMessage error={revenue.error} />
      {!r ? (
        revenue.loading && <Loading />
      ) : (
        <table className="data compact">
          <caption className="visually-hidden">{t('analytics.revenue')}</caption>
          <tbody>
            <tr>
              <th scope="row">{t('analytics.total')}</th>
              <td className="num">{money(r.totalKurus)}</td>
            </tr>
            <tr>
              <th scope="row">{t('analytics.memberRevenue')}</th>
              <td className="num">{money(r.memberKurus)}</td>
            </tr>
            <tr>
              <th scope="row">{t('analytics.memberShare')}</th>
              <td className="num">{share(r.memberShare)}</td>
            </tr>
            <tr>
              <th scope="row">{t('analytics.anonymousShare')}</th>
              <td className="num">{r.totalKurus === 0 ? '—' : share(1 - r.memberShare)}</td>
            </tr>
            <tr>
              <th scope="row">{t('analytics.buyingMembers')}</th>
              <td className="num">{number(r.buyingMembers)}</td>
            </tr>
            <tr>
              <th scope="row">{t('analytics.top10')}</th>
              <td className="num">{share(r.top10Share)}</td>
            </tr>
            <tr>
              <th scope="row">{t('analytics.top20')}</th>
              <td className="num">{share(r.top20Share)}</td>
            </tr>
          </tbody>
        </table>
      )}
    </Section>
  );
}

function MatrixSection({ tick }: { tick: number }) {
  const { t } = useTranslation();
  const matrix = useLoad(() => call('satisfactionLoyaltyMatrix', {}), [tick]);
  const count = (q: string) => matrix.data?.quadrants.find((x) => x.quadrant === q)?.members ?? 0;
  const cell = (q: 'APOSTLE' | 'MERCENARY' | 'HOSTAGE' | 'DEFECTOR') => (
    <td className={`quadrant quadrant-${q.toLowerCase()}`}>
      <strong>{t(`ruleValue.${q}`)}</strong>
      <span className="kpi-value">{number(count(q))}</span>
    </td>
  );
  return (
    <Section title={t('analytics.matrix')} id="matrix">
      <ExportButtons label={t('exports.of', { name: t('analytics.matrix') })} download={(format) => call('exportSatisfactionLoyalty', { query: { format } })} />
      <ErrorMessage error={matrix.error} />
      {matrix.loading && !matrix.data ? (
        <Loading />
      ) : (
        <>
          <Computed at={matrix.data?.computedAt} />
          <table className="data matrix">
            <caption className="visually-hidden">{t('analytics.matrix')}</caption>
            <thead>
              <tr>
                <td />
                <th scope="col">{t('analytics.loyal')}</th>
                <th scope="col">{t('analytics.notLoyal')}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{t('analytics.satisfied')}</th>
                {cell('APOSTLE')}
                {cell('MERCENARY')}
              </tr>
              <tr>
                <th scope="row">{t('analytics.notSatisfied')}</th>
                {cell('HOSTAGE')}
                {cell('DEFECTOR')}
              </tr>
            </tbody>
          </table>
          <h3>{t('analytics.satisfactionGroups')}</h3>
          <ul className="plain">
            {(matrix.data?.satisfaction ?? []).map((s) => (
              <li key={s.group}>
                {t(`ruleValue.${s.group}`)}: <strong>{number(s.members)}</strong>
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}

function LifecycleSection({ tick }: { tick: number }) {
  const { t } = useTranslation();
  const [days, setDays] = useState(30);
  const report = useLoad(() => call('lifecycleReport', { query: { days } }), [days, tick]);
  const r = report.data;
  return (
    <Section title={t('analytics.lifecycle')} id="lifecycle">
      <DaysForm days={days} onDays={setDays} label={t('analytics.lifecycle')} />
      <ExportButtons label={t('exports.of', { name: t('analytics.lifecycle') })} download={(format) => call('exportLifecycleReport', { query: { days, format } })} />
      <ErrorMessage error={report.error} />
      {!r ? (
        report.loading && <Loading />
      ) : (
        <>
          <table className="data compact">
            <caption className="visually-hidden">{t('analytics.lifecycle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('analytics.stage')}</th>
                <th scope="col" className="num">
                  {t('analytics.members')}
                </th>
              </tr>
            </thead>
            <tbody>
              {r.stages.map((s) => (
                <tr key={s.stage}>
                  <th scope="row">{t(`stage.${s.stage}`)}</th>
                  <td className="num">{number(s.members)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('analytics.transitions')}</h3>
          {r.transitions.length === 0 ? (
            <p className="muted">{t('analytics.noTransitions')}</p>
          ) : (
            <table className="data compact">
              <caption className="visually-hidden">{t('analytics.transitions')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('analytics.from')}</th>
                  <th scope="col">{t('analytics.to')}</th>
                  <th scope="col" className="num">
                    {t('analytics.members')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.transitions.map((x) => (
                  <tr key={`${x.from}-${x.to}`}>
                    <td>{t(`stage.${x.from}`)}</td>
                    <td>{t(`stage.${x.to}`)}</td>
                    <td className="num">{number(x.members)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </Section>
  );
}

type BasketQuery = { level: 'category' | 'product'; days: number; minSupport: number; minConfidence: number; minLift: number };

function BasketSection({ tick }: { tick: number }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState<BasketQuery>({ level: 'category', days: 90, minSupport: 0.01, minConfidence: 0.1, minLift: 0 });
  const [draft, setDraft] = useState(query);
  const rules = useLoad(() => call('basketRules', { query: { ...query, limit: 100 } }), [JSON.stringify(query), tick]);
  const num = (key: 'days' | 'minSupport' | 'minConfidence' | 'minLift', step: string, max: number) => (
    <input type="number" min={0} max={max} step={step} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: Number(e.target.value) })} />
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    setQuery(draft);
  }
  return (
    <Section title={t('analytics.basket')} id="basket">
      <form className="filters" aria-label={t('analytics.basket')} onSubmit={submit}>
        <Field label={t('analytics.level')}>
          <select value={draft.level} onChange={(e) => setDraft({ ...draft, level: e.target.value as BasketQuery['level'] })}>
            <option value="category">{t('analytics.levelCategory')}</option>
            <option value="product">{t('analytics.levelProduct')}</option>
          </select>
        </Field>
        <Field label={t('analytics.days')}>{num('days', '1', 3650)}</Field>
        <Field label={t('analytics.minSupport')}>{num('minSupport', '0.01', 1)}</Field>
        <Field label={t('analytics.minConfidence')}>{num('minConfidence', '0.01', 1)}</Field>
        <Field label={t('analytics.minLift')}>{num('minLift', '0.1', 1000)}</Field>
        <button type="submit">{t('analytics.show')}</button>
      </form>
      <ExportButtons label={t('exports.of', { name: t('analytics.basket') })} download={(format) => call('exportBasketRules', { query: { ...query, limit: 100, format } })} />
      <ErrorMessage error={rules.error} />
      {!rules.data ? (
        rules.loading && <Loading />
      ) : (
        <>
          <p className="muted">{t('analytics.baskets', { count: rules.data.baskets })}</p>
          {rules.data.rules.length === 0 ? (
            <p className="muted">{t('analytics.noRules')}</p>
          ) : (
            <div className="table-wrap">
              <table className="data compact" data-testid="basket-rules">
                <caption className="visually-hidden">{t('analytics.basket')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('analytics.antecedent')}</th>
                    <th scope="col">{t('analytics.consequent')}</th>
                    <th scope="col" className="num">
                      {t('analytics.together')}
                    </th>
                    <th scope="col" className="num">
                      {t('analytics.support')}
                    </th>
                    <th scope="col" className="num">
                      {t('analytics.confidence')}
                    </th>
                    <th scope="col" className="num">
                      {t('analytics.lift')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rules.data.rules.map((r) => (
                    <tr key={`${r.antecedent}→${r.consequent}`}>
                      <td>{r.antecedentName}</td>
                      <td>{r.consequentName}</td>
                      <td className="num">{number(r.together)}</td>
                      <td className="num">{share(r.support)}</td>
                      <td className="num">{share(r.confidence)}</td>
                      <td className="num">{decimal(r.lift)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </Section>
  );
}
