import { pino } from 'pino';
import type { Logger } from 'pino';

/** Structured JSON logs on stdout (one object per line), ready for any log shipper. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'kulup-server' }, timestamp: pino.stdTimeFunctions.isoTime });
}
