import type { TBulletin, TBulletinCreateRequest, TBulletinKind } from '@kulup/contracts';
import i18n from 'i18next';

// The bulletin editor's form state and its conversion to and from the contract's request shape. Inputs keep
// strings while typing (dates are converted on save), so the server's 400/422 names the paths.

export type BulletinForm = {
  kind: TBulletinKind;
  titleTr: string;
  titleEn: string;
  bodyTr: string;
  bodyEn: string;
  /** '' = no picture or film. */
  mediaId: string;
  /** Empty = every store. */
  storeIds: string[];
  /** `datetime-local` values in the browser's zone (the console runs in Europe/Istanbul). */
  startsAt: string;
  endsAt: string;
  priority: number | undefined;
};

export type BulletinStatus = 'NOW' | 'SCHEDULED' | 'ENDED';

/** Whether the kiosks show it now, will show it later, or no longer show it. */
export function bulletinStatus(b: Pick<TBulletin, 'startsAt' | 'endsAt'>, now = Date.now()): BulletinStatus {
  if (Date.parse(b.endsAt) <= now) return 'ENDED';
  return Date.parse(b.startsAt) <= now ? 'NOW' : 'SCHEDULED';
}

export function statusTone(status: BulletinStatus): 'good' | 'info' | 'neutral' {
  return status === 'NOW' ? 'good' : status === 'SCHEDULED' ? 'info' : 'neutral';
}

export function bulletinTitle(b: Pick<TBulletin, 'titleTr' | 'titleEn'>): string {
  return i18n.language === 'en' && b.titleEn ? b.titleEn : b.titleTr;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** An instant as the browser's local `YYYY-MM-DDTHH:mm`. */
export function toLocalInput(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
/** Back to ISO; an unreadable value goes as typed, for the server to name. */
function fromLocalInput(value: string): string {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}

/** A new bulletin: showing from this minute for a week, at every store, optionally with a chosen media. */
export function emptyForm(mediaId = ''): BulletinForm {
  const start = new Date();
  start.setSeconds(0, 0);
  return {
    kind: 'CAMPAIGN',
    titleTr: '',
    titleEn: '',
    bodyTr: '',
    bodyEn: '',
    mediaId,
    storeIds: [],
    startsAt: toLocalInput(start),
    endsAt: toLocalInput(new Date(start.getTime() + 7 * 86_400_000)),
    priority: 0,
  };
}

export function formOf(b: TBulletin): BulletinForm {
  return {
    kind: b.kind,
    titleTr: b.titleTr,
    titleEn: b.titleEn ?? '',
    bodyTr: b.bodyTr ?? '',
    bodyEn: b.bodyEn ?? '',
    mediaId: b.media?.id ?? '',
    storeIds: b.storeIds,
    startsAt: toLocalInput(new Date(b.startsAt)),
    endsAt: toLocalInput(new Date(b.endsAt)),
    priority: b.priority,
  };
}

const orNull = (s: string) => (s.trim() === '' ? null : s);

/** The request body (create, and as a full replacement for an edit); empty optional texts are cleared. */
export function requestOf(f: BulletinForm): TBulletinCreateRequest {
  return {
    kind: f.kind,
    titleTr: f.titleTr,
    titleEn: orNull(f.titleEn),
    bodyTr: orNull(f.bodyTr),
    bodyEn: orNull(f.bodyEn),
    mediaId: f.mediaId || null,
    storeIds: f.storeIds,
    startsAt: fromLocalInput(f.startsAt),
    endsAt: fromLocalInput(f.endsAt),
    priority: f.priority ?? 0,
  };
}

/** The field paths the editor shows next to a field; errors at other paths are listed above the form. */
export function isShownPath(path: string): boolean {
  return ['kind', 'titleTr', 'titleEn', 'bodyTr', 'bodyEn', 'mediaId', 'storeIds', 'startsAt', 'endsAt', 'priority'].includes(path) || /^storeIds\.\d+$/.test(path);
}
