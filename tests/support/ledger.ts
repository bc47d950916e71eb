import { expect } from 'vitest';

import { checkLedger } from '../../packages/server/src/services/invariants/check-ledger';
import type { TestServer } from './test-server';

/** Asserts every points-ledger invariant (DESIGN.md §4) holds on the test server's database. */
export async function expectLedgerConsistent(server: TestServer): Promise<void> {
  expect(await checkLedger(server.database.prisma)).toEqual([]);
}
