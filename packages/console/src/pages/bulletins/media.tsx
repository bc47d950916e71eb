import { ApiError, MEDIA_LIMITS } from '@kulup/contracts';
import type { TMediaAsset } from '@kulup/contracts';
import i18n from 'i18next';
import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { ErrorMessage } from '../../layout/ui';
import { upload } from '../../lib/api';
import { dateTime, decimal } from '../../lib/format';

const LABELS: Record<string, string> = { 'image/jpeg': 'JPEG', 'image/png': 'PNG', 'image/webp': 'WebP', 'video/mp4': 'MP4', 'video/webm': 'WebM' };
const label = (contentType: string) => LABELS[contentType] ?? contentType;

/** A byte count as `850 KB` / `1,2 MB`. */
export function fileSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${decimal(bytes / 1024 / 1024, 1)} MB` : `${decimal(Math.max(1, Math.ceil(bytes / 1024)), 0)} KB`;
}

/** What the kiosk accepts, from the contract's own table: `JPEG, PNG, WebP ≤ 5 MB; MP4, WebM ≤ 50 MB`. */
export function mediaLimitsText(): string {
  const byLimit = new Map<number, string[]>();
  for (const [type, max] of Object.entries(MEDIA_LIMITS)) byLimit.set(max, [...(byLimit.get(max) ?? []), label(type)]);
  return [...byLimit].map(([max, types]) => `${types.join(', ')} ≤ ${fileSize(max)}`).join('; ');
}

/** `PNG görsel · 12 KB` — the short description that names a media item in lists and pickers. */
export function mediaName(m: Pick<TMediaAsset, 'contentType' | 'byteSize'>): string {
  const kind = m.contentType.startsWith('video/') ? i18n.t('bulletins.video') : i18n.t('bulletins.image');
  return `${label(m.contentType)} ${kind} · ${fileSize(m.byteSize)}`;
}

/**
 * The picture or film itself, from its public `/media/<id>` address (the same one the kiosk plays), so no
 * token is needed. Videos load only their metadata until played.
 */
export function MediaPreview({ media, size = 'large' }: { media: Pick<TMediaAsset, 'url' | 'contentType' | 'byteSize'>; size?: 'thumb' | 'medium' | 'large' }) {
  const { t } = useTranslation();
  const className = `media-preview media-${size}`;
  if (media.contentType.startsWith('video/')) {
    return size === 'thumb' ? (
      <span className="media-thumb-video">{label(media.contentType)}</span>
    ) : (
      <video className={className} src={media.url} controls muted preload="metadata" aria-label={t('bulletins.previewOf', { name: mediaName(media) })} />
    );
  }
  // A thumbnail sits beside the text that names it, so it is decorative there.
  return <img className={className} src={media.url} alt={size === 'thumb' ? '' : t('bulletins.previewOf', { name: mediaName(media) })} loading="lazy" />;
}

/** An upload's error as a marketer should read it: what is accepted, then the server's own words. */
export function UploadError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!(error instanceof ApiError) || !['UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE'].includes(error.code)) return <ErrorMessage error={error} />;
  return (
    <div className="alert" role="alert">
      <p>{error.code === 'PAYLOAD_TOO_LARGE' ? t('bulletins.tooLarge', { limits: mediaLimitsText() }) : t('bulletins.wrongType', { limits: mediaLimitsText() })}</p>
      <p className="muted">{t('bulletins.serverSaid', { message: error.message })}</p>
    </div>
  );
}

/**
 * Choose a file and upload it to the media library. A file over its type's limit is refused here, before
 * it is sent; everything else (type, content that does not match its type) is the server's decision.
 */
export function MediaUpload({ onUploaded }: { onUploaded: (media: TMediaAsset) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  /** A problem found before sending (no file, over the limit). */
  const [problem, setProblem] = useState('');
  const [notice, setNotice] = useState('');

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    setError(undefined);
    setNotice('');
    setProblem('');
    if (!file) return setProblem(t('bulletins.chooseFile'));
    const limit = (MEDIA_LIMITS as Record<string, number>)[file.type];
    if (limit !== undefined && file.size > limit) return setProblem(t('bulletins.fileOverLimit', { size: fileSize(file.size), limit: fileSize(limit) }));
    setBusy(true);
    try {
      const media = await upload('uploadMedia', file);
      setNotice(t('bulletins.uploaded', { name: mediaName(media) }));
      setFile(undefined);
      if (input.current) input.current.value = '';
      onUploaded(media);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="media-upload" onSubmit={(e) => void handleSubmit(e)} aria-label={t('bulletins.uploadTitle')} noValidate>
      <div className="field">
        <label htmlFor={id}>{t('bulletins.file')}</label>
        <input
          ref={input}
          id={id}
          type="file"
          accept={Object.keys(MEDIA_LIMITS).join(',')}
          aria-describedby={`${id}-hint`}
          onChange={(e) => {
            setFile(e.target.files?.[0]);
            setError(undefined);
            setProblem('');
            setNotice('');
          }}
        />
        <span id={`${id}-hint`} className="muted">
          {t('bulletins.limits', { limits: mediaLimitsText() })}
        </span>
      </div>
      <button type="submit" disabled={busy}>
        {busy ? t('bulletins.uploading') : t('bulletins.upload')}
      </button>
      <UploadError error={error} />
      {problem && (
        <p className="alert" role="alert">
          {problem}
        </p>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
    </form>
  );
}

/** The one-line caption of a media item: type, size and upload time. */
export function MediaCaption({ media }: { media: TMediaAsset }) {
  return (
    <>
      {mediaName(media)} <span className="muted">· {dateTime(media.createdAt)}</span>
    </>
  );
}
