import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { IMPORT_COLUMNS } from '@kulup/contracts';
import { formatCardNumber, isValidCardNumber } from '@kulup/domain';
import { openDatabase, systemActor } from '@kulup/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { importMembers } from '../../packages/server/src/services/import/import-members';
import { DEMO_TIERS } from '../../packages/server/src/seed/demo-program';
import { runCli } from '../support/cli';
import { freshDatabase, testDatabases } from '../support/databases';
import { expectLedgerConsistent } from '../support/ledger';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';

type Cells = Partial<Record<(typeof IMPORT_COLUMNS)[number], string>>;

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
/** A CSV file with the full header and one CRLF line per row (line 1 is the header, row i is on line i + 2). */
const line = (r: Cells) => IMPORT_COLUMNS.map((c) => quote(r[c] ?? '')).join(',');
const csv = (rows: Cells[]) => [IMPORT_COLUMNS.join(','), ...rows.map(line)].join('\r\n') + '\r\n';

let serial = 500_000_000;
const card = () => formatCardNumber(serial++);
const good = (n: number, extra: Cells = {}): Cells => ({
  externalRef: `OLD-${n}`,
  firstName: 'Ayşe',
  lastName: `Yılmaz${n}`,
  phone: `0533 ${String(n).padStart(7, '0').replace(/(\d{3})(\d{2})(\d{2})/, '$1 $2 $3')}`,
  email: `ayse${n}@example.com`,
  birthDate: '14.05.1984',
  city: 'İzmir',
  cardNumber: card(),
  openingBalance: String(100 * n),
  tierCode: 'GOLD',
  smsConsent: 'evet',
  emailConsent: 'hayır',
  consentDate: '2023-06-01 10:15:00',
  ...extra,
});

describe.each(testDatabases())('member import from CSV on %s', (kind) => {
  let server: TestServer;
  const db = () => server.database.prisma;
  const counts = async () => {
    const d = db();
    return {
      members: await d.member.count(),
      cards: await d.card.count(),
      consents: await d.consent.count(),
      lots: await d.pointsLot.count(),
      entries: await d.ledgerEntry.count(),
      audit: await d.auditLog.count(),
      tierHistory: await d.tierHistory.count(),
    };
  };

  beforeAll(async () => {
    server = await startTestServer(kind);
    await db().tier.createMany({ data: DEMO_TIERS });
    await db().member.create({ data: { firstName: 'Mevcut', lastName: 'Üye', phone: '+905449998877' } });
  });
  afterAll(async () => {
    if (server) await expectLedgerConsistent(server);
    await server?.close();
  });

  it('dry run reports every bad row with its line, column and message, and writes nothing', async () => {
    const taken = card();
    const badLuhn = `${taken.slice(0, 15)}${(Number(taken[15]) + 1) % 10}`;
    const rows: Cells[] = [
      good(1), // line 2: fine
      good(2, { phone: '0212 123 45 67' }), // line 3: landline
      good(3, { email: 'ayse.at.example.com', cardNumber: badLuhn }), // line 4: two problems
      good(4, { birthDate: '31.02.1984' }), // line 5
      good(5, { openingBalance: '1.250' }), // line 6
      good(6, { tierCode: 'DIAMOND' }), // line 7: not on the ladder (checked against the database)
      good(7, { consentDate: '' }), // line 8: consent without a date
      good(1, { phone: '0533 999 00 01', cardNumber: card() }), // line 9: externalRef of line 2 again
      good(9, { phone: good(1).phone }), // line 10: phone of line 2 again
      good(10, { phone: '+90 544 999 88 77' }), // line 11: phone of an existing member
      good(11, { firstName: '  ' }), // line 12: required
      good(12, { nfcUid: 'XYZ' }), // line 13
      good(13, { smsConsent: 'belki' }), // line 14
      good(14), // line 15: fine
    ];
    // A quoted field spanning two lines (line 16–17) shifts the following line numbers by one.
    const text = `${csv(rows)}${line(good(15, { city: 'Kadıköy\r\nİstanbul' }))}\r\nOLD-16,Can,"Ka"ya,,,,,,,,,,,\r\nOLD-17,Can\r\n`;
    const before = await counts();

    const report = await importMembers(db(), systemActor, text, { dryRun: true, fileName: 'eski-program.csv' });

    expect(await counts()).toEqual(before);
    expect(report).toMatchObject({ dryRun: true, rows: 17, created: 3, skipped: 0, invalid: 14, points: (1 + 14 + 15) * 100 });
    const at = (line: number) => report.issues.filter((i) => i.line === line).map((i) => [i.column, i.message]);
    expect(at(2)).toEqual([]);
    expect(at(3)).toEqual([['phone', expect.stringContaining('Turkish mobile')]]);
    expect(at(4).map(([c]) => c).sort()).toEqual(['cardNumber', 'email']);
    expect(at(5)).toEqual([['birthDate', expect.any(String)]]);
    expect(at(6)).toEqual([['openingBalance', expect.stringContaining('digits only')]]);
    expect(at(7)).toEqual([['tierCode', 'Unknown tier; the tiers are CLASSIC, GOLD, PLATINUM']]);
    expect(at(8)).toEqual([['consentDate', 'Required when smsConsent or emailConsent is given']]);
    expect(at(9)).toEqual([['externalRef', 'Same externalRef as line 2']]);
    expect(at(10)).toEqual([['phone', 'Same phone as line 2']]);
    expect(at(11)).toEqual([['phone', 'Already the phone number of another member']]);
    expect(at(12)).toEqual([['firstName', 'Required']]);
    expect(at(13)).toEqual([['nfcUid', expect.stringContaining('NFC UID')]]);
    expect(at(14)).toEqual([['smsConsent', expect.stringContaining('evet/hayır')]]);
    expect(at(15)).toEqual([]);
    expect(at(16)).toEqual([]); // the quoted two-line city starts here…
    expect(at(18)).toEqual([['(row)', expect.stringContaining('after a closing quote in field 3')]]); // …so this row is on line 18
    expect(at(19)).toEqual([['(row)', 'Expected 14 fields as in the header, found 2']]);
  });

  it('imports valid rows with cards, consents, tier and an opening balance through the ledger; a second run creates nothing', async () => {
    const nfc = good(21, { nfcUid: '04a1b2c3d4e5f6', cardNumber: '' });
    const rows = [good(20), nfc, good(22, { tierCode: '', smsConsent: '', emailConsent: '', consentDate: '', openingBalance: '' }), good(23, { phone: 'bad' })];
    const text = csv(rows);
    const first = await importMembers(db(), systemActor, text, { fileName: 'eski.csv' });
    expect(first).toMatchObject({ dryRun: false, rows: 4, created: 3, skipped: 0, invalid: 1, points: 2000 + 2100 });
    expect(first.issues).toEqual([{ line: 5, column: 'phone', message: expect.any(String) }]);

    const m20 = await db().member.findUniqueOrThrow({ where: { externalRef: 'OLD-20' }, include: { cards: true, consents: true, lots: true, ledger: true, tierHistory: true } });
    expect(m20).toMatchObject({ firstName: 'Ayşe', phone: '+905330000020', email: 'ayse20@example.com', city: 'İzmir', tierCode: 'GOLD', pointsBalance: 2000 });
    expect(m20.birthDate?.toISOString().slice(0, 10)).toBe('1984-05-14');
    expect(m20.cards.map((c) => [c.number, c.kind, c.trust, c.status])).toEqual([[rows[0]!.cardNumber, 'PRINTED', 'HIGH', 'ACTIVE']]);
    expect(m20.consents.map((c) => [c.kind, c.status, c.source, c.recordedAt.toISOString(), c.evidence]).sort()).toEqual([
      ['EMAIL', 'REFUSED', 'IMPORT', '2023-06-01T07:15:00.000Z', 'eski.csv, line 2'],
      ['SMS', 'GRANTED', 'IMPORT', '2023-06-01T07:15:00.000Z', 'eski.csv, line 2'],
    ]);
    expect(m20.lots).toMatchObject([{ source: 'IMPORT', earned: 2000, consumed: 0 }]);
    expect(m20.lots[0]!.availableAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(m20.ledger.map((e) => [e.kind, e.account, e.points, e.eventKey])).toEqual([['IMPORT', 'member', 2000, 'import:OLD-20']]);
    const counter = await db().ledgerEntry.findMany({ where: { eventKey: 'import:OLD-20', account: 'system:imported' } });
    expect(counter.map((e) => e.points)).toEqual([-2000]);
    expect(m20.tierHistory.map((t) => [t.fromCode, t.toCode, t.reason])).toEqual([[null, 'GOLD', 'import']]);
    expect(await db().auditLog.count({ where: { action: 'member.import', entityId: m20.id } })).toBe(1);

    const m21 = await db().member.findUniqueOrThrow({ where: { externalRef: 'OLD-21' }, include: { cards: true } });
    const kinds = m21.cards.map((c) => [c.kind, c.trust, c.nfcUid]).sort();
    expect(kinds).toEqual([['NFC_UID', 'LOW', '04A1B2C3D4E5F6'], ['PRINTED', 'HIGH', null]]);
    for (const c of m21.cards) expect(isValidCardNumber(c.number)).toBe(true);

    const m22 = await db().member.findUniqueOrThrow({ where: { externalRef: 'OLD-22' }, include: { consents: true, lots: true } });
    expect(m22).toMatchObject({ tierCode: 'CLASSIC', pointsBalance: 0, consents: [], lots: [] });

    const before = await counts();
    const second = await importMembers(db(), systemActor, text, { fileName: 'eski.csv' });
    expect(second).toMatchObject({ created: 0, skipped: 3, invalid: 1, points: 0 });
    expect(await counts()).toEqual(before);
    await expectLedgerConsistent(server);
  });

  it('reads an Excel (Turkish locale) export: byte-order mark, semicolons, CRLF, header in any case', async () => {
    const header = IMPORT_COLUMNS.map((c) => c.toUpperCase()).join(';');
    const text = `\uFEFF${header}\r\nOLD-30;Şükrü;Öztürk;05301234567;;01.01.1970;Bursa;${card()};;750;;;;\r\n`;
    const report = await importMembers(db(), systemActor, text);
    expect(report).toMatchObject({ created: 1, invalid: 0, points: 750 });
    expect(await db().member.findUnique({ where: { externalRef: 'OLD-30' } })).toMatchObject({ firstName: 'Şükrü', lastName: 'Öztürk', pointsBalance: 750 });
  });

  it('accepts the documented example file (docs/import-example.csv) without a single issue', async () => {
    const text = await readFile(path.join(import.meta.dirname, '../../docs/import-example.csv'), 'utf8');
    const report = await importMembers(db(), systemActor, text, { dryRun: true });
    expect(report).toMatchObject({ rows: 4, created: 4, invalid: 0, issues: [], points: 12500 + 830 + 45000 });
  });

  it('refuses a header with an unknown or missing column before reading any row', async () => {
    const report = await importMembers(db(), systemActor, 'externalRef,firstName,emial\r\nOLD-40,A,a@b.c\r\n', { dryRun: true });
    expect(report.issues).toEqual([
      { line: 1, column: 'emial', message: expect.stringContaining('Unknown column') },
      { line: 1, column: 'lastName', message: 'Required column is missing from the header' },
    ]);
    expect(report).toMatchObject({ created: 0, invalid: 0 });
  });

  it('imports a 5,000-row file in batches, balances equal to Σ ledger, and skips all of it the second time', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      ...good(100_000 + i, { tierCode: ['CLASSIC', 'GOLD', 'PLATINUM'][i % 3]!, openingBalance: String((i * 37) % 5000) }),
      phone: `+90542${String(1_000_000 + i)}`,
    }));
    const text = csv(rows);
    const progress: number[] = [];
    const t0 = performance.now();
    const report = await importMembers(db(), systemActor, text, { fileName: 'buyuk.csv', onProgress: (p) => p.phase === 'writing' && progress.push(p.done) });
    const firstMs = performance.now() - t0;
    const expectedPoints = rows.reduce((s, r) => s + Number(r.openingBalance), 0);
    expect(report).toMatchObject({ rows: 5000, created: 5000, skipped: 0, invalid: 0, points: expectedPoints });
    expect(progress).toEqual([500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000]);

    const mismatched = await db().$queryRaw<{ id: string }[]>`
      SELECT m.id FROM member m
      LEFT JOIN (SELECT member_id, SUM(points) AS s FROM ledger_entry WHERE account = 'member' GROUP BY member_id) e ON e.member_id = m.id
      WHERE m.points_balance <> COALESCE(e.s, 0)`;
    expect(mismatched).toEqual([]);
    const imported = await db().member.aggregate({ where: { externalRef: { startsWith: 'OLD-1' } }, _sum: { pointsBalance: true }, _count: true });
    expect(imported._count).toBe(5000);
    expect(imported._sum.pointsBalance).toBe(expectedPoints);
    await expectLedgerConsistent(server);

    const t1 = performance.now();
    const again = await importMembers(db(), systemActor, text);
    const secondMs = performance.now() - t1;
    expect(again).toMatchObject({ created: 0, skipped: 5000, invalid: 0 });
    // Figures for the report, never assertions (DESIGN §8).
    console.info(`[import] ${kind}: 5,000 rows imported in ${Math.round(firstMs)} ms (${report.durationMs} ms in the service); re-run (all skipped) ${Math.round(secondMs)} ms`);
  }, 120_000);
});

describe.each(testDatabases())('kulup import command on %s', (kind) => {
  let dir: string;
  let target: Awaited<ReturnType<typeof freshDatabase>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kulup-import-'));
    target = await freshDatabase(kind);
    env = target.url ? { DATABASE_URL: target.url, LOG_LEVEL: 'silent' } : { KULUP_DATA_DIR: path.join(dir, 'db'), LOG_LEVEL: 'silent' };
  });
  afterAll(async () => {
    await target?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('dry-runs (exit 1, every issue listed, nothing written), then imports (exit 0) and re-runs idempotently', async () => {
    const file = path.join(dir, 'uyeler.csv');
    // A fresh database has no tier ladder yet: rows leave tierCode blank (the entry tier).
    const row = (n: number, extra: Cells = {}) => good(n, { tierCode: '', ...extra });
    await writeFile(file, csv([row(1), row(2, { email: 'yok' }), row(3)]));

    const dry = await runCli(['import', file, '--dry-run'], env);
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('Dry run of uyeler.csv: 3 rows');
    expect(dry.stdout).toContain('would create 2 members with 400 opening points');
    expect(dry.stdout).toContain('line 3, email: Invalid email address');
    expect(dry.stdout).toContain('Nothing was written (--dry-run).');

    await writeFile(file, csv([row(1), row(3)]));
    // The dry run migrated the new database; the next runs need not check again.
    const migrated = { ...env, KULUP_MIGRATE_ON_START: 'false' };
    const real = await runCli(['import', file], migrated);
    expect(real.stderr).toContain('Writing: 2/2 rows (100%)'); // not a TTY: plain progress lines
    expect(real.stdout).toContain('created 2 members with 400 opening points');
    expect(real.code).toBe(0);
    const again = await runCli(['import', file], migrated);
    expect(again.stdout).toContain('skipped 2 already imported');
    expect(again.code).toBe(0);

    const database = await openDatabase({ url: target.url, dataDir: path.join(dir, 'db'), migrate: false });
    try {
      expect(await database.prisma.member.count()).toBe(2);
      expect(await database.prisma.member.findUnique({ where: { externalRef: 'OLD-3' } })).toMatchObject({ pointsBalance: 300 });
      const audit = await database.prisma.auditLog.findFirst({ where: { action: 'member.import' } });
      expect(audit?.actorId).toMatch(/^cli:/);
    } finally {
      await database.close();
    }
  }, 120_000);

  it('refuses a file that is not UTF-8 and says how to convert it', async () => {
    const file = path.join(dir, 'windows-1254.csv');
    // "Şükrü" in Windows-1254: Ş = 0xDE, ü = 0xFC.
    await writeFile(file, Buffer.concat([Buffer.from(`${IMPORT_COLUMNS.join(',')}\r\nOLD-9,`), Buffer.from([0xde, 0xfc, 0x6b, 0x72, 0xfc]), Buffer.from(',Kaya\r\n')]));
    const result = await runCli(['import', file, '--dry-run'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not UTF-8');
  });
});
