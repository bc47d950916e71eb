import { localDate } from '@kulup/domain';

import type { Tx } from '../context';

/**
 * Draws the next ticket number, `KLP-<year>-<000123>`: the year of creation in Istanbul and a database
 * sequence, so concurrent tickets never share a number and no row lock is held (a rolled-back draw leaves a gap).
 */
export async function nextTicketNumber(tx: Tx, at: Date): Promise<{ seq: bigint; number: string }> {
  const [row] = await tx.$queryRaw<{ n: bigint }[]>`SELECT nextval(pg_get_serial_sequence('ticket', 'seq')) AS n`;
  const seq = BigInt(row!.n);
  return { seq, number: `KLP-${localDate(at).slice(0, 4)}-${String(seq).padStart(6, '0')}` };
}
