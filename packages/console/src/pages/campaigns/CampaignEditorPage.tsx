import type { TCampaign, TCampaignStatus, TCampaignType } from '@kulup/contracts';
import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';

import { ErrorMessage, Loading, PageTitle, Section } from '../../layout/ui';
import { call } from '../../lib/api';
import { money, number } from '../../lib/format';
import { useLoad } from '../../lib/use-load';
import { CheckGroup, Field, NumberInput, fieldErrors } from '../../layout/field';
import { StatusBadge } from './CampaignListPage';
import { CampaignMessages } from './CampaignMessages';
import { CAMPAIGN_TYPES, CHANNELS, OFFER_FIELDS, budgetAmount, emptyForm, formOf, requestOf } from './campaign-form';
import type { CampaignForm } from './campaign-form';
import { DEFAULT_PARAMS, ParamsEditor } from './params';

const EDITABLE: readonly TCampaignStatus[] = ['DRAFT', 'SCHEDULED'];

/** The campaign editor: a new draft (`/campaigns/new`) or an existing campaign with its forecast and lifecycle. */
export default function CampaignEditorPage() {
  const { campaignId } = useParams();
  const isNew = !campaignId || campaignId === 'new';
  const campaign = useLoad(() => (isNew ? Promise.resolve(undefined) : call('getCampaign', { params: { campaignId: campaignId! } })), [campaignId]);
  if (campaign.error && !campaign.data) return <ErrorMessage error={campaign.error} />;
  if (campaign.loading && !campaign.data && !isNew) return <Loading />;
  return <CampaignEditor key={campaign.data?.id ?? 'new'} initial={campaign.data} onSaved={campaign.set} />;
}

function CampaignEditor({ initial, onSaved }: { initial: TCampaign | undefined; onSaved: (c: TCampaign) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [form, setForm] = useState<CampaignForm>(() => (initial ? formOf(initial) : emptyForm()));
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState(() => ((location.state as { saved?: boolean } | null)?.saved ? t('campaigns.saved') : ''));
  const [busy, setBusy] = useState(false);
  const [forecastTick, setForecastTick] = useState(0);
  const segments = useLoad(() => call('listSegments', { query: { status: 'ACTIVE' } }), []);
  const stores = useLoad(() => call('listStores', {}), []);
  const errors = useMemo(() => fieldErrors(error), [error]);
  const editable = !initial || EDITABLE.includes(initial.status);
  const set = <K extends keyof CampaignForm>(key: K, value: CampaignForm[K]) => setForm((f) => ({ ...f, [key]: value }));

  function changeType(type: TCampaignType) {
    setForm((f) => ({ ...f, type, params: DEFAULT_PARAMS[type] }));
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setNotice('');
    try {
      const body = requestOf(form);
      const saved = initial ? await call('updateCampaign', { params: { campaignId: initial.id }, body }) : await call('createCampaign', { body });
      if (initial) {
        onSaved(saved);
        setNotice(t('campaigns.saved'));
        setForecastTick((n) => n + 1);
      } else navigate(`/campaigns/${saved.id}`, { replace: true, state: { saved: true } });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function transition(to: TCampaignStatus) {
    if (!initial) return;
    if (to === 'ENDED' && !confirm(t('campaigns.confirmEnd'))) return;
    setBusy(true);
    setError(undefined);
    setNotice('');
    try {
      const moved = await call('transitionCampaign', { params: { campaignId: initial.id }, body: { to } });
      onSaved(moved);
      setForm(formOf(moved));
      setNotice(t('campaigns.moved', { status: t(`campaigns.status.${moved.status}`) }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const chosen = segments.data?.items.find((s) => s.id === form.segmentId);
  const segmentHint = chosen?.memberCount != null ? t('campaigns.members', { formatted: number(chosen.memberCount) }) : undefined;
  const title = initial?.name ?? t('campaigns.newTitle');
  const toggle = <T extends string>(list: T[], value: T, on: boolean) => (on ? [...list, value] : list.filter((x) => x !== value));
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/campaigns">{t('campaigns.back')}</Link>
      </p>
      <PageTitle title={title}>
        {title} {initial && <StatusBadge status={initial.status} />}
      </PageTitle>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <ErrorMessage error={error} showFields={false} />
      {initial && (
        <div className="button-row" role="group" aria-label={t('campaigns.lifecycle')}>
          {initial.nextStatuses.map((to) => (
            <button key={to} type="button" className={to === 'ENDED' || to === 'DRAFT' ? 'secondary' : undefined} disabled={busy} onClick={() => void transition(to)}>
              {t(`campaigns.transition.${initial.status === 'PAUSED' && to === 'ACTIVE' ? 'resume' : to}`)}
            </button>
          ))}
          <Link className="button secondary" to={`/campaigns/${initial.id}/performance`}>
            {t('campaigns.performanceLink')}
          </Link>
        </div>
      )}
      <div className="columns">
        <form onSubmit={(e) => void save(e)} aria-label={t('campaigns.definition')}>
          <fieldset disabled={!editable} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
            <Section title={t('campaigns.definition')} id="campaign-definition">
              {!editable && <p className="muted">{t('campaigns.notEditable')}</p>}
              <Field label={t('campaigns.name')} error={errors.get('name')}>
                <input value={form.name} onChange={(e) => set('name', e.target.value)} maxLength={120} />
              </Field>
              <Field label={t('campaigns.description')} error={errors.get('description')}>
                <textarea value={form.description} onChange={(e) => set('description', e.target.value)} rows={2} maxLength={1000} />
              </Field>
              <Field label={t('campaigns.type')} error={errors.get('type')}>
                <select value={form.type} onChange={(e) => changeType(e.target.value as TCampaignType)} disabled={!!initial}>
                  {CAMPAIGN_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {t(`campaigns.types.${type}`)}
                    </option>
                  ))}
                </select>
              </Field>
            </Section>
            <Section title={t('campaigns.paramsTitle', { type: t(`campaigns.types.${form.type}`) })} id="campaign-params">
              <ParamsEditor type={form.type} value={form.params} onChange={(params) => set('params', params)} errors={errors} />
              {errors.get('params') && <p className="field-error">{errors.get('params')}</p>}
            </Section>
            <Section title={t('campaigns.audience')} id="campaign-audience">
              <Field label={t('campaigns.segment')} error={errors.get('segmentId')} hint={segmentHint}>
                <select value={form.segmentId} onChange={(e) => set('segmentId', e.target.value)}>
                  <option value="">{t('campaigns.everyMember')}</option>
                  {(segments.data?.items ?? []).map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </Field>
              <CheckGroup legend={t('campaigns.stores')} error={errors.get('storeIds')}>
                {(stores.data?.items ?? []).map((s) => (
                  <label key={s.id} className="check">
                    <input type="checkbox" checked={form.storeIds.includes(s.id)} onChange={(e) => set('storeIds', toggle(form.storeIds, s.id, e.target.checked))} /> {s.name}
                  </label>
                ))}
              </CheckGroup>
              <p className="muted">{t('campaigns.storesHint')}</p>
              <CheckGroup legend={t('campaigns.channels')} error={errors.get('channels')}>
                {CHANNELS.map((c) => (
                  <label key={c} className="check">
                    <input type="checkbox" checked={form.channels.includes(c)} onChange={(e) => set('channels', toggle(form.channels, c, e.target.checked))} /> {t(`campaigns.channel.${c}`)}
                  </label>
                ))}
              </CheckGroup>
              <Field label={t('campaigns.controlPct')} error={errors.get('controlPct')} hint={t('campaigns.controlHint')}>
                <NumberInput value={form.controlPct} step="0.01" onChange={(v) => set('controlPct', v)} />
              </Field>
            </Section>
            <Section title={t('campaigns.windowAndBudget')} id="campaign-budget">
              <Field label={t('campaigns.startsAt')} error={errors.get('startsAt')}>
                <input type="datetime-local" value={form.startsAt} onChange={(e) => set('startsAt', e.target.value)} />
              </Field>
              <Field label={t('campaigns.endsAt')} error={errors.get('endsAt')}>
                <input type="datetime-local" value={form.endsAt} onChange={(e) => set('endsAt', e.target.value)} />
              </Field>
              <Field label={t('campaigns.budgetUnit')} error={errors.get('budgetUnit')}>
                <select value={form.budgetUnit} onChange={(e) => set('budgetUnit', e.target.value as CampaignForm['budgetUnit'])}>
                  <option value="POINTS">{t('campaigns.unit.POINTS')}</option>
                  <option value="KURUS">{t('campaigns.unit.KURUS')}</option>
                </select>
              </Field>
              <Field label={form.budgetUnit === 'KURUS' ? t('campaigns.budgetCapTry') : t('campaigns.budgetCapPoints')} error={errors.get('budgetCap')} hint={t('campaigns.budgetHint')}>
                <NumberInput value={form.budgetCap} money={form.budgetUnit === 'KURUS'} onChange={(v) => set('budgetCap', v)} />
              </Field>
              <Field label={t('campaigns.priority')} error={errors.get('priority')}>
                <NumberInput value={form.priority} onChange={(v) => set('priority', v)} />
              </Field>
              <Field label={t('campaigns.maxAwardsPerMember')} error={errors.get('maxAwardsPerMember')}>
                <NumberInput value={form.maxAwardsPerMember} onChange={(v) => set('maxAwardsPerMember', v)} />
              </Field>
            </Section>
            <Section title={t('campaigns.offer.title')} id="campaign-offer">
              <p className="muted">{t('campaigns.offer.hint')}</p>
              <label className="check">
                <input type="checkbox" checked={form.requiresActivation} onChange={(e) => set('requiresActivation', e.target.checked)} /> {t('campaigns.requiresActivation')}
              </label>
              {OFFER_FIELDS.map((k) => (
                <Field key={k} label={t(`campaigns.offer.${k}`)} error={errors.get(`offer.${k}`) ?? (k === 'titleTr' ? errors.get('offer') : undefined)}>
                  {k.startsWith('title') ? (
                    <input value={form.offer[k]} onChange={(e) => set('offer', { ...form.offer, [k]: e.target.value })} maxLength={120} lang={k.endsWith('En') ? 'en' : 'tr'} />
                  ) : (
                    <textarea value={form.offer[k]} onChange={(e) => set('offer', { ...form.offer, [k]: e.target.value })} rows={2} maxLength={500} lang={k.endsWith('En') ? 'en' : 'tr'} />
                  )}
                </Field>
              ))}
              <div className="button-row">
                <button type="submit" disabled={busy || !editable}>
                  {busy ? t('campaigns.saving') : initial ? t('campaigns.save') : t('campaigns.saveDraft')}
                </button>
              </div>
            </Section>
          </fieldset>
        </form>
        {initial && <Forecast campaign={initial} tick={forecastTick} />}
      </div>
      {initial && initial.channels.some((c) => c === 'SMS' || c === 'EMAIL') && <CampaignMessages campaign={initial} />}
    </>
  );
}

/** Reach and cost had the campaign run over the last period's receipts: what the marketer checks before activation. */
function Forecast({ campaign, tick }: { campaign: TCampaign; tick: number }) {
  const { t } = useTranslation();
  const [days, setDays] = useState<number | undefined>(30);
  const [asked, setAsked] = useState(30);
  const forecast = useLoad(() => call('forecastCampaign', { params: { campaignId: campaign.id }, query: { days: asked } }), [campaign.id, asked, tick, campaign.updatedAt]);
  const f = forecast.data;
  const amount = (n: number) => budgetAmount(n, campaign.budgetUnit, money, number, t('campaigns.pointsWord'));
  const rows: [string, string][] = f
    ? [
        [t('campaigns.forecast.receipts'), `${number(f.matchedReceipts)} / ${number(f.receipts)}`],
        [t('campaigns.forecast.reach'), `${number(f.reach)} / ${number(f.audienceSize)}`],
        [t('campaigns.forecast.points'), number(f.points)],
        [t('campaigns.forecast.cost'), amount(f.cost)],
        [t('campaigns.forecast.costKurus'), money(f.costKurus)],
        [t('campaigns.forecast.budget'), campaign.budgetCap === null ? t('campaigns.noCap') : amount(campaign.budgetCap)],
      ]
    : [];
  return (
    <Section title={t('campaigns.forecast.title')} id="campaign-forecast">
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          if (days) setAsked(days);
        }}
      >
        <Field label={t('campaigns.forecast.days')}>
          <NumberInput value={days} onChange={setDays} />
        </Field>
        <button type="submit" className="secondary">
          {t('campaigns.forecast.run')}
        </button>
      </form>
      <ErrorMessage error={forecast.error} />
      {forecast.loading && !f ? (
        <Loading />
      ) : (
        f && (
          <>
            <p className="kpi-value" data-testid="forecast-reach">
              {t('campaigns.forecast.reachValue', { formatted: number(f.reach) })}
            </p>
            <table className="data compact">
              <caption className="visually-hidden">{t('campaigns.forecast.title')}</caption>
              <tbody>
                {rows.map(([label, value]) => (
                  <tr key={label}>
                    <th scope="row">{label}</th>
                    <td className="num">{value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {campaign.budgetCap !== null && f.cost > campaign.budgetCap && (
              <p className="alert" role="alert">
                {t('campaigns.forecast.overBudget')}
              </p>
            )}
            <p className="muted">{t('campaigns.forecast.hint')}</p>
          </>
        )
      )}
    </Section>
  );
}
