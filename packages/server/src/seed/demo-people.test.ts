import { isValidCardNumber } from '@kulup/domain/card-number';
import { describe, expect, it } from 'vitest';

import {
  FEMALE_FIRST_NAMES,
  MALE_FIRST_NAMES,
  SURNAMES,
  asciiFold,
  createRng,
  generateDemoPeople,
} from './demo-people';

const now = new Date('2026-03-01T09:00:00Z');
const YEAR = 365.25 * 86_400_000;

describe('generateDemoPeople', () => {
  it('is deterministic: the same seed gives the same people, another seed different ones', () => {
    const a = generateDemoPeople({ count: 300, seed: 42, now });
    const b = generateDemoPeople({ count: 300, seed: 42, now });
    const c = generateDemoPeople({ count: 300, seed: 43, now });
    expect(b).toEqual(a);
    expect(c.map((p) => p.member.phone)).not.toEqual(a.map((p) => p.member.phone));
  });

  it('uses real Turkish names with Turkish letters', () => {
    const people = generateDemoPeople({ count: 500, seed: 7, now });
    const text = people.map((p) => `${p.member.firstName} ${p.member.lastName} ${p.member.city}`).join(' ');
    for (const ch of ['ç', 'ğ', 'ı', 'İ', 'ö', 'ş', 'ü']) expect(text).toContain(ch);
    for (const p of people) {
      const names = p.member.gender === 'MALE' ? MALE_FIRST_NAMES : p.member.gender === 'FEMALE' ? FEMALE_FIRST_NAMES : [...MALE_FIRST_NAMES, ...FEMALE_FIRST_NAMES];
      expect(names).toContain(p.member.firstName);
      expect(SURNAMES).toContain(p.member.lastName);
    }
  });

  it('has large, duplicate-free name lists', () => {
    expect(FEMALE_FIRST_NAMES.length).toBeGreaterThanOrEqual(80);
    expect(MALE_FIRST_NAMES.length).toBeGreaterThanOrEqual(80);
    expect(SURNAMES.length).toBeGreaterThanOrEqual(120);
    for (const list of [FEMALE_FIRST_NAMES, MALE_FIRST_NAMES, SURNAMES]) expect(new Set(list).size).toBe(list.length);
    expect(FEMALE_FIRST_NAMES.filter((n) => MALE_FIRST_NAMES.includes(n))).toEqual([]);
  });

  it('gives unique, valid phones, e-mails, card numbers and NFC UIDs', () => {
    const people = generateDemoPeople({ count: 2000, seed: 1, now });
    const phones = people.map((p) => p.member.phone);
    expect(new Set(phones).size).toBe(phones.length);
    for (const phone of phones) expect(phone).toMatch(/^\+905(0[5-7]|3\d|4[1-9]|5[1-5])\d{7}$/);
    const emails = people.flatMap((p) => (p.member.email ? [p.member.email] : []));
    expect(new Set(emails).size).toBe(emails.length);
    for (const email of emails) expect(email).toMatch(/^[a-z0-9._]+@(gmail|hotmail|outlook|yandex)\.com$/);
    const cards = people.flatMap((p) => p.cards);
    expect(new Set(cards.map((c) => c.number)).size).toBe(cards.length);
    for (const c of cards) expect(isValidCardNumber(c.number)).toBe(true);
    const uids = cards.flatMap((c) => (c.nfcUid ? [c.nfcUid] : []));
    expect(new Set(uids).size).toBe(uids.length);
    for (const c of cards.filter((c) => c.kind === 'NFC_SUN')) {
      expect(c.nfcUid).toMatch(/^04[0-9A-F]{12}$/);
      expect(c.trust).toBe('HIGH');
    }
    for (const c of cards.filter((c) => c.kind === 'NFC_UID')) expect(c.trust).toBe('LOW');
  });

  it('keeps ages, dates and balances in range and follows the mixes roughly', () => {
    const people = generateDemoPeople({ count: 4000, seed: 99, now });
    const share = (pred: (p: (typeof people)[number]) => boolean) => people.filter(pred).length / people.length;
    for (const { member, cards, consents } of people) {
      const age = (now.getTime() - member.birthDate.getTime()) / YEAR;
      expect(age).toBeGreaterThanOrEqual(18);
      expect(age).toBeLessThan(86);
      expect(member.pointsBalance).toBeGreaterThanOrEqual(0);
      expect(member.pointsBalance).toBeLessThanOrEqual(20_000);
      expect(member.createdAt.getTime()).toBeLessThan(now.getTime());
      expect(cards.filter((c) => c.kind === 'PRINTED' && c.status === 'ACTIVE')).toHaveLength(1);
      for (const c of cards) {
        if (c.status === 'REPLACED') expect(cards[c.replacedByIndex ?? -1]?.status).toBe('ACTIVE');
        else expect(c.replacedByIndex).toBeNull();
      }
      for (const c of consents) expect(c.recordedAt.getTime()).toBeLessThan(now.getTime());
      if (!member.email) expect(consents.some((c) => c.kind === 'EMAIL')).toBe(false);
      const kinds = new Set(consents.map((c) => c.kind));
      expect(kinds.size).toBe(member.email ? 5 : 4);
    }
    const inForce = (kind: string) => {
      const latest = people.flatMap((p) => {
        const own = p.consents.filter((c) => c.kind === kind).sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
        return own.length ? [own[own.length - 1]!] : [];
      });
      return latest.filter((c) => c.status === 'GRANTED').length / latest.length;
    };
    expect(inForce('SMS')).toBeCloseTo(0.6, 1);
    expect(inForce('CALL')).toBeCloseTo(0.3, 1);
    expect(inForce('EMAIL')).toBeCloseTo(0.5, 1);
    expect(inForce('PUSH')).toBeCloseTo(0.4, 1);
    expect(inForce('PROFILING')).toBeCloseTo(0.45, 1);
    expect(share((p) => p.member.email !== null)).toBeCloseTo(0.7, 1);
    expect(share((p) => p.member.tierCode === 'CLASSIC')).toBeGreaterThan(0.7);
    expect(share((p) => p.member.tierCode === 'PLATINUM')).toBeGreaterThan(0.02);
    expect(share((p) => p.member.lifecycleStage === 'ACTIVE')).toBeGreaterThan(0.5);
    expect(share((p) => p.member.isStaff)).toBeCloseTo(0.02, 1);
    expect(share((p) => p.cards.some((c) => c.kind === 'NFC_SUN'))).toBeCloseTo(0.4, 1);
    expect(share((p) => p.member.city === 'İstanbul')).toBeGreaterThan(0.15);
  });
});

describe('asciiFold', () => {
  it('folds Turkish letters, including dotted and dotless I', () => {
    expect(asciiFold('Çiğdem')).toBe('cigdem');
    expect(asciiFold('İpek')).toBe('ipek');
    expect(asciiFold('Işıl')).toBe('isil');
    expect(asciiFold('Şükrü Öztürk')).toBe('sukruozturk');
  });
});

describe('createRng', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = createRng(5);
    const b = createRng(5);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
});
