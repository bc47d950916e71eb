import type { KulupClient, TEarningRuleCreateRequest } from '@kulup/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testDatabases } from '../support/databases';
import { expectLedgerConsistent } from '../support/ledger';
import type { TestServer } from '../support/test-server';
import { baseRule, key, line, newMember, receipt, rejected, pointsWorld } from './receipts.fixtures';
import type { Pos } from './receipts.fixtures';

const DAY_MS = 86_400_000;

describe.each(testDatabases())('earning rules and program settings on %s', (kind) => {
  let server: TestServer;
  let admin: KulupClient;
  let marketer: KulupClient;
  let agent: KulupClient;
  let pos: Pos;

  beforeAll(async () => {
    ({ server, admin, marketer, agent, pos } = await pointsWorld(kind));
    await baseRule(marketer);
  });
  afterAll(() => server?.close());

  // Rules scoped to a store of their own, so each test's rules touch only its own receipts.
  const storeRules = async (...rules: TEarningRuleCreateRequest[]) => {
    const terminal = await server.terminal('POS');
    const created = [];
    for (const r of rules) created.push(await marketer.call('createEarningRule', { body: { ...r, storeIds: [terminal.storeId] } }));
    return { terminal, rules: created };
  };
  const bookAt = (terminal: Pos, body: ReturnType<typeof receipt>) =>
    terminal.client.call('bookReceipt', { body, idempotencyKey: key() });

  it('marketers create, list and change rules; agents may not; every change is audited', async () => {
    const created = await marketer.call('createEarningRule', {
      body: {
        name: 'Pınar süt 3x',
        priority: 3,
        effect: { kind: 'multiplier', multiplier: 3, match: { brands: ['Pınar'], categories: ['dairy'] } },
        validFrom: '2026-01-01T00:00:00.000Z',
        validTo: '2027-01-01T00:00:00.000Z',
        maxPerReceipt: 500,
      },
    });
    expect(created).toMatchObject({
      name: 'Pınar süt 3x',
      active: true,
      storeIds: null,
      tierCodes: null,
      minBasket: null,
      maxPerReceipt: 500,
      validTo: '2027-01-01T00:00:00.000Z',
    });
    const changed = await admin.call('updateEarningRule', {
      params: { ruleId: created.id },
      body: { active: false, maxPerReceipt: null, name: 'Pınar süt 3x (bitti)' },
    });
    expect(changed).toMatchObject({ active: false, maxPerReceipt: null, name: 'Pınar süt 3x (bitti)', priority: 3 });
    const listed = await marketer.call('listEarningRules', {});
    expect(listed.items.find((r) => r.id === created.id)).toEqual(changed);
    expect(listed.items[0]!.active).toBe(true); // active rules first

    const audit = await admin.call('listAudit', { query: { entityType: 'earning_rule', entityId: created.id } });
    expect(audit.items.map((a) => a.action).sort()).toEqual(['earning-rule.create', 'earning-rule.update']);

    expect((await rejected(agent.call('listEarningRules', {}))).status).toBe(403);
    const denied = await rejected(agent.call('createEarningRule', { body: { name: 'x', effect: { kind: 'base', pointsPerTry: 1 } } }));
    expect(denied.status).toBe(403);
    const missing = await rejected(marketer.call('updateEarningRule', { params: { ruleId: '01900000-0000-7000-8000-000000000000' }, body: { active: false } }));
    expect([missing.status, missing.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('refuses rules the domain would not run, with field paths, and writes nothing', async () => {
    const before = await server.database.prisma.earningRule.count();
    const bad = async (body: TEarningRuleCreateRequest, status: number, code: string, path: string) => {
      const error = await rejected(marketer.call('createEarningRule', { body }));
      expect([error.status, error.code]).toEqual([status, code]);
      expect(error.fields.map((f) => f.path)).toContain(path);
    };
    await bad({ name: 'x', effect: { kind: 'multiplier', multiplier: 1.23456 } }, 400, 'VALIDATION_FAILED', 'effect.multiplier');
    await bad({ name: 'x', effect: { kind: 'multiplier', multiplier: 0.5 } }, 400, 'VALIDATION_FAILED', 'effect.multiplier');
    await bad({ name: 'x', effect: { kind: 'base', pointsPerTry: 0.00001 } }, 400, 'VALIDATION_FAILED', 'effect.pointsPerTry');
    await bad({ name: 'x', effect: { kind: 'exclude', match: {} } }, 400, 'VALIDATION_FAILED', 'effect.match');
    await bad({ name: 'x', effect: { kind: 'bonus', points: 10, per: 'receipt' }, validFrom: '2026-05-01T00:00:00Z', validTo: '2026-04-01T00:00:00Z' }, 400, 'VALIDATION_FAILED', 'validTo');
    await bad({ name: 'x', effect: { kind: 'bonus', points: 10, per: 'receipt' }, storeIds: ['01900000-0000-7000-8000-000000000000'] }, 422, 'UNKNOWN_REFERENCE', 'storeIds.0');
    await bad({ name: 'x', effect: { kind: 'bonus', points: 10, per: 'receipt' }, tierCodes: ['DIAMOND'] }, 422, 'UNKNOWN_REFERENCE', 'tierCodes.0');
    expect(await server.database.prisma.earningRule.count()).toBe(before);

    // A change is checked on the merged rule.
    const rule = await marketer.call('createEarningRule', {
      body: { name: 'Hafta sonu', effect: { kind: 'bonus', points: 10, per: 'receipt' }, validFrom: '2026-05-01T00:00:00Z', active: false },
    });
    const error = await rejected(marketer.call('updateEarningRule', { params: { ruleId: rule.id }, body: { validTo: '2026-04-01T00:00:00Z' } }));
    expect([error.status, error.fields[0]?.path]).toEqual([400, 'validTo']);
    const empty = await rejected(marketer.call('updateEarningRule', { params: { ruleId: rule.id }, body: {} }));
    expect(empty.status).toBe(400);
  });

  it('exclusions, minimum baskets, validity windows and inactive rules decide what earns', async () => {
    const { terminal, rules } = await storeRules(
      { name: 'Tütün hariç', effect: { kind: 'exclude', match: { categories: ['tobacco'] } } },
      { name: '100 TL üstü 25 puan', effect: { kind: 'bonus', points: 25, per: 'receipt' }, minBasket: 10_000 },
      { name: 'Gelecek kampanya', effect: { kind: 'bonus', points: 1000, per: 'receipt' }, validFrom: new Date(Date.now() + 30 * DAY_MS).toISOString() },
      { name: 'Kapalı kampanya', effect: { kind: 'bonus', points: 1000, per: 'receipt' }, active: false },
    );
    const { memberId } = await newMember(agent);
    const small = await bookAt(terminal, receipt([line(1, 5000), line(2, 8000, { category: 'tobacco' })], { memberId }));
    // 130 TRY basket but tobacco is excluded: 50 TRY earns 50 points and misses the 100 TRY minimum.
    expect(small.pointsEarned).toBe(50);
    expect(small.lines).toEqual([
      { lineNo: 1, points: 50 },
      { lineNo: 2, points: 0 },
    ]);
    const big = await bookAt(terminal, receipt([line(1, 10_000)], { memberId }));
    expect(big.breakdown.map((b) => [b.ruleName, b.points])).toEqual([
      ['Temel puan', 100],
      ['100 TL üstü 25 puan', 25],
    ]);
    // Switching a rule off takes effect on the next receipt.
    await marketer.call('updateEarningRule', { params: { ruleId: rules[1]!.id }, body: { active: false } });
    expect((await bookAt(terminal, receipt([line(1, 10_000)], { memberId }))).pointsEarned).toBe(100);
  });

  it('a per-day cap limits a rule across the member’s receipts of the business day and shows as capped', async () => {
    const { terminal } = await storeRules({ name: 'Günlük bonus', effect: { kind: 'bonus', points: 30, per: 'receipt' }, maxPerDay: 50 });
    const { memberId } = await newMember(agent);
    const bonus = async () => {
      const r = await bookAt(terminal, receipt([line(1, 1000)], { memberId }));
      return r.breakdown.find((b) => b.ruleName === 'Günlük bonus');
    };
    expect(await bonus()).toMatchObject({ points: 30, capped: false });
    expect(await bonus()).toMatchObject({ points: 20, capped: true });
    expect(await bonus()).toMatchObject({ points: 0, capped: true });
  });

  it('admins read and replace program settings; the pending period applies to new receipts', async () => {
    const defaults = await admin.call('getProgramSettings', {});
    expect(defaults).toMatchObject({ pendingDays: 14, expiryMonths: 24, holdTtlMinutes: 15, kurusPerPoint: 1, downgradePolicy: 'one_level' });
    expect((await rejected(marketer.call('getProgramSettings', {}))).status).toBe(403);
    const invalid = await rejected(admin.call('replaceProgramSettings', { body: { pendingDays: 400 } }));
    expect([invalid.status, invalid.fields[0]?.path]).toEqual([400, 'pendingDays']);

    const saved = await admin.call('replaceProgramSettings', { body: { ...defaults, pendingDays: 0, expiryMonths: 12 } });
    expect(saved).toEqual({ ...defaults, pendingDays: 0, expiryMonths: 12 });
    expect(await admin.call('getProgramSettings', {})).toEqual(saved);
    const audit = await admin.call('listAudit', { query: { entityType: 'program_settings' } });
    expect(audit.items[0]).toMatchObject({ action: 'program-settings.replace', before: defaults, after: saved });

    const { memberId } = await newMember(agent);
    const booked = await pos.client.call('bookReceipt', { body: receipt([line(1, 2000)], { memberId }), idempotencyKey: key() });
    expect(booked.balance).toEqual({ points: 20, spendable: 20, pending: 0, held: 0 });
    const lot = await server.database.prisma.pointsLot.findFirstOrThrow({ where: { receiptId: booked.receiptId } });
    const months = (lot.expiresAt!.getUTCFullYear() - lot.earnedAt.getUTCFullYear()) * 12 + lot.expiresAt!.getUTCMonth() - lot.earnedAt.getUTCMonth();
    expect(months).toBe(12);
  });

  it('leaves every ledger invariant intact (balance = Σ entries, Σ all = 0, lots, holds)', async () => {
    await expectLedgerConsistent(server);
  });
});
