import { z } from 'zod';

import { ZCardNumber, ZId, ZIsoDateTime } from './common.schema';

export const PIN_MAX_ATTEMPTS = 5;
export const PIN_LOCK_MINUTES = 15;

const isTrivialPin = (pin: string) =>
  /^(\d)\1+$/.test(pin) || '01234567890'.includes(pin) || '09876543210'.includes(pin);

/** A 4–6 digit kiosk PIN that is not one digit repeated or a plain sequence. */
export const ZPin = z
  .string()
  .regex(/^\d{4,6}$/, 'The PIN is 4 to 6 digits')
  .refine((pin) => !isTrivialPin(pin), 'Choose a PIN that is not one digit repeated or a simple sequence');

export const ZPinSetRequest = z.strictObject({ pin: ZPin });
export type TPinSetRequest = z.input<typeof ZPinSetRequest>;
export const ZPinSetResponse = z.object({ memberId: ZId, setAt: ZIsoDateTime });

/**
 * Start a kiosk member session with the printed card number and the member's PIN. Wrong PINs count per
 * member (not per kiosk); after PIN_MAX_ATTEMPTS the PIN is locked for PIN_LOCK_MINUTES.
 */
export const ZKioskSessionRequest = z.strictObject({
  cardNumber: ZCardNumber,
  /** Only the format is checked here; triviality is a rule for setting a PIN, not for typing one. */
  pin: z.string().regex(/^\d{4,6}$/, 'The PIN is 4 to 6 digits'),
});
export type TKioskSessionRequest = z.input<typeof ZKioskSessionRequest>;

/** The kiosk's own terminal and store, shown in its header and used to check its credential. */
export const ZKioskInfo = z.object({
  terminalId: ZId,
  terminalName: z.string(),
  store: z.object({ id: ZId, code: z.string(), name: z.string(), city: z.string() }),
  serverTime: ZIsoDateTime,
});
export type TKioskInfo = z.infer<typeof ZKioskInfo>;
