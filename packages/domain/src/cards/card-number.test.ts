import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_ISSUER_PREFIX,
  MAX_CARD_SERIAL,
  formatCardNumber,
  isValidCardNumber,
  lastFour,
  luhnCheckDigit,
  maskCardNumber,
  normalizeCardNumber,
} from './card-number';

const serialArb = fc.integer({ min: 0, max: MAX_CARD_SERIAL });
const prefixArb = fc.stringMatching(/^[0-9]{6}$/);
const cardArb = fc.tuple(serialArb, prefixArb).map(([serial, prefix]) => formatCardNumber(serial, prefix));

const replaceAt = (s: string, i: number, c: string): string => s.slice(0, i) + c + s.slice(i + 1);

describe('luhnCheckDigit', () => {
  it('matches well-known Luhn examples', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3);
    expect(luhnCheckDigit('411111111111111')).toBe(1);
    expect(luhnCheckDigit('0')).toBe(0);
  });

  it('rejects non-digit input', () => {
    expect(() => luhnCheckDigit('')).toThrow(RangeError);
    expect(() => luhnCheckDigit('12a4')).toThrow(RangeError);
    expect(() => luhnCheckDigit('١٢٣')).toThrow(RangeError);
  });
});

describe('formatCardNumber', () => {
  it('lays out prefix, zero-padded serial and check digit', () => {
    const n = formatCardNumber(17);
    expect(n).toHaveLength(16);
    expect(n.startsWith(DEFAULT_ISSUER_PREFIX)).toBe(true);
    expect(n.slice(6, 15)).toBe('000000017');
    expect(n).toBe(`960212000000017${luhnCheckDigit('960212000000017')}`);
  });

  it('accepts bigint serials and agrees with number serials', () => {
    expect(formatCardNumber(123_456_789n, '123456')).toBe(formatCardNumber(123_456_789, '123456'));
  });

  it('rejects out-of-range serials and malformed prefixes', () => {
    expect(() => formatCardNumber(-1)).toThrow(RangeError);
    expect(() => formatCardNumber(MAX_CARD_SERIAL + 1)).toThrow(RangeError);
    expect(() => formatCardNumber(1.5)).toThrow(RangeError);
    expect(() => formatCardNumber(Number.NaN)).toThrow(RangeError);
    expect(() => formatCardNumber(1n << 40n)).toThrow(RangeError);
    expect(() => formatCardNumber(1, '12345')).toThrow(RangeError);
    expect(() => formatCardNumber(1, '12345a')).toThrow(RangeError);
  });
});

describe('isValidCardNumber', () => {
  it('every generated number validates, with and without its prefix check', () => {
    fc.assert(
      fc.property(serialArb, prefixArb, (serial, prefix) => {
        const n = formatCardNumber(serial, prefix);
        expect(n).toMatch(/^[0-9]{16}$/);
        expect(isValidCardNumber(n)).toBe(true);
        expect(isValidCardNumber(n, prefix)).toBe(true);
      }),
    );
  });

  it('changing any single digit breaks validation', () => {
    fc.assert(
      fc.property(cardArb, fc.integer({ min: 0, max: 15 }), fc.integer({ min: 1, max: 9 }), (n, i, delta) => {
        const changed = replaceAt(n, i, String((Number(n[i]) + delta) % 10));
        expect(isValidCardNumber(changed)).toBe(false);
      }),
    );
  });

  it('swapping two adjacent different digits breaks validation (except 0↔9, which Luhn cannot see)', () => {
    fc.assert(
      fc.property(cardArb, fc.integer({ min: 0, max: 14 }), (n, i) => {
        const a = n[i]!;
        const b = n[i + 1]!;
        fc.pre(a !== b && !(a + b === '09' || a + b === '90'));
        const swapped = n.slice(0, i) + b + a + n.slice(i + 2);
        expect(isValidCardNumber(swapped)).toBe(false);
      }),
    );
  });

  it('documents the Luhn blind spot: a 09↔90 swap still validates', () => {
    const body = '960212000000009';
    const n = body + String(luhnCheckDigit(body));
    const swapped = '960212000000090' + n.slice(15);
    expect(isValidCardNumber(n)).toBe(true);
    expect(swapped).not.toBe(n);
    expect(isValidCardNumber(swapped)).toBe(true);
  });

  it('accepts spaces and dashes between groups but nothing else', () => {
    const n = formatCardNumber(42);
    const grouped = `${n.slice(0, 4)} ${n.slice(4, 8)}-${n.slice(8, 12)}\u00A0${n.slice(12)}`;
    expect(normalizeCardNumber(grouped)).toBe(n);
    expect(isValidCardNumber(grouped)).toBe(true);
    expect(isValidCardNumber(`${n.slice(0, 8)}.${n.slice(8)}`)).toBe(false);
    expect(isValidCardNumber(`${n}\n`)).toBe(false);
  });

  it('rejects wrong lengths, non-digits and a foreign prefix', () => {
    const n = formatCardNumber(42);
    expect(isValidCardNumber('')).toBe(false);
    expect(isValidCardNumber(n.slice(1))).toBe(false);
    expect(isValidCardNumber(`0${n}`)).toBe(false);
    expect(isValidCardNumber(`${n.slice(0, 15)}x`)).toBe(false);
    expect(isValidCardNumber(formatCardNumber(42, '123456'), DEFAULT_ISSUER_PREFIX)).toBe(false);
  });
});

describe('lastFour and maskCardNumber', () => {
  it('show only the last four digits', () => {
    const n = formatCardNumber(1234);
    expect(lastFour(n)).toBe(n.slice(-4));
    expect(maskCardNumber(n)).toBe(`•••• ${n.slice(-4)}`);
    expect(maskCardNumber(`${n.slice(0, 8)} ${n.slice(8)}`)).toBe(`•••• ${n.slice(-4)}`);
  });

  it('refuse input with fewer than four digits', () => {
    expect(() => lastFour('123')).toThrow(RangeError);
    expect(() => maskCardNumber('12a4')).toThrow(RangeError);
  });
});
