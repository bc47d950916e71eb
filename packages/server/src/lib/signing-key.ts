import { randomBytes } from 'node:crypto';

import type { Db } from '../db/database';

const KEY = 'token_signing_key';

/** The token signing key: from configuration, else created once and kept in the database so restarts keep sessions. */
export async function loadSigningKey(db: Db, configured: string | undefined): Promise<Uint8Array> {
  if (configured) return new TextEncoder().encode(configured);
  await db.systemSetting.createMany({ data: [{ key: KEY, value: randomBytes(32).toString('base64') }], skipDuplicates: true });
  const row = await db.systemSetting.findUniqueOrThrow({ where: { key: KEY } });
  return Buffer.from(String(row.value), 'base64');
}
