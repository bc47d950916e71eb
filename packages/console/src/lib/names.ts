import i18n from 'i18next';

/** The name in the console's language (Turkish when there is no English one). */
export function localName(item: { nameTr: string; nameEn?: string | null }): string {
  return i18n.language === 'en' && item.nameEn ? item.nameEn : item.nameTr;
}
