import type { TContactChannel, TTicketDetail } from '@kulup/contracts';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { Field } from '../../layout/field';
import { Section } from '../../layout/ui';
import { call } from '../../lib/api';
import { useLoad } from '../../lib/use-load';

/**
 * A reply to the customer. Only channels the server lists in `replyChannels` (consented, with an address)
 * are offered; a canned answer fills the text in the console's language and is recorded with the reply.
 */
export function ReplyForm({ ticket, onSend }: { ticket: TTicketDetail; onSend: (channel: TContactChannel, text: string, cannedAnswerId?: string) => Promise<boolean> }) {
  const { t, i18n } = useTranslation();
  const canned = useLoad(() => call('listCannedAnswers', {}), []);
  const [channel, setChannel] = useState<TContactChannel | ''>(ticket.replyChannels[0] ?? '');
  const [text, setText] = useState('');
  const [cannedId, setCannedId] = useState('');

  if (ticket.status === 'CLOSED') return null;
  const answers = canned.data?.items.filter((a) => a.active) ?? [];
  const forCategory = answers.filter((a) => a.categoryCode === ticket.category.code);
  const general = answers.filter((a) => a.categoryCode === null);
  const others = answers.filter((a) => a.categoryCode !== null && a.categoryCode !== ticket.category.code);

  function pick(id: string) {
    setCannedId(id);
    const answer = answers.find((a) => a.id === id);
    if (answer) setText(i18n.language === 'en' && answer.bodyEn ? answer.bodyEn : answer.bodyTr);
  }
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!channel) return;
    const chosen = answers.find((a) => a.id === cannedId);
    const fromCanned = chosen && (text === chosen.bodyTr || text === chosen.bodyEn);
    if (await onSend(channel, text.trim(), fromCanned ? cannedId : undefined)) {
      setText('');
      setCannedId('');
    }
  }

  const option = (a: (typeof answers)[number]) => (
    <option key={a.id} value={a.id}>
      {a.title}
    </option>
  );
  return (
    <Section title={t('reply.title')}>
      {ticket.replyChannels.length === 0 ? (
        <p className="muted">{t('reply.noChannel')}</p>
      ) : (
        <form onSubmit={submit}>
          <fieldset className="inline">
            <legend>{t('reply.channel')}</legend>
            {ticket.replyChannels.map((c) => (
              <label key={c} className="radio">
                <input type="radio" name="reply-channel" value={c} checked={channel === c} onChange={() => setChannel(c)} />
                {t(`contactChannel.${c}`)}
              </label>
            ))}
          </fieldset>
          <Field label={t('reply.canned')}>
            <select value={cannedId} onChange={(e) => pick(e.target.value)}>
              <option value="">{t('reply.noCanned')}</option>
              {forCategory.length > 0 && <optgroup label={t('reply.forCategory')}>{forCategory.map(option)}</optgroup>}
              {general.length > 0 && <optgroup label={t('reply.general')}>{general.map(option)}</optgroup>}
              {others.length > 0 && <optgroup label={t('reply.other')}>{others.map(option)}</optgroup>}
            </select>
          </Field>
          <Field label={t('reply.text')}>
            <textarea rows={4} value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} required />
          </Field>
          <button type="submit" disabled={!channel || !text.trim()}>
            {t('reply.send')}
          </button>
        </form>
      )}
    </Section>
  );
}
