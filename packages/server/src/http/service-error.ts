import type { ErrorCode, TFieldError } from '@kulup/contracts';

/** A failure a service reports with a stable code; the HTTP layer maps the code to a status. */
export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: TFieldError[],
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export const notFound = (what: string) => new ServiceError('NOT_FOUND', `${what} not found`);

function assertUnreachable(value: never): never {
  throw new Error(`Unhandled error code ${String(value)}`);
}

/** The one mapping from error codes to HTTP statuses. */
export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION_FAILED':
    case 'MALFORMED_JSON':
    case 'IDEMPOTENCY_KEY_MISSING':
      return 400;
    case 'UNAUTHENTICATED':
    case 'INVALID_CREDENTIALS':
    case 'ENROLMENT_CODE_INVALID':
    case 'TERMINAL_REVOKED':
      return 401;
    case 'FORBIDDEN':
    case 'CARD_BLOCKED':
    case 'CARD_NOT_AUTHENTIC':
    case 'CARD_REPLAYED':
    case 'MEMBER_BLOCKED':
    case 'REDEMPTION_NOT_ALLOWED':
      return 403;
    case 'NOT_FOUND':
    case 'ROUTE_NOT_FOUND':
    case 'CARD_NOT_FOUND':
    case 'RECEIPT_NOT_FOUND':
      return 404;
    case 'CONFLICT':
    case 'CARD_NOT_ACTIVE':
    case 'IDEMPOTENCY_IN_PROGRESS':
    case 'INSUFFICIENT_POINTS':
    case 'HOLD_NOT_OPEN':
    case 'TRANSITION_NOT_ALLOWED':
      return 409;
    case 'HOLD_EXPIRED':
      return 410;
    case 'IDEMPOTENCY_KEY_REUSED':
    case 'UNKNOWN_REFERENCE':
    case 'RECEIPT_INVALID':
    case 'RETURN_EXCEEDS_PURCHASE':
    case 'APPROVAL_REQUIRED':
    case 'CONSENT_REQUIRED':
    case 'SEGMENT_RULES_INVALID':
      return 422;
    case 'MEMBER_ERASED':
      return 410;
    case 'PIN_LOCKED':
      return 423;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return 415;
    case 'INTERNAL':
      return 500;
    default:
      return assertUnreachable(code);
  }
}
