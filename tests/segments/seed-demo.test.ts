import { loadConfig } from '@kulup/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { seedDemo } from '../../packages/server/src/seed/seed-demo';
import { DEMO_SEGMENTS, seedSegmentsDemo } from '../../packages/server/src/seed/seed-segments-demo';
import { testDatabases } from '../support/databases';
import { expectLedgerConsistent } from '../support/ledger';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';

describe.each(testDatabases())('demo purchase history and segments on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
    await seedDemo(server.database.prisma, loadConfig({}), { members: 200, seed: 11 });
  });
  afterAll(async () => {
    if (server) await expectLedgerConsistent(server);
    await server?.close();
  });

  it('adds receipts, the demo segments with their membership and size, and the analytics snapshot', async () => {
    const db = server.database.prisma;
    const result = await seedSegmentsDemo(db, { seed: 7 });
    expect(result.segments).toBe(DEMO_SEGMENTS.length);
    expect(result.receipts).toBeGreaterThan(200);
    expect(await db.receipt.count()).toBe(result.receipts);
    expect(await db.receiptLine.count()).toBeGreaterThan(result.receipts);
    const segments = await db.segment.findMany({ include: { sizes: true, _count: { select: { members: true } } } });
    expect(segments).toHaveLength(DEMO_SEGMENTS.length);
    for (const s of segments) {
      expect(s.refreshedAt).not.toBeNull();
      expect(s.memberCount).toBe(s._count.members);
      expect(s.sizes.map((x) => x.memberCount)).toEqual([s.memberCount]);
    }
    const champions = segments.find((s) => s.name.includes('Champions'))!;
    expect(champions.memberCount).toBeGreaterThan(0);
    expect(await db.memberMetrics.count()).toBe(200);
    expect(await db.memberMetrics.count({ where: { rfmGroup: 'CHAMPIONS' } })).toBeGreaterThanOrEqual(champions.memberCount!);
    // Receipts are history: they earn no points.
    expect(await db.receipt.count({ where: { pointsEarned: { not: 0 } } })).toBe(0);
  });

  it('does nothing the second time', async () => {
    expect(await seedSegmentsDemo(server.database.prisma)).toEqual({ receipts: 0, segments: 0 });
  });
});
