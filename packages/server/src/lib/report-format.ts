// Values as a marketer pastes them into a report: money in TRY with two decimals, shares as percentages,
// group codes with their Turkish names, names made safe for file names.

/** Kuruş (possibly fractional, e.g. a mean) as TRY rounded to the kuruş: 123456.5 → 1234.57; null stays null. */
export function lira(kurus: number): number;
export function lira(kurus: number | null): number | null;
export function lira(kurus: number | null): number | null {
  return kurus === null ? null : Math.round(kurus) / 100;
}

/** A share 0…1 as a percentage with two decimals: 0.33333 → 33.33. */
export const percentOf = (share: number): number => Math.round(share * 10_000) / 100;

/** The Turkish names of the analytics groups and stages, as the console shows them, for report files. */
export const GROUP_NAMES_TR: Readonly<Record<string, string>> = {
  CHAMPIONS: 'Şampiyonlar',
  LOYAL: 'Sadık',
  POTENTIAL_LOYALIST: 'Potansiyel sadık',
  NEW_CUSTOMER: 'Yeni müşteri',
  PROMISING: 'Umut vaat eden',
  NEED_ATTENTION: 'İlgi bekleyen',
  ABOUT_TO_SLEEP: 'Uyumak üzere',
  AT_RISK: 'Risk altında',
  CANNOT_LOSE: 'Kaybedilemez',
  HIBERNATING: 'Kış uykusunda',
  LOST: 'Kaybedilmiş',
  SATISFIED: 'Memnun',
  NEUTRAL: 'Nötr',
  DISSATISFIED: 'Memnun değil',
  UNKNOWN: 'Bilinmiyor (anket yanıtı yok)',
  APOSTLE: 'Havari (memnun ve sadık)',
  MERCENARY: 'Paralı asker (memnun, sadık değil)',
  HOSTAGE: 'Rehine (sadık, memnun değil)',
  DEFECTOR: 'Kaçak (ne memnun ne sadık)',
  PROSPECT: 'Aday',
  NEW: 'Yeni',
  ACTIVE: 'Aktif',
  LAPSED: 'Uzaklaşan',
  FORMER: 'Eski',
};

export const nameTr = (code: string): string => GROUP_NAMES_TR[code] ?? code;

/** A name as part of a file name: `Yaz İndirimi / 2026` → `yaz-indirimi-2026` (Turkish letters kept). */
export const fileSlug = (name: string): string =>
  name
    .toLocaleLowerCase('tr')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'rapor';
