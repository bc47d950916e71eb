import type { TCampaign, TCampaignMessagePreview, TCampaignMessageQueued } from '@kulup/contracts';
import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { Field, fieldErrors } from '../../layout/field';
import { ErrorMessage, Loading, Section } from '../../layout/ui';
import { call } from '../../lib/api';
import { number } from '../../lib/format';
import { useLoad } from '../../lib/use-load';

type MessageChannel = 'SMS' | 'EMAIL';
type Lang = 'tr' | 'en';

const PLACEHOLDER = '{{firstName}}';
const SMS_MAX = 480;
const REASONS = ['no_consent', 'no_address', 'frequency_cap', 'erased'] as const;

/**
 * Composing and sending a campaign's SMS or e-mail: a personal template (`{{firstName}}`), the rules that decide
 * who gets it, a confirmation with the exact recipients from the server's preview, then sending; below, the
 * delivery status. Server refusals appear under their fields.
 */
export function CampaignMessages({ campaign }: { campaign: TCampaign }) {
  const { t } = useTranslation();
  const channels = campaign.channels.filter((c): c is MessageChannel => c === 'SMS' || c === 'EMAIL');
  const [channel, setChannel] = useState<MessageChannel>(channels[0] ?? 'SMS');
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<TCampaignMessagePreview>();
  const [sent, setSent] = useState<TCampaignMessageQueued>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [tick, setTick] = useState(0);
  const stats = useLoad(() => call('campaignMessageStats', { params: { campaignId: campaign.id } }), [campaign.id, tick]);
  const errors = useMemo(() => fieldErrors(error), [error]);
  const canSend = campaign.status === 'SCHEDULED' || campaign.status === 'ACTIVE';
  const body = () => ({ channel, text, ...(channel === 'EMAIL' ? { subject } : {}) });

  // Any change to the message needs a new confirmation.
  const edit = (apply: () => void) => {
    apply();
    setPreview(undefined);
    setSent(undefined);
  };
  /** A starting text in Turkish or English from the campaign's offer texts; the marketer edits it freely. */
  function handleTemplate(lang: Lang) {
    const o = campaign.offer;
    const title = (lang === 'en' ? o?.titleEn : o?.titleTr) ?? o?.titleTr ?? campaign.name;
    const description = (lang === 'en' ? o?.descriptionEn : o?.descriptionTr) ?? '';
    const next = t(`campaigns.messages.template.${lang}.${channel}`, { title, description, firstName: PLACEHOLDER });
    edit(() => {
      setText(next.replace(/[ \t]+\n/g, '\n').trim());
      if (channel === 'EMAIL') setSubject(title);
    });
  }

  async function handlePreview(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setSent(undefined);
    try {
      setPreview(await call('previewCampaignMessage', { params: { campaignId: campaign.id }, body: body() }));
    } catch (e) {
      setError(e);
      setPreview(undefined);
    } finally {
      setBusy(false);
    }
  }

  async function handleSend() {
    setBusy(true);
    setError(undefined);
    try {
      setSent(await call('sendCampaignMessage', { params: { campaignId: campaign.id }, body: body() }));
      setPreview(undefined);
      setTick((n) => n + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="grid-2">
      <Section title={t('campaigns.messages.title')} id="campaign-messages">
        <ul className="muted" aria-label={t('campaigns.messages.rulesTitle')}>
          <li>{t('campaigns.messages.ruleConsent')}</li>
          <li>{t('campaigns.messages.ruleControl')}</li>
          <li>{t('campaigns.messages.ruleCap')}</li>
          <li>{t('campaigns.messages.rulePersonal', { placeholder: PLACEHOLDER })}</li>
        </ul>
        {!canSend && <p className="muted">{t('campaigns.messages.notSendable')}</p>}
        {sent && (
          <p className="notice" role="status">
            {t('campaigns.messages.queued', { formatted: number(sent.queued) })}
          </p>
        )}
        <ErrorMessage error={error} showFields={false} />
        <form onSubmit={(e) => void handlePreview(e)} aria-label={t('campaigns.messages.title')}>
          <fieldset disabled={!canSend || busy} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
            <Field label={t('campaigns.messages.channel')} error={errors.get('channel')}>
              <select value={channel} onChange={(e) => edit(() => setChannel(e.target.value as MessageChannel))}>
                {channels.map((c) => (
                  <option key={c} value={c}>
                    {t(`campaigns.channel.${c}`)}
                  </option>
                ))}
              </select>
            </Field>
            <div className="button-row" role="group" aria-label={t('campaigns.messages.templates')}>
              <button type="button" className="secondary" onClick={() => handleTemplate('tr')}>
                {t('campaigns.messages.templateTr')}
              </button>
              <button type="button" className="secondary" onClick={() => handleTemplate('en')}>
                {t('campaigns.messages.templateEn')}
              </button>
              <button type="button" className="secondary" onClick={() => edit(() => setText((x) => `${x}${x && !x.endsWith(' ') ? ' ' : ''}${PLACEHOLDER}`))}>
                {t('campaigns.messages.insertName', { firstName: PLACEHOLDER })}
              </button>
            </div>
            {channel === 'EMAIL' && (
              <Field label={t('campaigns.messages.subject')} error={errors.get('subject')}>
                <input value={subject} onChange={(e) => edit(() => setSubject(e.target.value))} maxLength={150} />
              </Field>
            )}
            <Field
              label={t('campaigns.messages.text')}
              error={errors.get('text')}
              hint={channel === 'SMS' ? t('campaigns.messages.smsLength', { count: text.length, max: SMS_MAX }) : t('campaigns.messages.textHint', { placeholder: PLACEHOLDER })}
            >
              <textarea value={text} onChange={(e) => edit(() => setText(e.target.value))} rows={5} maxLength={1000} />
            </Field>
            <div className="button-row">
              <button type="submit" className="secondary">
                {t('campaigns.messages.preview')}
              </button>
            </div>
          </fieldset>
        </form>
        {preview && <Confirmation preview={preview} channel={channel} busy={busy} onSend={() => void handleSend()} onCancel={() => setPreview(undefined)} />}
      </Section>
      <Section
        title={t('campaigns.messages.deliveryTitle')}
        id="campaign-message-delivery"
        actions={
          <button type="button" className="secondary" onClick={stats.reload}>
            {t('common.refresh')}
          </button>
        }
      >
        <ErrorMessage error={stats.error} />
        {stats.loading && !stats.data ? (
          <Loading />
        ) : (stats.data?.items.length ?? 0) === 0 ? (
          <p className="muted">{t('campaigns.performance.noMessages')}</p>
        ) : (
          <table className="data compact">
            <caption className="visually-hidden">{t('campaigns.messages.deliveryTitle')}</caption>
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
              {stats.data!.items.map((m) => (
                <tr key={`${m.channel}-${m.status}-${m.reason ?? ''}`}>
                  <td>{t(`campaigns.channel.${m.channel}`)}</td>
                  <td>{t(`campaigns.delivery.${m.status}`)}</td>
                  <td>{m.reason === null ? '—' : (REASONS as readonly string[]).includes(m.reason) ? t(`campaigns.messages.reason.${m.reason as (typeof REASONS)[number]}`) : m.reason}</td>
                  <td className="num">{number(m.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="muted">{t('campaigns.messages.deliveryHint')}</p>
      </Section>
    </div>
  );
}

/** Who the message will reach, by the server's preview, and the message as the first recipient gets it. */
function Confirmation({ preview, channel, busy, onSend, onCancel }: { preview: TCampaignMessagePreview; channel: MessageChannel; busy: boolean; onSend: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const rows: [string, number][] = [
    [t('campaigns.messages.skippedNoConsent'), preview.skipped.noConsent],
    [t('campaigns.messages.skippedNoAddress', { channel: t(`campaigns.channel.${channel}`) }), preview.skipped.noAddress],
    [t('campaigns.messages.skippedCap', { messages: String(preview.frequencyCap.messages), days: String(preview.frequencyCap.days) }), preview.skipped.frequencyCap],
    [t('campaigns.messages.controlGroup'), preview.controlGroup],
  ];
  return (
    <div className="message-confirm" role="region" aria-label={t('campaigns.messages.confirmTitle')}>
      <h3>{t('campaigns.messages.confirmTitle')}</h3>
      <p className="kpi-value" data-testid="message-recipients">
        {t('campaigns.messages.recipients', { formatted: number(preview.recipients) })}
      </p>
      <table className="data compact">
        <caption className="visually-hidden">{t('campaigns.messages.notReached')}</caption>
        <tbody>
          {rows.map(([label, count]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td className="num">{number(count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview.example ? (
        <>
          <p className="muted">{t('campaigns.messages.example', { name: preview.example.firstName })}</p>
          <pre className="message-example" data-testid="message-example">
            {preview.example.text}
          </pre>
        </>
      ) : (
        <p className="muted">{t('campaigns.messages.nobody')}</p>
      )}
      <div className="button-row">
        <button type="button" disabled={busy || preview.recipients === 0} onClick={onSend}>
          {t('campaigns.messages.send', { formatted: number(preview.recipients) })}
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={onCancel}>
          {t('campaigns.messages.cancel')}
        </button>
      </div>
    </div>
  );
}
