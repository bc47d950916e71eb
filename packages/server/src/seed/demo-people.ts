// Deterministic generator of realistic Turkish demo members, their cards and consent history.
// Pure: the same { count, seed, now } always gives the same people; no I/O, no Math.random.

import { MAX_CARD_SERIAL, formatCardNumber } from '@kulup/domain/card-number';

export type DemoGender = 'FEMALE' | 'MALE';
export type DemoLifecycleStage = 'PROSPECT' | 'NEW' | 'ACTIVE' | 'LAPSED' | 'FORMER';
export type DemoTierCode = 'CLASSIC' | 'GOLD' | 'PLATINUM';
export type DemoConsentKind = 'SMS' | 'CALL' | 'EMAIL' | 'PUSH' | 'PROFILING';
export type DemoConsentSource = 'POS' | 'KIOSK' | 'WEB' | 'CALL_CENTER' | 'PAPER';
export type DemoCardKind = 'PRINTED' | 'NFC_UID' | 'NFC_SUN';
export type DemoCardStatus = 'ACTIVE' | 'BLOCKED' | 'LOST' | 'REPLACED';

export type DemoMember = {
  firstName: string;
  lastName: string;
  phone: string;
  email: string | null;
  /** UTC midnight of the birthday. */
  birthDate: Date;
  city: string;
  gender: DemoGender | null;
  lifecycleStage: DemoLifecycleStage;
  isStaff: boolean;
  tierCode: DemoTierCode;
  pointsBalance: number;
  createdAt: Date;
};

export type DemoCard = {
  number: string;
  nfcUid: string | null;
  kind: DemoCardKind;
  trust: 'LOW' | 'HIGH';
  status: DemoCardStatus;
  statusReason: string | null;
  issuedAt: Date;
  /** Index (in the same person's `cards`) of the card that replaced this one, when status is REPLACED. */
  replacedByIndex: number | null;
};

export type DemoConsent = {
  kind: DemoConsentKind;
  status: 'GRANTED' | 'REFUSED';
  source: DemoConsentSource;
  textVersion: string;
  evidence: string | null;
  recordedAt: Date;
  actorType: 'STAFF' | 'TERMINAL' | 'MEMBER';
};

export type DemoPerson = { member: DemoMember; cards: DemoCard[]; consents: DemoConsent[] };

export type DemoPeopleOptions = { count: number; seed: number; now: Date };

// Roughly ordered from most to least common, so a skewed pick gives realistic frequencies.
export const FEMALE_FIRST_NAMES: readonly string[] = [
  'Ayşe', 'Fatma', 'Emine', 'Hatice', 'Zeynep', 'Elif', 'Meryem', 'Şerife', 'Zehra', 'Sultan',
  'Hanife', 'Merve', 'Havva', 'Zeliha', 'Esra', 'Fadime', 'Özlem', 'Hülya', 'Yasemin', 'Leyla',
  'Büşra', 'Gülsüm', 'Derya', 'Dilek', 'Songül', 'Sevgi', 'Gül', 'Kübra', 'Tuğba', 'Ebru',
  'Gamze', 'Sibel', 'Aysel', 'Nurcan', 'Selin', 'Ecrin', 'Defne', 'Eylül', 'Azra', 'Nisa',
  'Ela', 'Asya', 'Duru', 'Irmak', 'Ceren', 'Gizem', 'Pınar', 'Burcu', 'Seda', 'Şule',
  'Nazlı', 'Aslı', 'Melek', 'Nur', 'Gülay', 'Nermin', 'Filiz', 'Sevim', 'Şükran', 'Nurten',
  'Hacer', 'Cemile', 'Saadet', 'Necla', 'Nilüfer', 'Çiğdem', 'Gönül', 'Müge', 'İpek', 'Işıl',
  'Öykü', 'Şeyma', 'Rabia', 'Betül', 'Tülay', 'Birsen', 'Yıldız', 'Ümran', 'Gülşen', 'Canan',
  'Özge', 'Damla', 'Begüm', 'Buse', 'Cansu', 'Sena', 'Şeyda', 'İlknur', 'Nesrin', 'Serpil',
  'Hilal', 'Fidan', 'Bahar', 'Aynur', 'Sümeyye', 'Hümeyra', 'Nihan', 'Ülkü', 'Gülizar', 'İclal',
];

export const MALE_FIRST_NAMES: readonly string[] = [
  'Mehmet', 'Mustafa', 'Ahmet', 'Ali', 'Hüseyin', 'Hasan', 'İbrahim', 'İsmail', 'Osman', 'Yusuf',
  'Murat', 'Ömer', 'Ramazan', 'Halil', 'Süleyman', 'Abdullah', 'Mahmut', 'Recep', 'Salih', 'Fatih',
  'Kadir', 'Emre', 'Hakan', 'Adem', 'Kemal', 'Yaşar', 'Bayram', 'Metin', 'Serkan', 'Orhan',
  'Burak', 'Uğur', 'Yunus', 'Ercan', 'Gökhan', 'Erkan', 'Cem', 'Tolga', 'Sinan', 'Selim',
  'Eren', 'Emir', 'Yiğit', 'Kerem', 'Arda', 'Efe', 'Çınar', 'Alp', 'Berk', 'Barış',
  'Onur', 'Volkan', 'Tuncay', 'Cengiz', 'Erdem', 'Oğuz', 'Özgür', 'Şükrü', 'Şahin', 'Tarık',
  'Tayfun', 'Umut', 'Ünal', 'Vedat', 'Zafer', 'Doğan', 'Ferhat', 'Gürkan', 'Hikmet', 'İlker',
  'Kaan', 'Levent', 'Mert', 'Necati', 'Nihat', 'Oktay', 'Rıza', 'Sedat', 'Selçuk', 'Taner',
  'Cihan', 'Çağrı', 'Doruk', 'Enes', 'Furkan', 'Görkem', 'İlhan', 'Koray', 'Mücahit', 'Şenol',
  'Tuğrul', 'Bülent', 'Cüneyt', 'Erol', 'Kürşat', 'Özcan', 'Sertaç', 'Batuhan', 'Oğuzhan', 'Alper',
];

export const SURNAMES: readonly string[] = [
  'Yılmaz', 'Kaya', 'Demir', 'Çelik', 'Şahin', 'Yıldız', 'Yıldırım', 'Öztürk', 'Aydın', 'Özdemir',
  'Arslan', 'Doğan', 'Kılıç', 'Aslan', 'Çetin', 'Kara', 'Koç', 'Kurt', 'Özkan', 'Şimşek',
  'Polat', 'Özcan', 'Korkmaz', 'Çakır', 'Erdoğan', 'Yavuz', 'Can', 'Acar', 'Şen', 'Aktaş',
  'Güler', 'Yalçın', 'Güneş', 'Bozkurt', 'Bulut', 'Keskin', 'Ünal', 'Turan', 'Gül', 'Özer',
  'Işık', 'Kaplan', 'Avcı', 'Sarı', 'Tekin', 'Taş', 'Köse', 'Yüksel', 'Ateş', 'Aktürk',
  'Karataş', 'Kalkan', 'Uçar', 'Erdem', 'Aksoy', 'Demirci', 'Tunç', 'Çiftçi', 'Güven', 'Altun',
  'Karakaya', 'Sönmez', 'Akın', 'Bayram', 'Toprak', 'Uysal', 'Tuna', 'Başaran', 'Akgül', 'Cengiz',
  'Türkmen', 'Kahraman', 'Eren', 'Özbek', 'Sezer', 'Ekinci', 'Bilgin', 'Coşkun', 'Durmaz', 'Gündoğdu',
  'Gök', 'Duman', 'Kocabaş', 'Demirtaş', 'Soylu', 'Karaca', 'Çınar', 'Metin', 'Oral', 'Altıntaş',
  'Balcı', 'Uzun', 'Akbulut', 'Erol', 'Kaçar', 'Dinç', 'Sevim', 'Kurtuluş', 'Ayhan', 'Tosun',
  'Akyüz', 'Çalışkan', 'Dağ', 'Sağlam', 'Yücel', 'Şener', 'Karakuş', 'Günay', 'Ertürk', 'Bilgiç',
  'Esen', 'Özyurt', 'Akbaş', 'Özen', 'Kılınç', 'Temiz', 'Tüfekçi', 'Gürbüz', 'Çoban', 'Önal',
  'Aydoğan', 'Akçay', 'Çolak', 'İnce', 'Öztekin', 'Karadağ', 'Mutlu', 'Şeker', 'Ülger', 'Ünlü',
];

/** Provinces weighted by population (TÜİK, hundred thousands, rounded). */
export const CITY_WEIGHTS: readonly (readonly [string, number])[] = [
  ['İstanbul', 156], ['Ankara', 58], ['İzmir', 45], ['Bursa', 32], ['Antalya', 27],
  ['Konya', 23], ['Adana', 23], ['Şanlıurfa', 22], ['Gaziantep', 22], ['Kocaeli', 21],
  ['Mersin', 19], ['Diyarbakır', 18], ['Hatay', 15], ['Manisa', 15], ['Kayseri', 14],
  ['Samsun', 14], ['Balıkesir', 13], ['Tekirdağ', 12], ['Aydın', 11], ['Van', 11],
  ['Sakarya', 11], ['Denizli', 11], ['Muğla', 11], ['Kahramanmaraş', 11], ['Eskişehir', 9],
  ['Mardin', 9], ['Trabzon', 8], ['Ordu', 8], ['Malatya', 7], ['Erzurum', 7],
];

/** Mobile prefixes in use, grouped by operator and weighted by rough subscriber share. */
const OPERATOR_PREFIXES: readonly (readonly [readonly string[], number])[] = [
  [['530', '531', '532', '533', '534', '535', '536', '537', '538', '539'], 42], // Turkcell
  [['541', '542', '543', '544', '545', '546', '547', '548', '549'], 31], // Vodafone
  [['505', '506', '507', '551', '552', '553', '554', '555'], 27], // Türk Telekom
];

const EMAIL_DOMAINS: readonly (readonly [string, number])[] = [
  ['gmail.com', 52], ['hotmail.com', 24], ['outlook.com', 12], ['yandex.com', 12],
];

const STAGES: readonly (readonly [DemoLifecycleStage, number])[] = [
  ['ACTIVE', 62], ['NEW', 12], ['LAPSED', 14], ['FORMER', 8], ['PROSPECT', 4],
];

const TIERS: readonly (readonly [DemoTierCode, number])[] = [['CLASSIC', 75], ['GOLD', 20], ['PLATINUM', 5]];

const SOURCES: readonly (readonly [DemoConsentSource, number])[] = [
  ['POS', 35], ['KIOSK', 20], ['WEB', 20], ['CALL_CENTER', 10], ['PAPER', 15],
];

/** Share of members whose permission in force is GRANTED, per kind (EMAIL among members with an address). */
const GRANT_RATIO: Readonly<Record<DemoConsentKind, number>> = { SMS: 0.6, CALL: 0.3, EMAIL: 0.5, PUSH: 0.4, PROFILING: 0.45 };

/** Consent texts in force from a date: the ETK message-permission text and the separate KVKK profiling text. */
const TEXT_VERSIONS: readonly { from: number; etk: string; profiling: string }[] = [
  { from: Date.UTC(2021, 0, 1), etk: 'ETK-2021-01', profiling: 'KVKK-PROFIL-2021-01' },
  { from: Date.UTC(2023, 3, 1), etk: 'ETK-2023-04', profiling: 'KVKK-PROFIL-2023-04' },
  { from: Date.UTC(2025, 0, 1), etk: 'ETK-2025-01', profiling: 'KVKK-PROFIL-2025-01' },
];

const DAY = 86_400_000;
const YEAR = 365.25 * DAY;

export type Rng = {
  /** Uniform in [0, 1). */
  next: () => number;
  /** Uniform integer in [min, max]. */
  int: (min: number, max: number) => number;
  chance: (p: number) => boolean;
  pick: <T>(items: readonly T[]) => T;
  weighted: <T>(items: readonly (readonly [T, number])[]) => T;
};

/** mulberry32: a small, fast 32-bit PRNG; good enough for demo data, never for secrets. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const weighted = <T>(items: readonly (readonly [T, number])[]): T => {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let r = next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  };
  return { next, int, chance: (p) => next() < p, pick, weighted };
}

const FOLD: Readonly<Record<string, string>> = {
  ç: 'c', Ç: 'c', ğ: 'g', Ğ: 'g', ı: 'i', I: 'i', İ: 'i', ö: 'o', Ö: 'o', ş: 's', Ş: 's', ü: 'u', Ü: 'u',
  â: 'a', Â: 'a', î: 'i', Î: 'i', û: 'u', Û: 'u',
};

/** Lower-case ASCII form of a Turkish name for e-mail addresses (İ and I handled before lower-casing). */
export function asciiFold(s: string): string {
  return s
    .replace(/[çÇğĞıIİöÖşŞüÜâÂîÎûÛ]/g, (ch) => FOLD[ch] ?? ch)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Picks from a list ordered by frequency, favouring the head (a gentle Zipf-like skew). */
function pickSkewed<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(Math.pow(rng.next(), 1.7) * items.length)] as T;
}

function textVersion(kind: DemoConsentKind, at: Date): string {
  let current = TEXT_VERSIONS[0]!;
  for (const v of TEXT_VERSIONS) if (v.from <= at.getTime()) current = v;
  return kind === 'PROFILING' ? current.profiling : current.etk;
}

function actorFor(source: DemoConsentSource): DemoConsent['actorType'] {
  switch (source) {
    case 'POS':
    case 'KIOSK':
      return 'TERMINAL';
    case 'WEB':
      return 'MEMBER';
    case 'CALL_CENTER':
    case 'PAPER':
      return 'STAFF';
  }
}

function evidenceFor(rng: Rng, source: DemoConsentSource): string {
  switch (source) {
    case 'POS':
      return 'POS müşteri ekranında onay';
    case 'KIOSK':
      return 'Kiosk ekranında onay';
    case 'WEB':
      return 'Web formu, e-posta doğrulamalı';
    case 'CALL_CENTER':
      return `Çağrı kaydı ÇM-${rng.int(100000, 999999)}`;
    case 'PAPER':
      return `Islak imzalı form no ${rng.int(100000, 999999)}`;
  }
}

/** A moment uniformly between `from` and `to`. */
function between(rng: Rng, from: number, to: number): Date {
  return new Date(Math.floor(from + rng.next() * Math.max(0, to - from)));
}

function memberSince(rng: Rng, stage: DemoLifecycleStage, now: number): Date {
  switch (stage) {
    case 'PROSPECT':
      return between(rng, now - 60 * DAY, now - DAY);
    case 'NEW':
      return between(rng, now - 90 * DAY, now - DAY);
    case 'ACTIVE':
      return between(rng, now - 6 * YEAR, now - 90 * DAY);
    case 'LAPSED':
      return between(rng, now - 6 * YEAR, now - YEAR);
    case 'FORMER':
      return between(rng, now - 8 * YEAR, now - 2 * YEAR);
  }
}

function birthDate(rng: Rng, now: number): Date {
  // Triangular, skewed young: most shoppers are 30–55, a few are 18 or over 80.
  const age = 18 + Math.floor(66 * Math.pow((rng.next() + rng.next()) / 2, 1.25));
  const t = now - age * YEAR - rng.int(2, 360) * DAY;
  const d = new Date(t);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

function points(rng: Rng, tier: DemoTierCode, stage: DemoLifecycleStage): number {
  if (stage === 'PROSPECT') return 0;
  if (stage === 'FORMER' && rng.chance(0.6)) return 0;
  const scale = tier === 'PLATINUM' ? 20_000 : tier === 'GOLD' ? 12_000 : 6_000;
  const floor = tier === 'PLATINUM' ? 1_500 : tier === 'GOLD' ? 500 : 0;
  return Math.min(20_000, floor + Math.floor(scale * Math.pow(rng.next(), 2.5)));
}

/**
 * Generates `count` demo members with unique phones, card numbers and NFC UIDs. Every member has one
 * ACTIVE printed card; consent history is append-only and its latest record per kind follows GRANT_RATIO.
 */
export function generateDemoPeople(options: DemoPeopleOptions): DemoPerson[] {
  const { count, seed } = options;
  const now = options.now.getTime();
  const rng = createRng(seed);
  const phones = new Set<string>();
  const emails = new Set<string>();
  const serials = new Set<number>();
  const uids = new Set<string>();

  const uniquePhone = () => {
    for (;;) {
      const prefix = rng.pick(rng.weighted(OPERATOR_PREFIXES));
      const phone = `+90${prefix}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
      if (!phones.has(phone)) {
        phones.add(phone);
        return phone;
      }
    }
  };
  const cardNumber = () => {
    for (;;) {
      const serial = rng.int(1, MAX_CARD_SERIAL);
      if (!serials.has(serial)) {
        serials.add(serial);
        return formatCardNumber(serial);
      }
    }
  };
  const uid = (bytes: number, first?: number) => {
    for (;;) {
      const parts = Array.from({ length: bytes }, (_, i) => (i === 0 && first !== undefined ? first : rng.int(0, 255)));
      const hex = parts.map((b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
      if (!uids.has(hex)) {
        uids.add(hex);
        return hex;
      }
    }
  };
  const uniqueEmail = (first: string, last: string, birthYear: number) => {
    const f = asciiFold(first);
    const l = asciiFold(last);
    const domain = rng.weighted(EMAIL_DOMAINS);
    for (;;) {
      const n = rng.chance(0.4) ? String(birthYear) : String(rng.int(1, 99));
      const local = rng.weighted<string>([
        [`${f}.${l}${n}`, 40],
        [`${f}${l}${n}`, 25],
        [`${f}_${l}${n}`, 10],
        [`${f.charAt(0)}${l}${n}`, 15],
        [`${f}${n}`, 10],
      ]);
      const email = `${local}@${domain}`;
      if (!emails.has(email)) {
        emails.add(email);
        return email;
      }
    }
  };

  const people: DemoPerson[] = [];
  for (let i = 0; i < count; i++) {
    const female = rng.chance(0.52);
    const firstName = pickSkewed(rng, female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
    const lastName = pickSkewed(rng, SURNAMES);
    const gender: DemoGender | null = rng.chance(0.03) ? null : female ? 'FEMALE' : 'MALE';
    const stage = rng.weighted(STAGES);
    const tierCode: DemoTierCode = stage === 'PROSPECT' || stage === 'NEW' ? (rng.chance(0.95) ? 'CLASSIC' : 'GOLD') : rng.weighted(TIERS);
    const born = birthDate(rng, now);
    const age = (now - born.getTime()) / YEAR;
    const hasEmail = rng.chance(age < 50 ? 0.8 : 0.55);
    const createdAt = memberSince(rng, stage, now);
    const member: DemoMember = {
      firstName,
      lastName,
      phone: uniquePhone(),
      email: hasEmail ? uniqueEmail(firstName, lastName, born.getUTCFullYear()) : null,
      birthDate: born,
      city: rng.weighted(CITY_WEIGHTS),
      gender,
      lifecycleStage: stage,
      isStaff: rng.chance(0.02),
      tierCode,
      pointsBalance: points(rng, tierCode, stage),
      createdAt,
    };

    const cards: DemoCard[] = [];
    const oldCard = rng.chance(0.035) && now - createdAt.getTime() > 60 * DAY;
    // With an old card, the current printed card was issued later, as its replacement.
    const printedIssued = oldCard ? between(rng, createdAt.getTime() + 30 * DAY, now - DAY) : createdAt;
    cards.push({
      number: cardNumber(), nfcUid: null, kind: 'PRINTED', trust: 'HIGH', status: 'ACTIVE', statusReason: null,
      issuedAt: printedIssued, replacedByIndex: null,
    });
    if (rng.chance(0.4)) {
      cards.push({
        number: cardNumber(), nfcUid: uid(7, 0x04), kind: 'NFC_SUN', trust: 'HIGH', status: 'ACTIVE', statusReason: null,
        issuedAt: between(rng, createdAt.getTime(), now - DAY), replacedByIndex: null,
      });
    } else if (rng.chance(0.05)) {
      // Older MIFARE Classic key fobs: 4-byte UID, cloneable, hence low trust.
      cards.push({
        number: cardNumber(), nfcUid: uid(4), kind: 'NFC_UID', trust: 'LOW', status: 'ACTIVE', statusReason: null,
        issuedAt: between(rng, createdAt.getTime(), now - DAY), replacedByIndex: null,
      });
    }
    if (oldCard) {
      const outcome = rng.weighted<'REPLACED' | 'LOST' | 'BLOCKED'>([['REPLACED', 60], ['LOST', 25], ['BLOCKED', 15]]);
      cards.push({
        number: cardNumber(),
        nfcUid: null,
        kind: 'PRINTED',
        trust: 'HIGH',
        status: outcome,
        statusReason:
          outcome === 'REPLACED' ? rng.pick(['Kayıp bildirildi', 'Kart hasarlı', 'Çalıntı bildirildi'])
          : outcome === 'LOST' ? 'Kayıp bildirildi'
          : 'Şüpheli kullanım nedeniyle bloke',
        issuedAt: createdAt,
        replacedByIndex: outcome === 'REPLACED' ? 0 : null,
      });
    }

    const consents: DemoConsent[] = [];
    const signupSource = rng.weighted(SOURCES);
    const signupAt = between(rng, createdAt.getTime(), createdAt.getTime() + 10 * 60_000);
    const signupEvidence = evidenceFor(rng, signupSource);
    const kinds: DemoConsentKind[] = hasEmail ? ['SMS', 'CALL', 'EMAIL', 'PUSH', 'PROFILING'] : ['SMS', 'CALL', 'PUSH', 'PROFILING'];
    for (const kind of kinds) {
      const granted = rng.chance(GRANT_RATIO[kind]);
      const changedLater = rng.chance(0.08) && now - signupAt.getTime() > 7 * DAY;
      const first: DemoConsent['status'] = changedLater ? (granted ? 'REFUSED' : 'GRANTED') : granted ? 'GRANTED' : 'REFUSED';
      consents.push({
        kind, status: first, source: signupSource, textVersion: textVersion(kind, signupAt), evidence: signupEvidence,
        recordedAt: signupAt, actorType: actorFor(signupSource),
      });
      if (changedLater) {
        const source = rng.weighted<DemoConsentSource>([['WEB', 40], ['CALL_CENTER', 35], ['KIOSK', 15], ['POS', 10]]);
        const at = between(rng, signupAt.getTime() + DAY, now - 60_000);
        consents.push({
          kind, status: granted ? 'GRANTED' : 'REFUSED', source, textVersion: textVersion(kind, at), evidence: evidenceFor(rng, source),
          recordedAt: at, actorType: actorFor(source),
        });
      }
    }
    people.push({ member, cards, consents });
  }
  return people;
}
