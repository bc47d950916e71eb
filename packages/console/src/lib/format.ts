import i18n from 'i18next';

const locale = () => (i18n.language === 'en' ? 'en-GB' : 'tr-TR');
const TZ = 'Europe/Istanbul';

/** Integer kuruş as lira: 123450 → ₺1.234,50. */
export function money(kurus: number): string {
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'TRY' }).format(kurus / 100);
}

export function number(n: number): string {
  return new Intl.NumberFormat(locale()).format(n);
}

export function dateTime(iso: string): string {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short', timeZone: TZ }).format(new Date(iso));
}

/** A calendar month from its start instant: `Kas 2026` / `Nov 2026`. */
export function month(iso: string): string {
  return new Intl.DateTimeFormat(locale(), { month: 'short', year: 'numeric', timeZone: TZ }).format(new Date(iso));
}

export function date(iso: string): string {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: TZ }).format(new Date(iso));
}

/** A duration in minutes as `2 sa 05 dk` / `2 h 05 min` (days when long). */
export function minutes(total: number): string {
  const m = Math.max(0, Math.round(total));
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const rest = m % 60;
  const t = i18n.t.bind(i18n);
  if (d > 0) return t('duration.dh', { d, h });
  if (h > 0) return t('duration.hm', { h, m: String(rest).padStart(2, '0') });
  return t('duration.m', { m: rest });
}

/** A duration in seconds for live timers, always ticking: `04:09`, `18:04:09`, `2 gün 05:04:09`. */
export function clock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const d = Math.floor(s / 86400);
  const pad = (n: number) => String(n).padStart(2, '0');
  const hh = Math.floor((s % 86400) / 3600);
  const time = `${hh > 0 || d > 0 ? `${pad(hh)}:` : ''}${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  return d > 0 ? `${i18n.t('duration.d', { d })} ${time}` : time;
}

export function percent(p: number | null): string {
  return p === null ? '—' : `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(p)} %`;
}

/** A plain decimal with at most `digits` fraction digits: 0.9375 → 0,938 / 0.938. */
export function decimal(n: number, digits = 3): string {
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(n);
}
