import { z } from 'zod';

import { ZCardNumber, ZNfcUid } from './common.schema';
import { ZMemberCreateRequest } from './members.schema';

// One CSV row of a member migrated from a previous loyalty program. Every cell arrives as text; blank cells
// are "not given". Personal fields reuse the member schemas, so an import accepts exactly what registration
// accepts (Turkish mobile numbers in any common writing, e-mail, birth date within 120 years, Luhn card numbers).

/** The columns of an import file, in the documented order (a file may leave out the optional ones). */
export const IMPORT_COLUMNS = [
  'externalRef',
  'firstName',
  'lastName',
  'phone',
  'email',
  'birthDate',
  'city',
  'cardNumber',
  'nfcUid',
  'openingBalance',
  'tierCode',
  'smsConsent',
  'emailConsent',
  'consentDate',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
export const REQUIRED_IMPORT_COLUMNS: readonly ImportColumn[] = ['externalRef', 'firstName', 'lastName'];

const member = ZMemberCreateRequest.shape;
const blank = (v: unknown) => typeof v === 'string' && v.trim() === '';
/** Blank cells become undefined, others are trimmed, before the field schema sees them. */
const cell = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (blank(v) ? undefined : typeof v === 'string' ? v.trim() : v), schema);

const GRANTED = new Set(['evet', 'e', 'var', 'izinli', 'onay', 'yes', 'y', 'true', '1', 'granted']);
const REFUSED = new Set(['hayır', 'hayir', 'h', 'yok', 'izinsiz', 'ret', 'red', 'no', 'n', 'false', '0', 'refused']);

const ZConsentCell = z
  .string()
  .transform((s) => s.toLocaleLowerCase('tr'))
  .refine((s) => GRANTED.has(s) || REFUSED.has(s), 'Use evet/hayır (also yes/no, true/false, 1/0)')
  .transform((s): 'GRANTED' | 'REFUSED' => (GRANTED.has(s) ? 'GRANTED' : 'REFUSED'));

/** `GG.AA.YYYY` (as Turkish spreadsheets write dates) becomes `YYYY-MM-DD`; anything else is left as is. */
const fromTurkishDate = (s: string) => {
  const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(s);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : s;
};

/**
 * The IYS consent-date format `yyyy-MM-dd HH:mm:ss` (Europe/Istanbul, UTC+3 all year since 2016), a date
 * alone (midnight in Istanbul), or ISO 8601 with an offset; normalised to a UTC ISO timestamp.
 */
const ZConsentDate = z
  .string()
  .transform((s, ctx) => {
    const local = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(s);
    let iso: string | undefined;
    if (local) {
      if (z.iso.date().safeParse(local[1]).success) iso = `${local[1]}T${local[2] ?? '00'}:${local[3] ?? '00'}:${local[4] ?? '00'}+03:00`;
    } else if (z.iso.datetime({ offset: true }).safeParse(s).success) {
      iso = s;
    }
    const time = iso === undefined ? Number.NaN : Date.parse(iso);
    if (Number.isNaN(time)) {
      ctx.addIssue({ code: 'custom', message: 'Use yyyy-MM-dd HH:mm:ss (Istanbul time), yyyy-MM-dd or ISO 8601' });
      return z.NEVER;
    }
    return new Date(time).toISOString();
  })
  .refine((iso) => iso <= new Date().toISOString(), 'A consent date cannot be in the future');

export const ZImportRow = z
  .strictObject({
    /** The member's id in the previous program; a second import of the same id is skipped. */
    externalRef: cell(
      z.string().min(1).max(64).regex(/^[^\x00-\x1f\x7f]+$/, 'No control characters'),
    ),
    firstName: cell(member.firstName),
    lastName: cell(member.lastName),
    phone: cell(member.phone),
    email: cell(member.email),
    birthDate: cell(z.string().transform(fromTurkishDate).pipe(member.birthDate.unwrap()).optional()),
    city: cell(member.city),
    /** The printed card number from the previous program (16 digits, Luhn); blank = a new number is issued. */
    cardNumber: cell(ZCardNumber.optional()),
    /** A plain NFC tag UID (becomes a low-trust NFC_UID card). */
    nfcUid: cell(ZNfcUid.optional()),
    /** Points carried over, posted as one IMPORT lot; blank = 0. */
    openingBalance: cell(
      z
        .string()
        .regex(/^\d{1,9}$/, 'A whole number of points, digits only (no separators)')
        .transform(Number)
        .optional()
        .default(0),
    ),
    /** Must be a code of the tier ladder; blank = the entry tier. */
    tierCode: cell(
      z
        .string()
        .transform((s) => s.toUpperCase())
        .pipe(z.string().max(40).regex(/^[A-Z0-9_]+$/, 'Tier codes are upper-case letters, digits and _'))
        .optional(),
    ),
    smsConsent: cell(ZConsentCell.optional()),
    emailConsent: cell(ZConsentCell.optional()),
    /** When the permissions were given or refused (the proof ETK asks for); required with either consent. */
    consentDate: cell(ZConsentDate.optional()),
  })
  .superRefine((row, ctx) => {
    if ((row.smsConsent || row.emailConsent) && !row.consentDate) {
      ctx.addIssue({ code: 'custom', path: ['consentDate'], message: 'Required when smsConsent or emailConsent is given' });
    }
    if (row.smsConsent === 'GRANTED' && !row.phone) {
      ctx.addIssue({ code: 'custom', path: ['smsConsent'], message: 'SMS permission needs a phone number' });
    }
    if (row.emailConsent === 'GRANTED' && !row.email) {
      ctx.addIssue({ code: 'custom', path: ['emailConsent'], message: 'E-mail permission needs an e-mail address' });
    }
  });
export type TImportRow = z.output<typeof ZImportRow>;

/** One problem with one row: the file line the row starts on and the column at fault. */
export const ZImportIssue = z.object({ line: z.number().int(), column: z.string(), message: z.string() });
export type TImportIssue = z.infer<typeof ZImportIssue>;

export const ZImportReport = z.object({
  dryRun: z.boolean(),
  /** Data rows in the file (the header not counted). */
  rows: z.number().int(),
  /** Members created by this run (in a dry run: that would be created). */
  created: z.number().int(),
  /** Rows whose externalRef was imported before. */
  skipped: z.number().int(),
  /** Rows with at least one issue; none of them is written. */
  invalid: z.number().int(),
  /** Opening points posted by this run (in a dry run: that would be posted). */
  points: z.number().int(),
  issues: z.array(ZImportIssue),
  durationMs: z.number(),
});
export type TImportReport = z.infer<typeof ZImportReport>;
