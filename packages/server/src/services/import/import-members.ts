import { randomInt } from 'node:crypto';

import { IMPORT_COLUMNS, REQUIRED_IMPORT_COLUMNS, ZImportRow } from '@kulup/contracts';
import type { ImportColumn, TImportIssue, TImportReport, TImportRow } from '@kulup/contracts';
import { MAX_CARD_SERIAL, formatCardNumber } from '@kulup/domain/card-number';

import type { Db } from '../../db/database';
import { Prisma } from '../../generated/prisma/client';
import type { Actor, Tx } from '../context';
import { loadProgramSettings } from '../program/program-settings';
import { parseCsv } from './parse-csv';
import { postOpeningBalances } from './post-opening-balances';
import { uuidv7 } from './uuidv7';

export type ImportProgress = { phase: 'checking' | 'writing'; done: number; total: number };

export type ImportMembersOptions = {
  /** Check everything, report every issue, write nothing. */
  dryRun?: boolean;
  /** Named in each consent's evidence and in the audit log. */
  fileName?: string;
  /** Version of the permission text the members accepted in the previous program. */
  consentTextVersion?: string;
  /** Rows per write transaction. */
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
  now?: Date;
};

type Row = { line: number; data: TImportRow };
const DB_CHUNK = 1000;
const DEFAULT_BATCH = 500;

function issue(line: number, column: string, message: string): TImportIssue {
  return { line, column, message };
}

/** Header → column positions, or the issues that make the file unreadable. */
function readHeader(fields: string[], line: number): { columns: (ImportColumn | null)[]; issues: TImportIssue[] } {
  const known = new Map(IMPORT_COLUMNS.map((c) => [c.toLowerCase(), c]));
  const issues: TImportIssue[] = [];
  const seen = new Set<ImportColumn>();
  const columns = fields.map((raw) => {
    const name = raw.trim();
    const column = known.get(name.toLowerCase()) ?? null;
    if (!column) issues.push(issue(line, name || '(empty)', `Unknown column; the columns are ${IMPORT_COLUMNS.join(', ')}`));
    else if (seen.has(column)) issues.push(issue(line, column, 'Column appears twice'));
    if (column) seen.add(column);
    return column;
  });
  for (const required of REQUIRED_IMPORT_COLUMNS) {
    if (!seen.has(required)) issues.push(issue(line, required, 'Required column is missing from the header'));
  }
  return { columns, issues };
}

/** Parses and validates every row on its own and against the other rows of the file. */
function readRows(csv: string): { rows: Row[]; count: number; issues: TImportIssue[]; headerLine: number } {
  const issues: TImportIssue[] = [];
  const rows: Row[] = [];
  let header: (ImportColumn | null)[] | undefined;
  let count = 0;
  let headerLine = 1;
  const firstLine = new Map<string, number>();

  for (const record of parseCsv(csv)) {
    if (!header) {
      headerLine = record.line;
      if (record.error !== undefined) return { rows, count, headerLine, issues: [issue(record.line, '(file)', record.error)] };
      const read = readHeader(record.fields, record.line);
      if (read.issues.length) return { rows, count, headerLine, issues: read.issues };
      header = read.columns;
      continue;
    }
    if (record.fields?.every((f) => f.trim() === '')) continue; // spreadsheets leave rows of empty cells
    count++;
    if (record.error !== undefined) {
      issues.push(issue(record.line, '(row)', record.error));
      continue;
    }
    if (record.fields.length !== header.length) {
      issues.push(issue(record.line, '(row)', `Expected ${header.length} fields as in the header, found ${record.fields.length}`));
      continue;
    }
    const raw: Record<string, string> = {};
    header.forEach((column, i) => {
      if (column) raw[column] = record.fields[i]!;
    });
    const parsed = ZImportRow.safeParse(raw);
    if (!parsed.success) {
      for (const zi of parsed.error.issues) {
        const column = String(zi.path[0] ?? '(row)');
        const missing = zi.code === 'invalid_type' && (raw[column] ?? '').trim() === '';
        issues.push(issue(record.line, column, missing ? 'Required' : zi.message));
      }
      continue;
    }
    // A value that must be unique is kept on its first row; later rows with it are errors.
    const data = parsed.data;
    const duplicates = (['externalRef', 'phone', 'cardNumber', 'nfcUid'] as const).filter((column) => {
      const value = data[column];
      if (value === undefined) return false;
      const key = `${column}\u0000${value}`;
      const first = firstLine.get(key);
      if (first === undefined) {
        firstLine.set(key, record.line);
        return false;
      }
      issues.push(issue(record.line, column, `Same ${column} as line ${first}`));
      return true;
    });
    if (duplicates.length === 0) rows.push({ line: record.line, data });
  }
  if (!header) issues.push(issue(1, '(file)', 'The file is empty; the first line must be the header'));
  return { rows, count, headerLine, issues };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type Checked = { toCreate: Row[]; skipped: number; issues: TImportIssue[] };

/**
 * Splits rows into those already imported (same externalRef: skipped) and those to create, and reports rows
 * whose phone, card number or NFC UID already belongs to someone else.
 */
async function checkAgainstDatabase(db: Db | Tx, rows: readonly Row[], tierCodes: ReadonlySet<string>): Promise<Checked> {
  const result: Checked = { toCreate: [], skipped: 0, issues: [] };
  const values = (pick: (r: Row) => string | undefined) => rows.map(pick).filter((v): v is string => v !== undefined);
  const [members, phones, numbers, uids] = await Promise.all([
    db.member.findMany({ where: { externalRef: { in: values((r) => r.data.externalRef) } }, select: { externalRef: true } }),
    db.member.findMany({ where: { phone: { in: values((r) => r.data.phone) } }, select: { phone: true } }),
    db.card.findMany({ where: { number: { in: values((r) => r.data.cardNumber) } }, select: { number: true } }),
    db.card.findMany({ where: { nfcUid: { in: values((r) => r.data.nfcUid) } }, select: { nfcUid: true } }),
  ]);
  const imported = new Set(members.map((m) => m.externalRef));
  const taken = {
    phone: new Set(phones.map((m) => m.phone)),
    cardNumber: new Set(numbers.map((c) => c.number)),
    nfcUid: new Set(uids.map((c) => c.nfcUid)),
  };
  for (const row of rows) {
    if (imported.has(row.data.externalRef)) {
      result.skipped++;
      continue;
    }
    const problems: TImportIssue[] = [];
    if (row.data.phone && taken.phone.has(row.data.phone)) problems.push(issue(row.line, 'phone', 'Already the phone number of another member'));
    if (row.data.cardNumber && taken.cardNumber.has(row.data.cardNumber)) problems.push(issue(row.line, 'cardNumber', 'Card number already issued'));
    if (row.data.nfcUid && taken.nfcUid.has(row.data.nfcUid)) problems.push(issue(row.line, 'nfcUid', 'NFC UID already on another card'));
    if (row.data.tierCode && !tierCodes.has(row.data.tierCode)) {
      problems.push(issue(row.line, 'tierCode', `Unknown tier; the tiers are ${[...tierCodes].join(', ')}`));
    }
    if (problems.length) result.issues.push(...problems);
    else result.toCreate.push(row);
  }
  return result;
}

/** Card numbers for rows that bring none: random serials, checked free in the database and in this batch. */
async function freshCardNumbers(tx: Tx, count: number, inBatch: ReadonlySet<string>): Promise<string[]> {
  const numbers = new Set<string>();
  while (numbers.size < count) {
    const candidates = Array.from({ length: count - numbers.size }, () => formatCardNumber(randomInt(1, MAX_CARD_SERIAL + 1)));
    const used = new Set((await tx.card.findMany({ where: { number: { in: candidates } }, select: { number: true } })).map((c) => c.number));
    for (const n of candidates) if (!used.has(n) && !inBatch.has(n)) numbers.add(n);
  }
  return [...numbers];
}

type Context = {
  actor: Actor;
  now: Date;
  fileName: string;
  consentTextVersion: string;
  entryTier: string;
  lotExpiresAt: Date | null;
};

/** Writes one batch of new members with their cards, consents, tier and opening balance; returns points posted. */
async function writeBatch(tx: Tx, rows: readonly Row[], ctx: Context): Promise<number> {
  const { actor, now } = ctx;
  const ids = rows.map(() => uuidv7(now));
  await tx.member.createMany({
    data: rows.map(({ data }, i) => ({
      id: ids[i],
      externalRef: data.externalRef,
      firstName: data.firstName,
      lastName: data.lastName,
      phone: data.phone ?? null,
      email: data.email ?? null,
      birthDate: data.birthDate ? new Date(`${data.birthDate}T00:00:00Z`) : null,
      city: data.city ?? null,
      tierCode: data.tierCode ?? ctx.entryTier,
      tierSince: now,
    })),
  });

  const given = new Set(rows.map((r) => r.data.cardNumber).filter((n): n is string => n !== undefined));
  const needed = rows.filter((r) => !r.data.cardNumber).length + rows.filter((r) => r.data.nfcUid).length;
  const fresh = await freshCardNumbers(tx, needed, given);
  const cards: Prisma.CardCreateManyInput[] = [];
  rows.forEach(({ data }, i) => {
    const memberId = ids[i]!;
    cards.push({ id: uuidv7(now), memberId, number: data.cardNumber ?? fresh.pop()!, kind: 'PRINTED', trust: 'HIGH', issuedAt: now });
    // A plain UID from the old program is cloneable: it identifies at low trust (DESIGN §5).
    if (data.nfcUid) cards.push({ id: uuidv7(now), memberId, number: fresh.pop()!, nfcUid: data.nfcUid, kind: 'NFC_UID', trust: 'LOW', issuedAt: now });
  });
  await tx.card.createMany({ data: cards });

  const consents: Prisma.ConsentCreateManyInput[] = [];
  rows.forEach(({ data, line }, i) => {
    for (const [kind, status] of [['SMS', data.smsConsent], ['EMAIL', data.emailConsent]] as const) {
      if (!status) continue;
      consents.push({
        memberId: ids[i]!, kind, status, source: 'IMPORT', textVersion: ctx.consentTextVersion,
        evidence: `${ctx.fileName}, line ${line}`, recordedAt: new Date(data.consentDate!), actorType: actor.type, actorId: actor.id,
      });
    }
  });
  if (consents.length) await tx.consent.createMany({ data: consents });

  await tx.tierHistory.createMany({
    data: rows.map(({ data }, i) => ({ memberId: ids[i]!, fromCode: null, toCode: data.tierCode ?? ctx.entryTier, reason: 'import', at: now })),
  });
  // One audit row per member, so the member's own data export shows where their record came from.
  await tx.auditLog.createMany({
    data: rows.map(({ data, line }, i) => ({
      actorType: actor.type, actorId: actor.id, terminalId: actor.terminalId, requestId: actor.requestId,
      action: 'member.import', entityType: 'member', entityId: ids[i]!,
      after: { externalRef: data.externalRef, file: ctx.fileName, line, openingBalance: data.openingBalance },
    })),
  });
  return postOpeningBalances(
    tx,
    actor,
    rows.map(({ data }, i) => ({ memberId: ids[i]!, externalRef: data.externalRef, points: data.openingBalance })),
    { earnedAt: now, expiresAt: ctx.lotExpiresAt },
  );
}

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

/**
 * Imports members from a CSV export of a previous loyalty program. Every row is validated with the member
 * schemas and against the database first; a dry run reports every bad row (line, column, message) and writes
 * nothing. A real run writes the good rows in batches, one transaction each: member, printed card (and NFC
 * card), consents (source IMPORT), entry in tier history, audit row and the opening balance as an IMPORT lot
 * through the ledger. It is idempotent: a row whose externalRef was imported before is skipped, so re-running
 * a file (also after an interruption) creates nothing twice. Imports emit no webhook events.
 */
export async function importMembers(db: Db, actor: Actor, csv: string, options: ImportMembersOptions = {}): Promise<TImportReport> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const dryRun = options.dryRun ?? false;
  const { rows, count, issues, headerLine } = readRows(csv);

  const tiers = await db.tier.findMany({ orderBy: { rank: 'asc' } });
  // Before a tier ladder exists every member is in the default tier.
  const tierCodes = new Set(tiers.length ? tiers.map((t) => t.code) : ['CLASSIC']);
  const settings = await loadProgramSettings(db);
  const lotExpiresAt = new Date(now);
  lotExpiresAt.setUTCMonth(lotExpiresAt.getUTCMonth() + settings.expiryMonths);
  const ctx: Context = {
    actor,
    now,
    fileName: options.fileName ?? 'import.csv',
    consentTextVersion: options.consentTextVersion ?? 'IMPORT',
    entryTier: tiers.find((t) => t.minSpendKurus === null && t.minPoints === null)?.code ?? tiers[0]?.code ?? 'CLASSIC',
    lotExpiresAt,
  };

  let toCreate: Row[] = [];
  let skipped = 0;
  for (const [i, chunk] of chunks(rows, DB_CHUNK).entries()) {
    const checked = await checkAgainstDatabase(db, chunk, tierCodes);
    toCreate.push(...checked.toCreate);
    skipped += checked.skipped;
    issues.push(...checked.issues);
    options.onProgress?.({ phase: 'checking', done: Math.min(rows.length, (i + 1) * DB_CHUNK), total: rows.length });
  }

  let created = 0;
  let points = 0;
  if (dryRun) {
    created = toCreate.length;
    points = toCreate.reduce((sum, r) => sum + r.data.openingBalance, 0);
  } else {
    const batches = chunks(toCreate, options.batchSize ?? DEFAULT_BATCH);
    let done = 0;
    for (const batch of batches) {
      // Re-checked inside the write transaction: another import or a registration may have come first. A
      // unique violation means one committed meanwhile (PostgreSQL): check once more and retry.
      for (let attempt = 1; ; attempt++) {
        try {
          const outcome = await db.$transaction(
            async (tx) => {
              const checked = await checkAgainstDatabase(tx, batch, tierCodes);
              const posted = checked.toCreate.length ? await writeBatch(tx, checked.toCreate, ctx) : 0;
              return { checked, posted };
            },
            { maxWait: 10_000, timeout: 60_000 },
          );
          created += outcome.checked.toCreate.length;
          skipped += outcome.checked.skipped;
          issues.push(...outcome.checked.issues);
          points += outcome.posted;
          break;
        } catch (error) {
          if (attempt >= 3 || !isUniqueViolation(error)) throw error;
        }
      }
      done += batch.length;
      options.onProgress?.({ phase: 'writing', done, total: toCreate.length });
    }
  }

  issues.sort((a, b) => a.line - b.line);
  return {
    dryRun,
    rows: count,
    created,
    skipped,
    invalid: new Set(issues.filter((i) => i.line !== headerLine && i.column !== '(file)').map((i) => i.line)).size,
    points,
    issues,
    durationMs: Math.round(performance.now() - started),
  };
}
