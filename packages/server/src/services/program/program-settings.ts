import { ZProgramSettings } from '@kulup/contracts';
import type { TProgramSettings } from '@kulup/contracts';

import type { Db } from '../../db/database';
import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../context';

const KEY = 'program';

/** The program settings in force: stored values over documented defaults. */
export async function loadProgramSettings(db: Db | Tx): Promise<TProgramSettings> {
  const row = await db.systemSetting.findUnique({ where: { key: KEY } });
  return ZProgramSettings.parse(row?.value ?? {});
}

/** Replaces the stored program settings (already validated by the contract). */
export async function saveProgramSettings(db: Db | Tx, settings: TProgramSettings): Promise<void> {
  const value = settings as unknown as Prisma.InputJsonValue;
  await db.systemSetting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
}
