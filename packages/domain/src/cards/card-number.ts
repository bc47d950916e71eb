/** Issuer prefix printed at the start of every Kulüp club-card number unless configured otherwise. */
export const DEFAULT_ISSUER_PREFIX = '960212';

/** Number of digits in a printed club-card number (6-digit prefix, 9-digit serial, 1 Luhn check digit). */
export const CARD_NUMBER_LENGTH = 16;

/** Largest serial that fits the 9-digit serial field. */
export const MAX_CARD_SERIAL = 999_999_999;

const DIGITS = /^[0-9]+$/;
const CARD_NUMBER = /^[0-9]{16}$/;
const ISSUER_PREFIX = /^[0-9]{6}$/;
// Spaces (including no-break space) and hyphen-minus are accepted as group separators when typed or scanned.
const SEPARATORS = /[ \u00A0-]/g;

/** Luhn (mod 10) check digit for a string of ASCII digits that does not yet carry one. */
export function luhnCheckDigit(digitsWithoutCheck: string): number {
  if (!DIGITS.test(digitsWithoutCheck)) throw new RangeError('Luhn input must be a non-empty string of digits');
  let sum = 0;
  // Walking from the right, the digit next to the (future) check digit is doubled, then every second one.
  for (let i = digitsWithoutCheck.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digitsWithoutCheck.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** Strips the spaces and dashes people type or print between digit groups; does not validate. */
export function normalizeCardNumber(s: string): string {
  return s.replace(SEPARATORS, '');
}

/** True when `s` (spaces/dashes allowed) is 16 digits with a valid Luhn digit and, if given, the issuer prefix. */
export function isValidCardNumber(s: string, prefix?: string): boolean {
  const n = normalizeCardNumber(s);
  if (!CARD_NUMBER.test(n)) return false;
  if (prefix !== undefined && !n.startsWith(prefix)) return false;
  return luhnCheckDigit(n.slice(0, -1)) === n.charCodeAt(n.length - 1) - 48;
}

/** Builds the 16-digit card number for a serial (0…999 999 999) under an issuer prefix. */
export function formatCardNumber(serial: number | bigint, prefix: string = DEFAULT_ISSUER_PREFIX): string {
  if (!ISSUER_PREFIX.test(prefix)) throw new RangeError('issuer prefix must be exactly 6 digits');
  if (typeof serial === 'number' && !Number.isSafeInteger(serial)) {
    throw new RangeError('card serial must be an integer');
  }
  const big = BigInt(serial);
  if (big < 0n || big > BigInt(MAX_CARD_SERIAL)) {
    throw new RangeError(`card serial must be between 0 and ${MAX_CARD_SERIAL}`);
  }
  const body = prefix + big.toString().padStart(9, '0');
  return body + String(luhnCheckDigit(body));
}

/** Last four digits of a card number (separators ignored); throws if fewer than four digits remain. */
export function lastFour(n: string): string {
  const digits = normalizeCardNumber(n);
  if (digits.length < 4 || !DIGITS.test(digits)) throw new RangeError('card number must contain at least four digits');
  return digits.slice(-4);
}

/** Card number safe to show or log: '•••• ' followed by the last four digits. */
export function maskCardNumber(n: string): string {
  return `•••• ${lastFour(n)}`;
}
