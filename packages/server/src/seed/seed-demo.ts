import { randomBytes } from 'node:crypto';

import type { Config } from '../config';
import type { Db } from '../db/database';
import type { Prisma } from '../generated/prisma/client';
import { hashPassword } from '../lib/secrets';
import { writeAudit } from '../services/audit/write-audit';
import { systemActor } from '../services/context';
import { postOpeningBalances } from '../services/import/post-opening-balances';
import type { OpeningBalance } from '../services/import/post-opening-balances';
import { uuidv7 } from '../services/import/uuidv7';
import { loadProgramSettings } from '../services/program/program-settings';
import { addEnrolmentCode } from '../services/terminals/create-terminal';
import { createRng, generateDemoPeople } from './demo-people';
import type { DemoCardKind, DemoPerson } from './demo-people';
import { demoProducts } from './demo-products';
import { DEMO_EARNING_RULES, DEMO_TIERS } from './demo-program';

export type DemoStaffRole = 'ADMIN' | 'MARKETER' | 'AGENT';
export type DemoTerminalKind = 'POS' | 'KIOSK';

export type DemoCredentials = {
  /** Console logins; the passwords exist nowhere else in clear. */
  staff: { email: string; name: string; role: DemoStaffRole; password: string }[];
  /** One-time enrolment codes, one per terminal. */
  terminals: {
    store: string;
    storeName: string;
    name: string;
    kind: DemoTerminalKind;
    terminalId: string;
    enrolmentCode: string;
    expiresAt: string;
  }[];
  /** A few cards to try at the POS or the kiosk. */
  sampleCards: {
    firstName: string;
    tierCode: string;
    pointsBalance: number;
    kind: DemoCardKind;
    cardNumber: string;
    nfcUid?: string;
  }[];
  members: number;
  /** The PIN every demo member uses at the kiosk, when kiosk content was seeded. */
  kioskPin?: string;
};

export type SeedDemoOptions = {
  members?: number;
  seed?: number;
  /** Well-known passwords (`demo-admin-2026` …) for tests and screenshots instead of random ones. */
  fixedPasswords?: boolean;
};

const DEFAULT_MEMBERS = 1000;
const DEFAULT_SEED = 1923;
const BATCH = 500;

const STORES = [
  { code: 'IST-KADIKOY', name: 'Kulüp Market Kadıköy', city: 'İstanbul' },
  { code: 'ANK-CANKAYA', name: 'Kulüp Market Çankaya', city: 'Ankara' },
  { code: 'IZM-ALSANCAK', name: 'Kulüp Market Alsancak', city: 'İzmir' },
] as const;

const TERMINALS: readonly { name: string; kind: DemoTerminalKind }[] = [
  { name: 'Kasa 1', kind: 'POS' },
  { name: 'Kasa 2', kind: 'POS' },
  { name: 'Giriş kioskı', kind: 'KIOSK' },
];

const STAFF: readonly { email: string; name: string; role: DemoStaffRole; fixedPassword: string }[] = [
  { email: 'admin@kulup.local', name: 'Kulüp Yöneticisi', role: 'ADMIN', fixedPassword: 'demo-admin-2026' },
  { email: 'pazarlama@kulup.local', name: 'Pazarlama Ekibi', role: 'MARKETER', fixedPassword: 'demo-pazarlama-2026' },
  { email: 'destek@kulup.local', name: 'Müşteri Hizmetleri', role: 'AGENT', fixedPassword: 'demo-destek-2026' },
];

async function insertInBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

type Rows = {
  members: Prisma.MemberCreateManyInput[];
  cards: Prisma.CardCreateManyInput[];
  /** Cards pointing at their replacement go in after it (foreign key on replaced_by_id). */
  replacedCards: Prisma.CardCreateManyInput[];
  consents: Prisma.ConsentCreateManyInput[];
  tierHistory: Prisma.TierHistoryCreateManyInput[];
  /** Points carried over from the chain's previous card program, posted through the ledger. */
  balances: (OpeningBalance & { earnedAt: Date })[];
};

const DAY = 86_400_000;

function addMonths(at: Date, months: number): Date {
  const d = new Date(at);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}

function toRows(people: DemoPerson[], options: { seed: number; now: Date }): Rows {
  const rows: Rows = { members: [], cards: [], replacedCards: [], consents: [], tierHistory: [], balances: [] };
  // A separate stream, so adding balances' dates did not change the people an existing seed produces.
  const rng = createRng(options.seed ^ 0x5eed);
  people.forEach(({ member, cards, consents }, index) => {
    const memberId = uuidv7(member.createdAt);
    // The demo chain moved to Kulüp from an older card program: each member's points are an opening balance
    // (an IMPORT lot and ledger event), never a bare cached number, so balance = Σ entries from the start.
    const externalRef = `DEMO-${String(index + 1).padStart(6, '0')}`;
    const { pointsBalance, ...fields } = member;
    rows.members.push({ id: memberId, ...fields, externalRef, pointsBalance: 0, tierSince: member.createdAt });
    rows.tierHistory.push({ memberId, fromCode: null, toCode: member.tierCode, reason: 'import', at: member.createdAt });
    if (pointsBalance > 0) {
      // Earned up to ~23.5 months ago (not before joining), so some lots expire soon and the expiry list has members.
      const earliest = Math.max(member.createdAt.getTime(), options.now.getTime() - 720 * DAY);
      const earnedAt = new Date(earliest + Math.floor(rng.next() * (options.now.getTime() - earliest)));
      rows.balances.push({ memberId, externalRef, points: pointsBalance, earnedAt });
    }
    const cardIds = cards.map((c) => uuidv7(c.issuedAt));
    cards.forEach(({ replacedByIndex, ...card }, i) => {
      const replacedById = replacedByIndex === null ? null : (cardIds[replacedByIndex] ?? null);
      (replacedById ? rows.replacedCards : rows.cards).push({ id: cardIds[i], memberId, ...card, replacedById });
    });
    for (const consent of consents) rows.consents.push({ id: uuidv7(consent.recordedAt), memberId, ...consent, actorId: null });
  });
  return rows;
}

/** Up to five active members with a usable balance, covering each tier and card kind, for the first-start banner. */
function sampleCards(people: DemoPerson[]): DemoCredentials['sampleCards'] {
  const eligible = people.filter(
    (p) => !p.member.isStaff && p.member.pointsBalance >= 500 && (p.member.lifecycleStage === 'ACTIVE' || p.member.lifecycleStage === 'NEW'),
  );
  const wanted: ((p: DemoPerson) => DemoPerson['cards'][number] | undefined)[] = [
    (p) => (p.member.tierCode === 'CLASSIC' ? p.cards.find((c) => c.kind === 'PRINTED' && c.status === 'ACTIVE') : undefined),
    (p) => (p.member.tierCode === 'GOLD' ? p.cards.find((c) => c.kind === 'PRINTED' && c.status === 'ACTIVE') : undefined),
    (p) => (p.member.tierCode === 'PLATINUM' ? p.cards.find((c) => c.kind === 'PRINTED' && c.status === 'ACTIVE') : undefined),
    (p) => p.cards.find((c) => c.kind === 'NFC_SUN' && c.status === 'ACTIVE'),
    (p) => p.cards.find((c) => c.kind === 'NFC_UID' && c.status === 'ACTIVE'),
  ];
  const used = new Set<DemoPerson>();
  const result: DemoCredentials['sampleCards'] = [];
  for (const find of wanted) {
    for (const person of eligible) {
      if (used.has(person)) continue;
      const card = find(person);
      if (!card) continue;
      used.add(person);
      result.push({
        firstName: person.member.firstName,
        tierCode: person.member.tierCode,
        pointsBalance: person.member.pointsBalance,
        kind: card.kind,
        cardNumber: card.number,
        ...(card.nfcUid ? { nfcUid: card.nfcUid } : {}),
      });
      break;
    }
  }
  return result;
}

/**
 * Fills an empty database (no stores, no members) with a demo chain: 3 stores, 9 pending terminals with
 * enrolment codes, 3 staff users and realistic members with cards and consent history, in one transaction.
 * Returns the one-time credentials, or null when the database already holds data.
 */
export async function seedDemo(db: Db, config: Config, options: SeedDemoOptions = {}): Promise<DemoCredentials | null> {
  const isEmpty = async (client: Pick<Db, 'store' | 'member'>) =>
    (await client.store.findFirst({ select: { id: true } })) === null && (await client.member.findFirst({ select: { id: true } })) === null;
  if (!(await isEmpty(db))) return null;

  const now = new Date();
  const people = generateDemoPeople({ count: options.members ?? DEFAULT_MEMBERS, seed: options.seed ?? DEFAULT_SEED, now });
  const rows = toRows(people, { seed: options.seed ?? DEFAULT_SEED, now });
  // scrypt is slow by design: hash before opening the transaction.
  const staff = await Promise.all(
    STAFF.map(async (s) => {
      const password = options.fixedPasswords ? s.fixedPassword : randomBytes(12).toString('base64url');
      return { ...s, password, passwordHash: await hashPassword(password) };
    }),
  );

  return db.$transaction(
    async (tx) => {
      if (!(await isEmpty(tx))) return null;

      const terminals: DemoCredentials['terminals'] = [];
      for (const store of STORES) {
        const { id: storeId } = await tx.store.create({ data: store, select: { id: true } });
        for (const t of TERMINALS) {
          const terminal = await tx.terminal.create({ data: { storeId, kind: t.kind, name: t.name }, select: { id: true } });
          const enrolment = await addEnrolmentCode(tx, config, systemActor, terminal.id);
          terminals.push({
            store: store.code,
            storeName: store.name,
            name: t.name,
            kind: t.kind,
            terminalId: terminal.id,
            enrolmentCode: enrolment.code,
            expiresAt: enrolment.expiresAt,
          });
        }
      }

      // An operator may have created a staff user before the first start: keep theirs, report only ours.
      const existing = new Set(
        (await tx.staffUser.findMany({ where: { email: { in: staff.map((s) => s.email) } }, select: { email: true } })).map((s) => s.email),
      );
      const newStaff = staff.filter((s) => !existing.has(s.email));
      await tx.staffUser.createMany({
        data: newStaff.map(({ email, name, role, passwordHash }) => ({ email, name, role, passwordHash })),
      });

      await insertInBatches(rows.members, (data) => tx.member.createMany({ data }));
      await insertInBatches(rows.cards, (data) => tx.card.createMany({ data }));
      await insertInBatches(rows.replacedCards, (data) => tx.card.createMany({ data }));
      await insertInBatches(rows.consents, (data) => tx.consent.createMany({ data }));
      await insertInBatches(rows.tierHistory, (data) => tx.tierHistory.createMany({ data }));

      const products = demoProducts();
      await tx.product.createMany({ data: products, skipDuplicates: true });
      await tx.tier.createMany({ data: DEMO_TIERS, skipDuplicates: true });
      if ((await tx.earningRule.count()) === 0) await tx.earningRule.createMany({ data: DEMO_EARNING_RULES });

      const { expiryMonths } = await loadProgramSettings(tx);
      let points = 0;
      await insertInBatches(rows.balances, async (batch) => {
        const dated = batch.map((b) => ({ ...b, expiresAt: addMonths(b.earnedAt, expiryMonths) }));
        points += await postOpeningBalances(tx, systemActor, dated, { earnedAt: now, expiresAt: null });
      });

      const summary = {
        stores: STORES.length,
        terminals: terminals.length,
        staff: newStaff.map((s) => s.email),
        members: rows.members.length,
        cards: rows.cards.length + rows.replacedCards.length,
        consents: rows.consents.length,
        openingPoints: points,
        products: products.length,
        tiers: DEMO_TIERS.map((t) => t.code),
        earningRules: DEMO_EARNING_RULES.length,
      };
      await writeAudit(tx, systemActor, { action: 'demo.seed', entityType: 'system', entityId: null, after: summary });

      return {
        staff: newStaff.map(({ email, name, role, password }) => ({ email, name, role, password })),
        terminals,
        sampleCards: sampleCards(people),
        members: rows.members.length,
      };
    },
    { maxWait: 10_000, timeout: 120_000 },
  );
}
