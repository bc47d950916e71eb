import { isValidCardNumber, normalizeCardNumber } from '@kulup/domain/card-number';
import { z } from 'zod';

export const ZId = z.uuid();

export const ZIsoDateTime = z.iso.datetime({ offset: true });

/** A calendar date `YYYY-MM-DD` that exists. */
export const ZIsoDate = z.iso.date();

/** Turkish mobile numbers in any common writing, normalised to E.164 `+905XXXXXXXXX`. */
export const ZPhone = z
  .string()
  .max(32)
  .transform((raw) => raw.replace(/[\s().-]/g, ''))
  .transform((s) => (s.startsWith('+90') ? s.slice(3) : s.startsWith('0090') ? s.slice(4) : s.startsWith('0') ? s.slice(1) : s))
  .refine((s) => /^5\d{9}$/.test(s), 'Must be a Turkish mobile number such as +90 532 123 45 67')
  .transform((s) => `+90${s}`);

export const ZEmail = z.email().max(254).transform((s) => s.toLowerCase());

/** A 16-digit printed club-card number with a valid Luhn check digit; spaces and dashes are ignored. */
export const ZCardNumber = z
  .string()
  .max(32)
  .transform(normalizeCardNumber)
  .refine((s) => isValidCardNumber(s), 'Not a valid card number (16 digits with a correct check digit)');

/** An NFC tag UID as hex (4, 7 or 10 bytes), normalised to upper case. */
export const ZNfcUid = z
  .string()
  .regex(/^([0-9a-fA-F]{8}|[0-9a-fA-F]{14}|[0-9a-fA-F]{20})$/, 'NFC UID must be 4, 7 or 10 bytes of hex')
  .transform((s) => s.toUpperCase());

export const ZName = z.string().trim().min(1).max(60);

export const ZPageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
});

export const ZOk = z.object({ ok: z.literal(true) });
