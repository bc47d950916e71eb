import { randomUUID } from 'node:crypto';

import type { KulupClient } from '@kulup/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { seedVoiceDemo } from '../../packages/server/src/services/surveys/seed-voice-demo';
import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';

/** Every table's rows as text, to search the whole database for a value. */
async function databaseText(server: TestServer): Promise<string> {
  const db = server.database.prisma;
  const tables = await db.$queryRaw<{ tablename: string }[]>`select tablename from pg_tables where schemaname = 'public'`;
  const parts: string[] = [];
  for (const { tablename } of tables) {
    const rows = await db.$queryRawUnsafe<{ t: string }[]>(`select t::text as t from "${tablename}" t`);
    parts.push(...rows.map((r) => r.t));
  }
  return parts.join('\n');
}

describe.each(testDatabases())('member export and erasure on %s', (kind) => {
  let server: TestServer;
  let agent: KulupClient;
  let admin: KulupClient;
  let pos: Awaited<ReturnType<TestServer['terminal']>>;

  beforeAll(async () => {
    server = await startTestServer(kind);
    agent = (await server.staff('AGENT')).client;
    admin = (await server.staff('ADMIN')).client;
    pos = await server.terminal('POS');
    await seedVoiceDemo(server.database.prisma);
    await admin.call('createEarningRule', { body: { name: 'Temel puan', priority: 10, effect: { kind: 'base', pointsPerTry: 1 } } });
  });
  afterAll(() => server?.close());

  type Person = { firstName: string; lastName: string; phone: string; email: string; birthDate: string; city: string; gender: 'FEMALE' };
  const gulsen: Person = { firstName: 'Gülşen', lastName: 'Karaağaçlı', phone: '+905557771234', email: 'gulsen.karaagacli@example.com', birthDate: '1979-11-30', city: 'Eskişehir', gender: 'FEMALE' };
  const nilufer: Person = { firstName: 'Nilüfer', lastName: 'Boğaziçili', phone: '+905557771235', email: 'nilufer.bogazicili@example.com', birthDate: '1966-05-17', city: 'Kütahya', gender: 'FEMALE' };

  /** A member whose personal data also reaches consent evidence, card notes and the audit trail. */
  async function memberWithHistory(person: Person, nfcUid: string) {
    const m = await agent.call('createMember', {
      body: {
        ...person,
        consents: [{ kind: 'EMAIL', status: 'GRANTED', source: 'PAPER', textVersion: 'ETK-1', evidence: `form ${person.lastName} #88` }],
      },
    });
    const card = await agent.call('issueCard', { params: { memberId: m.id }, body: { kind: 'NFC_SUN', nfcUid } });
    await agent.call('blockCard', { params: { cardId: card.id }, body: { status: 'LOST', reason: `lost in ${person.city}` } });
    await agent.call('replaceCard', { params: { cardId: card.id }, body: { kind: 'PRINTED' } });
    await agent.call('updateMember', { params: { memberId: m.id }, body: { city: 'Bursa' } });
    await agent.call('setMemberPin', { params: { memberId: m.id }, body: { pin: '4826' } });
    await agent.call('issueOffer', {
      params: { memberId: m.id },
      body: { titleTr: 'Kahvede 50 puan', validTo: new Date(Date.now() + 7 * 86_400_000).toISOString() },
    });
    await agent.call('createTicket', {
      body: { kind: 'COMPLAINT', categoryCode: 'PERSONEL', memberId: m.id, text: `${person.firstName} ${person.lastName} arayıp şikâyet etti` },
    });
    const printed = (await agent.call('getMember', { params: { memberId: m.id } })).cards.find((c) => c.status === 'ACTIVE')!;
    const identified = await pos.client.call('identifyCard', { body: { cardNumber: printed.number } });
    await pos.client.call('bookReceipt', {
      idempotencyKey: randomUUID(),
      body: {
        externalRef: randomUUID(),
        occurredAt: new Date().toISOString(),
        memberId: identified.member.memberId,
        lines: [{ lineNo: 1, sku: 'SUT-1L', category: 'Süt Ürünleri', quantity: 2, unitPrice: 3450, lineDiscount: 0 }],
        total: 6900,
        payments: [{ method: 'card', amount: 6900 }],
        status: 'FINAL',
      },
    });
    return { member: m, card };
  }

  it('exports everything held about the member', async () => {
    const { member, card } = await memberWithHistory(gulsen, '04DEADBEEF0002');
    const exported = await agent.call('exportMember', { params: { memberId: member.id } });
    expect(exported.member).toMatchObject({ ...gulsen, city: 'Bursa', id: member.id });
    expect(exported.consentHistory).toEqual([expect.objectContaining({ kind: 'EMAIL', evidence: 'form Karaağaçlı #88' })]);
    expect(exported.cards.map((c) => c.status)).toEqual(['REPLACED', 'ACTIVE']);
    expect(exported.cards[0]!.nfcUid).toBe(card.nfcUid);
    expect(exported.auditTrail.map((a) => a.action)).toEqual(
      expect.arrayContaining(['member.create', 'card.issue', 'card.block', 'card.replace', 'member.update']),
    );
    expect(exported.receipts).toEqual([expect.objectContaining({ totalKurus: 6900, status: 'FINAL', lines: [expect.objectContaining({ quantity: 2 })] })]);
    expect(exported.pointsHistory.map((e) => e.kind)).toContain('EARN');
    expect(exported.pointsHistory.reduce((sum, e) => sum + e.points, 0)).toBe(exported.member.pointsBalance);
    expect(exported.offers).toEqual([expect.objectContaining({ title: 'Kahvede 50 puan', status: 'ISSUED' })]);
    expect(exported.kioskPinSet).toBe(true);
    expect(exported.tickets).toEqual([expect.objectContaining({ kind: 'COMPLAINT', text: 'Gülşen Karaağaçlı arayıp şikâyet etti' })]);
    // The export is a processing act of its own and is audited.
    const audit = await admin.call('listAudit', { query: { entityType: 'member', entityId: member.id } });
    expect(audit.items[0]!.action).toBe('member.export');
  });

  it('erases personal data everywhere and keeps the financial record', async () => {
    const { member } = await memberWithHistory(nilufer, '04DEADBEEF0001');
    const cards = (await agent.call('getMember', { params: { memberId: member.id } })).cards;
    await server.database.prisma.member.update({ where: { id: member.id }, data: { pointsBalance: 4321 } });
    const before = await databaseText(server);
    expect(before).toContain('Boğaziçili');

    await admin.call('eraseMember', { params: { memberId: member.id } });

    const after = await databaseText(server);
    for (const value of [nilufer.lastName, nilufer.phone, nilufer.email, nilufer.birthDate, nilufer.firstName, nilufer.city, '04DEADBEEF0001', ...cards.map((c) => c.number)]) {
      expect(after, value).not.toContain(value);
    }
    const erased = await agent.call('getMember', { params: { memberId: member.id } });
    expect(erased).toMatchObject({ pointsBalance: 4321, lifecycleStage: 'FORMER', phone: null, email: null, birthDate: null });
    expect(erased.erasedAt).not.toBeNull();
    expect(erased.cards.every((c) => c.status !== 'ACTIVE')).toBe(true);
    const afterExport = await agent.call('exportMember', { params: { memberId: member.id } });
    expect(afterExport.kioskPinSet).toBe(false);
    expect(afterExport.tickets.map((t) => t.text)).toEqual(['[erased]']);
    expect(afterExport.receipts).toHaveLength(1);
    const again = await server.raw(`/api/v1/members/${member.id}/erase`, { method: 'POST', token: (await server.staff('ADMIN')).token });
    expect(again.status).toBe(410);
  });
});
