import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { seedVoiceDemo } from '../../packages/server/src/services/surveys/seed-voice-demo';
import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { failure, key, memberAtKiosk, setupVoice } from './support';
import type { VoiceFixture } from './support';

describe.each(testDatabases())('kiosk and POS complaints on %s', (kind) => {
  let server: TestServer;
  let fx: VoiceFixture;

  beforeAll(async () => {
    server = await startTestServer(kind);
    fx = await setupVoice(server);
  });
  afterAll(() => server?.close());

  const ticketCount = () => server.database.prisma.ticket.count();

  it('lists the complaint categories in display order', async () => {
    const { items } = await fx.kiosk.client.call('listComplaintCategories', {});
    expect(items.map((c) => c.code)).toEqual(['KASA_BEKLEME', 'URUN_KALITESI', 'FIYAT_ETIKET', 'PERSONEL', 'TEMIZLIK', 'KART_PUAN', 'ONERI']);
    expect(items[0]).toEqual({ code: 'KASA_BEKLEME', nameTr: 'Kasa / Bekleme', nameEn: 'Checkout / Waiting' });
    // Seeding again (e.g. a restarted demo) adds nothing.
    await seedVoiceDemo(server.database.prisma);
    expect(await server.database.prisma.ticketCategory.count()).toBe(7);
    expect(await server.database.prisma.survey.count({ where: { kind: 'STANDARD' } })).toBe(2);
  });

  it('files an anonymous complaint once per idempotency key, in the kiosk’s store, routed to the right team', async () => {
    const idempotencyKey = key();
    const body = { kind: 'COMPLAINT' as const, categoryCode: 'KASA_BEKLEME', text: '  Kasada 20 dakika bekledim.  ' };
    const first = await fx.kiosk.client.call('submitComplaint', { body, idempotencyKey });
    expect(first.ticketNumber).toMatch(/^KLP-\d{4}-\d{6}$/);
    const replay = await server.raw('/api/v1/kiosk/complaints', {
      method: 'POST',
      token: fx.kiosk.token,
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
    });
    expect([replay.status, replay.body]).toEqual([201, first]);
    const rows = await server.database.prisma.ticket.findMany({ where: { number: first.ticketNumber } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: 'KIOSK', storeId: fx.kiosk.storeId, memberId: null, terminalId: fx.kiosk.terminalId, text: 'Kasada 20 dakika bekledim.', teamId: fx.teams.ops, status: 'ASSIGNED' });

    const queue = await fx.agent.call('listTickets', { query: { store: fx.kiosk.storeId } });
    expect(queue.items.map((t) => t.number)).toContain(first.ticketNumber);
  });

  it('links a complaint filed in a member session to that member, with the contact permission given', async () => {
    const ayse = await memberAtKiosk(server, fx, 'Ayşe');
    const { ticketNumber } = await ayse.client.call('submitComplaint', {
      body: { kind: 'WISH', categoryCode: 'ONERI', text: 'Glutensiz ürün rafı olsun.', contactPermission: { channel: 'SMS' } },
      idempotencyKey: key(),
    });
    const row = await server.database.prisma.ticket.findUniqueOrThrow({ where: { number: ticketNumber } });
    expect(row).toMatchObject({ kind: 'WISH', memberId: ayse.memberId, storeId: fx.kiosk.storeId, contactChannel: 'SMS', teamId: fx.teams.care, priority: 'LOW' });
  });

  it('lets a member see only their own tickets, with number, status and dates only', async () => {
    const zeynep = await memberAtKiosk(server, fx, 'Zeynep');
    const emre = await memberAtKiosk(server, fx, 'Emre');
    const mine = await zeynep.client.call('submitComplaint', { body: { kind: 'COMPLAINT', categoryCode: 'TEMIZLIK', text: 'Tuvalet kirliydi.' }, idempotencyKey: key() });
    const theirs = await emre.client.call('submitComplaint', { body: { kind: 'COMPLAINT', categoryCode: 'PERSONEL', text: 'Kasiyer kabaydı.' }, idempotencyKey: key() });
    const list = await zeynep.client.call('myTickets', {});
    expect(list.items.map((t) => t.number)).toEqual([mine.ticketNumber]);
    expect(Object.keys(list.items[0]!).sort()).toEqual(['createdAt', 'number', 'resolvedAt', 'status', 'updatedAt']);
    expect(JSON.stringify(list)).not.toContain(theirs.ticketNumber);
    expect(JSON.stringify(list)).not.toContain('Tuvalet');
    // Terminals and staff are not member sessions.
    expect((await server.raw('/api/v1/me/tickets', { token: fx.kiosk.token })).status).toBe(403);
  });

  it('takes a complaint at the till for the member identified there', async () => {
    const member = await fx.agent.call('createMember', { body: { firstName: 'Can', lastName: 'Kaya' } });
    const { ticketNumber } = await fx.pos.client.call('createPosTicket', {
      body: { kind: 'COMPLAINT', categoryCode: 'FIYAT_ETIKET', text: 'Rafta 39,90 yazıyordu, kasada 44,90 okundu.', memberId: member.id },
      idempotencyKey: key(),
    });
    expect(await server.database.prisma.ticket.findUniqueOrThrow({ where: { number: ticketNumber } })).toMatchObject({ channel: 'POS', memberId: member.id, storeId: fx.pos.storeId });
  });

  it.each([
    ['an empty text', { text: '   ' }, 400, 'VALIDATION_FAILED', 'text'],
    ['a text over 2000 characters', { text: 'ç'.repeat(2001) }, 400, 'VALIDATION_FAILED', 'text'],
    ['an unknown category', { categoryCode: 'HAVA_DURUMU' }, 422, 'UNKNOWN_REFERENCE', 'categoryCode'],
    ['an unknown contact channel', { contactPermission: { channel: 'PIGEON' } }, 400, 'VALIDATION_FAILED', 'contactPermission.channel'],
    ['an unknown field', { storeId: '0190a0b0-0000-7000-8000-000000000000' }, 400, 'VALIDATION_FAILED', 'storeId'],
  ])('refuses %s with a clear error and writes nothing', async (_what, patch, status, code, path) => {
    const before = await ticketCount();
    const idempotencyKey = key();
    const error = await failure(
      fx.kiosk.client.call('submitComplaint', { body: { kind: 'COMPLAINT', categoryCode: 'KASA_BEKLEME', text: 'Geçerli metin', ...patch } as never, idempotencyKey }),
    );
    expect([error.status, error.code]).toEqual([status, code]);
    expect(error.fields.map((f) => f.path)).toContain(path);
    expect(await ticketCount()).toBe(before);
    // The failed attempt was not stored under its key: the corrected request goes through with the same key.
    await fx.kiosk.client.call('submitComplaint', { body: { kind: 'COMPLAINT', categoryCode: 'KASA_BEKLEME', text: 'Geçerli metin' }, idempotencyKey });
    expect(await ticketCount()).toBe(before + 1);
  });

  it('requires an idempotency key from the kiosk and refuses staff tokens', async () => {
    const res = await server.raw('/api/v1/kiosk/complaints', {
      method: 'POST',
      token: fx.kiosk.token,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'COMPLAINT', categoryCode: 'KASA_BEKLEME', text: 'x' }),
    });
    expect([res.status, res.body.error.code]).toEqual([400, 'IDEMPOTENCY_KEY_MISSING']);
    const pos = await server.raw('/api/v1/kiosk/complaints', { method: 'POST', token: fx.pos.token });
    expect(pos.status).toBe(403);
  });
});
