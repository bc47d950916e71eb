import { ZComplaintRequest } from '@kulup/contracts';
import type { TComplaintRequest } from '@kulup/contracts';
import { useEffect, useState } from 'react';

import { useI18n } from '../lib/i18n';
import { VOICE_PATHS, listComplaintCategories } from '../lib/voice';
import { CATEGORIES_KEY } from '../lib/wipe';
import type { Session, SubmitOutcome } from '../session';
import type { Result } from './ResultScreen';
import { LanguageSwitch, Message, ScreenTitle } from './common';

type Category = { code: string; nameTr: string; nameEn: string };
const TEXT_MAX = 2000;
const CHANNELS = ['SMS', 'EMAIL', 'CALL'] as const;

function cachedCategories(): Category[] {
  try {
    return JSON.parse(localStorage.getItem(CATEGORIES_KEY) ?? '[]') as Category[];
  } catch {
    return [];
  }
}

/** Complaint or wish: topic, text (≤ 2000 characters), and — for a member — optional permission to be contacted. */
export function ComplaintScreen(props: {
  session: Session | null;
  onCancel: () => void;
  onSubmit: (kind: 'complaint', path: string, body: unknown) => Promise<SubmitOutcome>;
  onDone: (result: Result) => void;
  onTerminalError: (e: unknown) => void;
}) {
  const { lang, t } = useI18n();
  const { session, onTerminalError } = props;
  const [categories, setCategories] = useState<Category[]>(cachedCategories);
  const [kind, setKind] = useState<'COMPLAINT' | 'WISH'>('COMPLAINT');
  const [categoryCode, setCategoryCode] = useState('');
  const [text, setText] = useState('');
  const [contact, setContact] = useState(false);
  const [channel, setChannel] = useState<(typeof CHANNELS)[number]>('SMS');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let alive = true;
    listComplaintCategories(session !== null)
      .then((list) => {
        // Topics are the same for everyone: kept across sessions so a complaint can be filed offline.
        localStorage.setItem(CATEGORIES_KEY, JSON.stringify(list.items));
        if (alive) setCategories(list.items);
      })
      .catch(onTerminalError);
    return () => {
      alive = false;
    };
  }, [session, onTerminalError]);

  const handleSubmit = async () => {
    const found: Record<string, string> = {};
    if (!categoryCode) found.categoryCode = t.chooseCategory;
    if (!text.trim()) found.text = t.writeMessage;
    if (text.trim().length > TEXT_MAX) found.text = t.tooLong(TEXT_MAX);
    const body: TComplaintRequest = { kind, categoryCode, text, ...(session && contact ? { contactPermission: { channel } } : {}) };
    if (Object.keys(found).length === 0 && !ZComplaintRequest.safeParse(body).success) found.text = t.genericError;
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    const outcome = await props.onSubmit('complaint', VOICE_PATHS.submitComplaint, body);
    setBusy(false);
    if (outcome.kind === 'rejected') {
      setErrors({ form: t.rejected(outcome.fields[0]?.message ?? outcome.message) });
      return;
    }
    const ticketNumber = outcome.kind === 'sent' ? (outcome.body as { ticketNumber?: string } | undefined)?.ticketNumber : undefined;
    props.onDone({ kind: 'complaint', outcome: outcome.kind, ticketNumber });
  };

  const over = text.length > TEXT_MAX;
  return (
    <section className="panel complaint">
      <div className="topbar">
        <button type="button" className="btn btn-ghost" onClick={props.onCancel}>
          {t.cancel}
        </button>
        <LanguageSwitch />
      </div>
      <ScreenTitle>{t.complaintTitle}</ScreenTitle>
      {!session && <p className="small">{t.anonymousNote}</p>}
      <div className="segmented" role="radiogroup" aria-label={t.complaintTitle}>
        {(['COMPLAINT', 'WISH'] as const).map((k) => (
          <button key={k} type="button" role="radio" aria-checked={kind === k} className={`choice ${kind === k ? 'choice-on' : ''}`} onClick={() => setKind(k)}>
            {k === 'COMPLAINT' ? t.kindComplaint : t.kindWish}
          </button>
        ))}
      </div>
      <fieldset className="fieldset">
        <legend className="label">{t.category}</legend>
        <div className="options options-grid">
          {categories.map((c) => (
            <button key={c.code} type="button" role="radio" aria-checked={categoryCode === c.code} className={`choice ${categoryCode === c.code ? 'choice-on' : ''}`} onClick={() => setCategoryCode(c.code)}>
              {lang === 'en' ? c.nameEn : c.nameTr}
            </button>
          ))}
        </div>
        <Message kind="error">{errors.categoryCode}</Message>
      </fieldset>
      <label htmlFor="complaint-text" className="label">
        {t.yourMessage}
      </label>
      <textarea
        id="complaint-text"
        className="input textarea"
        rows={6}
        placeholder={t.messagePlaceholder}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={errors.text ? true : undefined}
        aria-describedby="complaint-count"
      />
      <p id="complaint-count" className={`small ${over ? 'warning-text' : ''}`}>
        {t.charsLeft(TEXT_MAX - text.length)}
      </p>
      <Message kind="error">{errors.text}</Message>
      {session && (
        <div className="contact">
          <label className="check">
            <input type="checkbox" checked={contact} onChange={(e) => setContact(e.target.checked)} />
            <span>{t.contactPermission}</span>
          </label>
          {contact && (
            <div className="segmented" role="radiogroup" aria-label={t.contactChannel}>
              {CHANNELS.map((c) => (
                <button key={c} type="button" role="radio" aria-checked={channel === c} className={`choice ${channel === c ? 'choice-on' : ''}`} onClick={() => setChannel(c)}>
                  {t.channels[c]}
                </button>
              ))}
            </div>
          )}
        </div>
      )}
      <Message kind="error">{errors.form}</Message>
      <button type="button" className="btn btn-primary btn-block" disabled={busy} onClick={() => void handleSubmit()}>
        {busy ? t.sending : t.submit}
      </button>
    </section>
  );
}
