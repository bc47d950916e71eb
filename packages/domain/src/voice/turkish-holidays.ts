// Public holidays in Türkiye (Law 2429), 2026–2027. Religious holidays follow the Diyanet calendar; an arife
// (eve) and 28 October are half days: offices close at 13:00.

import type { Holiday } from './business-time';

const HALF_DAY_CLOSES_AT = 13 * 60;

const full = (date: string, name: string): Holiday => ({ date, name });
const half = (date: string, name: string): Holiday => ({ date, name, closesAt: HALF_DAY_CLOSES_AT });

/** Türkiye's public holidays for 2026 and 2027, in date order. */
export const TURKEY_PUBLIC_HOLIDAYS: readonly Holiday[] = [
  full('2026-01-01', 'Yılbaşı'),
  half('2026-03-19', 'Ramazan Bayramı Arifesi'),
  full('2026-03-20', 'Ramazan Bayramı 1. gün'),
  full('2026-03-21', 'Ramazan Bayramı 2. gün'),
  full('2026-03-22', 'Ramazan Bayramı 3. gün'),
  full('2026-04-23', 'Ulusal Egemenlik ve Çocuk Bayramı'),
  full('2026-05-01', 'Emek ve Dayanışma Günü'),
  full('2026-05-19', "Atatürk'ü Anma, Gençlik ve Spor Bayramı"),
  half('2026-05-26', 'Kurban Bayramı Arifesi'),
  full('2026-05-27', 'Kurban Bayramı 1. gün'),
  full('2026-05-28', 'Kurban Bayramı 2. gün'),
  full('2026-05-29', 'Kurban Bayramı 3. gün'),
  full('2026-05-30', 'Kurban Bayramı 4. gün'),
  full('2026-07-15', 'Demokrasi ve Millî Birlik Günü'),
  full('2026-08-30', 'Zafer Bayramı'),
  half('2026-10-28', 'Cumhuriyet Bayramı Arifesi'),
  full('2026-10-29', 'Cumhuriyet Bayramı'),
  full('2027-01-01', 'Yılbaşı'),
  half('2027-03-08', 'Ramazan Bayramı Arifesi'),
  full('2027-03-09', 'Ramazan Bayramı 1. gün'),
  full('2027-03-10', 'Ramazan Bayramı 2. gün'),
  full('2027-03-11', 'Ramazan Bayramı 3. gün'),
  full('2027-04-23', 'Ulusal Egemenlik ve Çocuk Bayramı'),
  full('2027-05-01', 'Emek ve Dayanışma Günü'),
  half('2027-05-15', 'Kurban Bayramı Arifesi'),
  full('2027-05-16', 'Kurban Bayramı 1. gün'),
  full('2027-05-17', 'Kurban Bayramı 2. gün'),
  full('2027-05-18', 'Kurban Bayramı 3. gün'),
  full('2027-05-19', "Kurban Bayramı 4. gün; Atatürk'ü Anma, Gençlik ve Spor Bayramı"),
  full('2027-07-15', 'Demokrasi ve Millî Birlik Günü'),
  full('2027-08-30', 'Zafer Bayramı'),
  half('2027-10-28', 'Cumhuriyet Bayramı Arifesi'),
  full('2027-10-29', 'Cumhuriyet Bayramı'),
];
