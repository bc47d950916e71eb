import type { TKioskInfo } from '@kulup/contracts';

import type { Db } from '../../db/database';

/** The calling kiosk terminal and its store (the kiosk shows the store name and checks its credential with it). */
export async function getKioskInfo(db: Db, terminalId: string): Promise<TKioskInfo> {
  const terminal = await db.terminal.findUniqueOrThrow({ where: { id: terminalId }, include: { store: true } });
  const { store } = terminal;
  return {
    terminalId: terminal.id,
    terminalName: terminal.name,
    store: { id: store.id, code: store.code, name: store.name, city: store.city },
    serverTime: new Date().toISOString(),
  };
}
