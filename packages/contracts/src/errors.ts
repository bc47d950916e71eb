import { z } from 'zod';

/** Every machine-readable error code the API returns. */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'PIN_LOCKED',
  'FORBIDDEN',
  'NOT_FOUND',
  'ROUTE_NOT_FOUND',
  'CONFLICT',
  'ENROLMENT_CODE_INVALID',
  'TERMINAL_REVOKED',
  'CARD_NOT_FOUND',
  'CARD_BLOCKED',
  'CARD_NOT_AUTHENTIC',
  'CARD_REPLAYED',
  'CARD_NOT_ACTIVE',
  'MEMBER_ERASED',
  'MEMBER_BLOCKED',
  'IDEMPOTENCY_KEY_MISSING',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_IN_PROGRESS',
  'UNKNOWN_REFERENCE',
  'RECEIPT_INVALID',
  'RECEIPT_NOT_FOUND',
  'RETURN_EXCEEDS_PURCHASE',
  'INSUFFICIENT_POINTS',
  'HOLD_NOT_OPEN',
  'HOLD_EXPIRED',
  'REDEMPTION_NOT_ALLOWED',
  'APPROVAL_REQUIRED',
  'TRANSITION_NOT_ALLOWED',
  'CONSENT_REQUIRED',
  'SEGMENT_RULES_INVALID',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const ZFieldError = z.object({ path: z.string(), message: z.string() });
export type TFieldError = z.infer<typeof ZFieldError>;

export const ZErrorBody = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    fields: z.array(ZFieldError).optional(),
    requestId: z.string().optional(),
  }),
});
export type TErrorBody = z.infer<typeof ZErrorBody>;

/** Turns zod issues into `{ path, message }` with dotted paths (`lines.0.quantity`). */
export function fieldErrorsFrom(error: z.ZodError, prefix?: string): TFieldError[] {
  return error.issues.flatMap((issue) => {
    const base = [prefix, ...issue.path.map(String)].filter((p) => p !== undefined && p !== '');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...base, key].join('.'), message: 'Unknown field' }));
    }
    return [{ path: base.join('.') || '(root)', message: issue.message }];
  });
}
