import type { Config } from '../config';
import type { Db } from '../db/database';
import type { Prisma } from '../generated/prisma/client';
import type { Tokens } from '../lib/tokens';

export type Tx = Prisma.TransactionClient;

/** Who does something: recorded in the audit log with the request id. */
export type Actor = {
  type: 'STAFF' | 'TERMINAL' | 'MEMBER' | 'SYSTEM';
  id: string | null;
  terminalId: string | null;
  requestId: string | null;
};

export const systemActor: Actor = { type: 'SYSTEM', id: null, terminalId: null, requestId: null };

/** What services may use besides their input; the card master key lives in memory only. */
export type ServiceDeps = { db: Db; config: Config; tokens: Tokens; cardMasterKey: Buffer };
