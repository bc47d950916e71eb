import { ZBulletinKind } from '@kulup/contracts';
import type { TBulletin, TMediaAsset } from '@kulup/contracts';
import { useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';

import { CheckGroup, Field, NumberInput, fieldErrors } from '../../layout/field';
import { Badge, ErrorMessage, Loading, PageTitle, Section } from '../../layout/ui';
import { call } from '../../lib/api';
import { useLoad } from '../../lib/use-load';
import { bulletinStatus, bulletinTitle, emptyForm, formOf, isShownPath, requestOf, statusTone } from './bulletin-form';
import type { BulletinForm } from './bulletin-form';
import { MediaCaption, MediaPreview, MediaUpload, mediaName } from './media';

/** The bulletin editor: a new bulletin (`/bulletins/new`, optionally `?mediaId=`) or an existing one, with delete. */
export default function BulletinEditorPage() {
  const { bulletinId } = useParams();
  const isNew = !bulletinId || bulletinId === 'new';
  const bulletin = useLoad(() => (isNew ? Promise.resolve(undefined) : call('getBulletin', { params: { bulletinId: bulletinId! } })), [bulletinId]);
  if (bulletin.error && !bulletin.data) return <ErrorMessage error={bulletin.error} />;
  if (bulletin.loading && !bulletin.data && !isNew) return <Loading />;
  return <Editor key={bulletin.data?.id ?? 'new'} initial={bulletin.data} onSaved={bulletin.set} />;
}

function Editor({ initial, onSaved }: { initial: TBulletin | undefined; onSaved: (b: TBulletin) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [search] = useSearchParams();
  const [form, setForm] = useState<BulletinForm>(() => (initial ? formOf(initial) : emptyForm(search.get('mediaId') ?? '')));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState(() => ((location.state as { saved?: boolean } | null)?.saved ? t('bulletins.saved') : ''));
  const stores = useLoad(() => call('listStores', {}), []);
  const media = useLoad(() => call('listMedia', {}), []);

  const errors = useMemo(() => fieldErrors(error), [error]);
  const err = (path: string) => errors.get(path);
  const otherErrors = [...errors].filter(([path]) => !isShownPath(path));
  const storeErrors = [...errors].filter(([path]) => /^storeIds\.\d+$/.test(path)).map(([, message]) => message);
  const set = <K extends keyof BulletinForm>(key: K, value: BulletinForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const toggleStore = (id: string, on: boolean) => set('storeIds', on ? [...form.storeIds, id] : form.storeIds.filter((x) => x !== id));
  const library = media.data?.items ?? [];
  const chosen = library.find((m) => m.id === form.mediaId) ?? (initial?.media?.id === form.mediaId ? initial.media : undefined);

  async function handleSave(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setNotice('');
    try {
      const body = requestOf(form);
      if (!initial) {
        const created = await call('createBulletin', { body });
        // The page under the new address loads the bulletin and says it was saved.
        void navigate(`/bulletins/${created.id}`, { replace: true, state: { saved: true } });
        return;
      }
      const saved = await call('updateBulletin', { params: { bulletinId: initial.id }, body });
      onSaved(saved);
      setNotice(t('bulletins.saved'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function handleDelete() {
    if (!initial || !window.confirm(t('bulletins.confirmDelete', { title: bulletinTitle(initial) }))) return;
    setBusy(true);
    setError(undefined);
    try {
      await call('deleteBulletin', { params: { bulletinId: initial.id } });
      void navigate('/bulletins', { replace: true, state: { deleted: bulletinTitle(initial) } });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  function handleUploaded(m: TMediaAsset) {
    if (!library.some((x) => x.id === m.id)) media.set({ items: [m, ...library] });
    set('mediaId', m.id);
  }

  const title = initial ? bulletinTitle(initial) : t('bulletins.newTitle');
  const status = initial ? bulletinStatus(initial) : undefined;
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/bulletins">{t('bulletins.back')}</Link> · <Link to="/bulletins/media">{t('bulletins.mediaLibrary')}</Link>
      </p>
      <PageTitle title={title}>
        {title} {status && <Badge tone={statusTone(status)}>{t(`bulletins.statuses.${status}`)}</Badge>}
      </PageTitle>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <ErrorMessage error={error} showFields={false} />
      {otherErrors.length > 0 && (
        <div className="alert" aria-label={t('bulletins.otherErrors')}>
          <ul>
            {otherErrors.map(([path, message]) => (
              <li key={path}>
                <code>{path}</code>: {message}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="columns">
        <form onSubmit={(e) => void handleSave(e)} aria-label={t('bulletins.details')} noValidate>
          <Section title={t('bulletins.details')} id="bulletin-details">
            <div className="grid-2">
              <Field label={t('bulletins.kind')} error={err('kind')}>
                <select value={form.kind} onChange={(e) => set('kind', e.target.value as BulletinForm['kind'])}>
                  {ZBulletinKind.options.map((k) => (
                    <option key={k} value={k}>
                      {t(`bulletins.kinds.${k}`)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label={t('bulletins.priority')} hint={t('bulletins.priorityHint')} error={err('priority')}>
                <NumberInput value={form.priority} onChange={(v) => set('priority', v)} />
              </Field>
              <Field label={t('bulletins.titleTr')} error={err('titleTr')}>
                <input value={form.titleTr} onChange={(e) => set('titleTr', e.target.value)} maxLength={120} />
              </Field>
              <Field label={t('bulletins.titleEn')} error={err('titleEn')}>
                <input value={form.titleEn} onChange={(e) => set('titleEn', e.target.value)} maxLength={120} />
              </Field>
              <Field label={t('bulletins.bodyTr')} error={err('bodyTr')}>
                <textarea value={form.bodyTr} onChange={(e) => set('bodyTr', e.target.value)} rows={3} maxLength={1000} />
              </Field>
              <Field label={t('bulletins.bodyEn')} error={err('bodyEn')}>
                <textarea value={form.bodyEn} onChange={(e) => set('bodyEn', e.target.value)} rows={3} maxLength={1000} />
              </Field>
            </div>
          </Section>

          <Section title={t('bulletins.scheduleTitle')} id="bulletin-schedule">
            <div className="grid-2">
              <Field label={t('bulletins.startsAt')} error={err('startsAt')}>
                <input type="datetime-local" value={form.startsAt} onChange={(e) => set('startsAt', e.target.value)} />
              </Field>
              <Field label={t('bulletins.endsAt')} error={err('endsAt')}>
                <input type="datetime-local" value={form.endsAt} onChange={(e) => set('endsAt', e.target.value)} />
              </Field>
            </div>
            <CheckGroup legend={t('bulletins.stores')} error={[err('storeIds'), ...storeErrors].filter(Boolean).join(' ') || undefined}>
              {(stores.data?.items ?? []).map((s) => (
                <label key={s.id} className="check">
                  <input type="checkbox" checked={form.storeIds.includes(s.id)} onChange={(e) => toggleStore(s.id, e.target.checked)} /> {s.name}
                </label>
              ))}
            </CheckGroup>
            <p className="muted">{t('bulletins.storesHint')}</p>
          </Section>

          <Section title={t('bulletins.media')} id="bulletin-media">
            <CheckGroup legend={t('bulletins.chooseMedia')} error={err('mediaId')}>
              <div className="media-choices">
                <label className="media-choice">
                  <input type="radio" name="mediaId" checked={form.mediaId === ''} onChange={() => set('mediaId', '')} />
                  <span>{t('bulletins.noMedia')}</span>
                </label>
                {library.map((m) => (
                  <label key={m.id} className="media-choice">
                    <input type="radio" name="mediaId" checked={form.mediaId === m.id} onChange={() => set('mediaId', m.id)} />
                    <MediaPreview media={m} size="thumb" />
                    <span>
                      <MediaCaption media={m} />
                    </span>
                  </label>
                ))}
              </div>
            </CheckGroup>
            <ErrorMessage error={media.error} />
          </Section>

          <div className="button-row">
            <button type="submit" disabled={busy}>
              {busy ? t('bulletins.saving') : t('bulletins.save')}
            </button>
            {initial && (
              <button type="button" className="secondary" disabled={busy} onClick={() => void handleDelete()}>
                {t('bulletins.delete')}
              </button>
            )}
          </div>
        </form>

        <aside>
          <Section title={t('bulletins.preview')} id="bulletin-preview">
            {chosen ? (
              <figure className="media-figure">
                <MediaPreview media={chosen} size="medium" />
                <figcaption>{mediaName(chosen)}</figcaption>
              </figure>
            ) : (
              <p className="muted">{t('bulletins.textOnly')}</p>
            )}
            <p>
              <strong>{form.titleTr || t('bulletins.titleTr')}</strong>
            </p>
            {form.bodyTr && <p className="event-body">{form.bodyTr}</p>}
          </Section>
          <Section title={t('bulletins.uploadTitle')} id="bulletin-upload">
            <MediaUpload onUploaded={handleUploaded} />
          </Section>
        </aside>
      </div>
    </>
  );
}
