import { isValidCardNumber } from '@kulup/domain/card-number';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import type { Database } from '../db/database';
import { verifyPassword } from '../lib/secrets';
import { formatCredentials } from './print-credentials';
import { seedDemo } from './seed-demo';
import type { DemoCredentials } from './seed-demo';

describe('seedDemo on an empty database', () => {
  const config = loadConfig({});
  let database: Database;
  let creds: DemoCredentials | null;

  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory://', migrate: true });
    creds = await seedDemo(database.prisma, config, { members: 200, seed: 11 });
  });
  afterAll(async () => {
    await database?.close();
  });

  it('creates 3 stores with 2 POS and 1 kiosk each, all pending with a working enrolment code', async () => {
    const db = database.prisma;
    expect(await db.store.count()).toBe(3);
    const terminals = await db.terminal.findMany({ include: { enrolments: true } });
    expect(terminals).toHaveLength(9);
    expect(terminals.every((t) => t.status === 'PENDING' && t.enrolments.length === 1)).toBe(true);
    expect(terminals.filter((t) => t.kind === 'KIOSK')).toHaveLength(3);
    expect(creds?.terminals).toHaveLength(9);
    expect(new Set(creds?.terminals.map((t) => t.terminalId))).toEqual(new Set(terminals.map((t) => t.id)));
    for (const t of creds!.terminals) expect(t.enrolmentCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  });

  it('creates the three staff users whose returned passwords verify', async () => {
    const staff = await database.prisma.staffUser.findMany({ orderBy: { email: 'asc' } });
    expect(staff.map((s) => [s.email, s.role])).toEqual([
      ['admin@kulup.local', 'ADMIN'],
      ['destek@kulup.local', 'AGENT'],
      ['pazarlama@kulup.local', 'MARKETER'],
    ]);
    for (const s of creds!.staff) {
      expect(s.password.length).toBeGreaterThanOrEqual(12);
      const row = staff.find((r) => r.email === s.email)!;
      expect(await verifyPassword(s.password, row.passwordHash)).toBe(true);
    }
  });

  it('creates 200 members, each with an active printed card carrying a valid Luhn number', async () => {
    const members = await database.prisma.member.findMany({ include: { cards: true } });
    expect(members).toHaveLength(200);
    for (const m of members) {
      const printed = m.cards.filter((c) => c.kind === 'PRINTED' && c.status === 'ACTIVE');
      expect(printed).toHaveLength(1);
      for (const c of m.cards) expect(isValidCardNumber(c.number)).toBe(true);
      for (const c of m.cards.filter((c) => c.status === 'REPLACED')) {
        expect(m.cards.find((x) => x.id === c.replacedById)?.status).toBe('ACTIVE');
      }
    }
    const phones = members.map((m) => m.phone);
    expect(new Set(phones).size).toBe(200);
    for (const p of phones) expect(p).toMatch(/^\+905\d{9}$/);
  });

  it('grants no e-mail permission to members without an e-mail address', async () => {
    const bad = await database.prisma.consent.count({ where: { kind: 'EMAIL', status: 'GRANTED', member: { email: null } } });
    expect(bad).toBe(0);
    const withoutEmail = await database.prisma.consent.count({ where: { kind: 'EMAIL', member: { email: null } } });
    expect(withoutEmail).toBe(0);
    expect(await database.prisma.consent.count({ where: { kind: 'SMS' } })).toBeGreaterThanOrEqual(200);
  });

  it('returns five sample cards that exist and a banner that shows every secret', async () => {
    expect(creds!.sampleCards).toHaveLength(5);
    for (const s of creds!.sampleCards) {
      const card = await database.prisma.card.findUnique({ where: { number: s.cardNumber }, include: { member: true } });
      expect(card?.status).toBe('ACTIVE');
      expect(card?.member.firstName).toBe(s.firstName);
      expect(card?.nfcUid ?? undefined).toBe(s.nfcUid);
    }
    const text = formatCredentials(creds!);
    for (const s of creds!.staff) expect(text).toContain(s.password);
    for (const t of creds!.terminals) expect(text).toContain(t.enrolmentCode);
    expect(text).toMatch(/shown ONCE/);
  });

  it('does nothing the second time', async () => {
    const db = database.prisma;
    const before = [await db.store.count(), await db.terminal.count(), await db.staffUser.count(), await db.member.count(), await db.card.count(), await db.consent.count()];
    expect(await seedDemo(db, config, { members: 200, seed: 12 })).toBeNull();
    const after = [await db.store.count(), await db.terminal.count(), await db.staffUser.count(), await db.member.count(), await db.card.count(), await db.consent.count()];
    expect(after).toEqual(before);
  });
});

describe('seedDemo with fixed passwords', () => {
  it('uses the well-known demo passwords', async () => {
    const database = await openDatabase({ dataDir: 'memory://', migrate: true });
    try {
      const creds = await seedDemo(database.prisma, loadConfig({}), { members: 20, fixedPasswords: true });
      expect(creds?.staff.find((s) => s.role === 'ADMIN')?.password).toBe('demo-admin-2026');
      expect(creds?.members).toBe(20);
    } finally {
      await database.close();
    }
  });
});
