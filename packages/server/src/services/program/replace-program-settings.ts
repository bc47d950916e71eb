import type { TProgramSettings } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { loadProgramSettings, saveProgramSettings } from './program-settings';

/** Replaces the program settings (validated by the contract, defaults filled in) and audits before/after. */
export async function replaceProgramSettings(db: Db, actor: Actor, settings: TProgramSettings): Promise<TProgramSettings> {
  return db.$transaction(async (tx) => {
    const before = await loadProgramSettings(tx);
    await saveProgramSettings(tx, settings);
    const after = await loadProgramSettings(tx);
    await writeAudit(tx, actor, { action: 'program-settings.replace', entityType: 'program_settings', entityId: null, before, after });
    return after;
  });
}
