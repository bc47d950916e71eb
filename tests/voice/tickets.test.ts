import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

import type { TTicketCreateRequest } from '@kulup/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { codeOf, failure, key, memberAtKiosk, setupVoice } from './support';
import type { VoiceFixture } from './support';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 2)]);
const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe.each(testDatabases())('ticket handling on %s', (kind) => {
  let server: TestServer;
  let fx: VoiceFixture;

  beforeAll(async () => {
    server = await startTestServer(kind);
    fx = await setupVoice(server);
  });
  afterAll(() => server?.close());

  const newTicket = (body: Partial<TTicketCreateRequest> = {}) =>
    fx.agent.call('createTicket', { body: { kind: 'COMPLAINT', categoryCode: 'KASA_BEKLEME', text: 'Arayan müşteri: kasada uzun kuyruk.', ...body } });

  it('shows tickets to agents and admins only', async () => {
    const ticket = await newTicket();
    expect((await fx.admin.call('getTicket', { params: { ticketId: ticket.id } })).number).toBe(ticket.number);
    const ayse = await memberAtKiosk(server, fx, 'Ayşe');
    for (const token of [fx.kiosk.token, fx.pos.token, ayse.token]) {
      for (const p of ['/api/v1/tickets', `/api/v1/tickets/${ticket.id}`, '/api/v1/reports/service']) {
        const res = await server.raw(p, { token });
        expect([p, res.status]).toEqual([p, 403]);
      }
    }
    expect(await codeOf(fx.marketer.call('listTickets', {}))).toBe('FORBIDDEN');
    expect(await codeOf(fx.marketer.call('getTicket', { params: { ticketId: ticket.id } }))).toBe('FORBIDDEN');
    expect(await codeOf(fx.marketer.call('transitionTicket', { params: { ticketId: ticket.id }, body: { to: 'IN_PROGRESS' } }))).toBe('FORBIDDEN');
  });

  it('refuses transitions the workflow does not allow and changes nothing', async () => {
    const ticket = await newTicket();
    expect(ticket.status).toBe('ASSIGNED');
    const events = await server.database.prisma.ticketEvent.count({ where: { ticketId: ticket.id } });
    for (const to of ['NEW', 'CLOSED'] as const) {
      const error = await failure(fx.agent.call('transitionTicket', { params: { ticketId: ticket.id }, body: { to } }));
      expect([error.status, error.code, error.fields[0]?.path]).toEqual([409, 'TRANSITION_NOT_ALLOWED', 'to']);
      expect(error.message).toContain(`ASSIGNED ticket cannot move to ${to}`);
    }
    expect((await fx.agent.call('getTicket', { params: { ticketId: ticket.id } })).status).toBe('ASSIGNED');
    expect(await server.database.prisma.ticketEvent.count({ where: { ticketId: ticket.id } })).toBe(events);

    const resolved = await fx.agent.call('transitionTicket', { params: { ticketId: ticket.id }, body: { to: 'RESOLVED', note: 'Kasiyer sayısı artırıldı' } });
    const closed = await fx.agent.call('transitionTicket', { params: { ticketId: ticket.id }, body: { to: 'CLOSED' } });
    expect([resolved.status, closed.status, closed.allowedTransitions]).toEqual(['RESOLVED', 'CLOSED', []]);
    expect(await codeOf(fx.agent.call('transitionTicket', { params: { ticketId: ticket.id }, body: { to: 'IN_PROGRESS' } }))).toBe('TRANSITION_NOT_ALLOWED');
    expect(await codeOf(fx.agent.call('assignTicket', { params: { ticketId: ticket.id }, body: { assigneeId: fx.agentId } }))).toBe('TRANSITION_NOT_ALLOWED');
  });

  it('runs the workflow with waiting, reopen and the satisfaction follow-up the member answers at the kiosk', async () => {
    const ayse = await memberAtKiosk(server, fx, 'Ayşe');
    const { ticketNumber } = await ayse.client.call('submitComplaint', { body: { kind: 'COMPLAINT', categoryCode: 'KART_PUAN', text: 'Puanlarım yüklenmedi.' }, idempotencyKey: key() });
    const [queued] = (await fx.agent.call('listTickets', { query: { memberId: ayse.memberId } })).items;
    expect(queued).toMatchObject({ number: ticketNumber, status: 'ASSIGNED', teamId: fx.teams.care, teamName: 'Müşteri Hizmetleri' });
    const id = queued!.id;
    const step = (to: 'IN_PROGRESS' | 'WAITING_CUSTOMER' | 'RESOLVED' | 'CLOSED') => fx.agent.call('transitionTicket', { params: { ticketId: id }, body: { to } });

    await fx.agent.call('assignTicket', { params: { ticketId: id }, body: { assigneeId: fx.agentId } });
    await step('IN_PROGRESS');
    const waiting = await step('WAITING_CUSTOMER');
    expect(waiting.resolution.paused).toBe(true);
    await step('IN_PROGRESS');
    const resolved = await step('RESOLVED');
    expect(resolved.firstResponse.metAt).not.toBeNull();
    expect(resolved.followUp).toEqual({ status: 'PENDING', score: null });
    const reopened = await step('IN_PROGRESS');
    expect([reopened.reopenCount, reopened.resolution.metAt]).toEqual([1, null]);
    await step('RESOLVED');
    expect(await server.database.prisma.surveyFollowUp.count({ where: { ticketId: id } })).toBe(1);

    // The member sees the follow-up first at the kiosk, answers it once, and the agent sees the score.
    const due = await ayse.client.call('listDueSurveys', {});
    expect(due.items[0]).toMatchObject({ kind: 'FOLLOW_UP', followUp: { ticketNumber }, questions: [{ id: 'csat', type: 'CSAT' }] });
    await ayse.client.call('submitSurveyResponse', { params: { surveyId: due.items[0]!.id }, body: { answers: { csat: 5 } }, idempotencyKey: key() });
    expect((await fx.agent.call('getTicket', { params: { ticketId: id } })).followUp).toEqual({ status: 'ANSWERED', score: 5 });
    expect((await ayse.client.call('listDueSurveys', {})).items.some((s) => s.kind === 'FOLLOW_UP')).toBe(false);
    const again = await failure(ayse.client.call('submitSurveyResponse', { params: { surveyId: due.items[0]!.id }, body: { answers: { csat: 1 } }, idempotencyKey: key() }));
    expect([again.status, again.code]).toEqual([409, 'CONFLICT']);
    expect((await step('CLOSED')).status).toBe('CLOSED');
    expect((await ayse.client.call('myTickets', {})).items[0]).toMatchObject({ number: ticketNumber, status: 'CLOSED' });

    const history = (await fx.agent.call('getTicket', { params: { ticketId: id } })).events.map((e) => e.kind);
    expect(history).toEqual(['CREATED', 'ASSIGNED', ...Array(7).fill('STATUS_CHANGED')]);
    const audit = await server.database.prisma.auditLog.findMany({ where: { entityType: 'ticket', entityId: id }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['ticket.create', 'ticket.assign', 'ticket.transition', 'ticket.transition', 'ticket.transition', 'ticket.transition', 'ticket.reopen', 'ticket.transition', 'ticket.transition']);
  });

  it('replies only through a channel the customer consented to', async () => {
    const ayse = await memberAtKiosk(server, fx, 'Ayşe', { email: 'ayse@example.com' });
    const { ticketNumber } = await ayse.client.call('submitComplaint', {
      body: { kind: 'COMPLAINT', categoryCode: 'URUN_KALITESI', text: 'Süt bozuk çıktı.', contactPermission: { channel: 'EMAIL' } },
      idempotencyKey: key(),
    });
    const { id } = await server.database.prisma.ticket.findUniqueOrThrow({ where: { number: ticketNumber } });
    const detail = await fx.agent.call('getTicket', { params: { ticketId: id } });
    expect(detail.replyChannels).toEqual(['EMAIL']);
    expect(detail.member).toMatchObject({ firstName: 'Ayşe', tierCode: 'CLASSIC', consents: { SMS: false, EMAIL: false, CALL: false } });

    const refused = await failure(fx.agent.call('replyToTicket', { params: { ticketId: id }, body: { channel: 'SMS', text: 'Merhaba Ayşe Hanım, ürünü değiştirelim.' } }));
    expect([refused.status, refused.code, refused.fields[0]?.path]).toEqual([422, 'CONSENT_REQUIRED', 'channel']);
    expect(await server.database.prisma.ticketEvent.count({ where: { ticketId: id, kind: 'REPLY' } })).toBe(0);
    expect(await server.database.prisma.outboxEvent.count({ where: { type: 'ticket.replied', aggregateId: id } })).toBe(0);
    expect((await fx.agent.call('getTicket', { params: { ticketId: id } })).firstResponse.metAt).toBeNull();

    const byMail = await fx.agent.call('replyToTicket', { params: { ticketId: id }, body: { channel: 'EMAIL', text: 'Merhaba Ayşe Hanım, ürün bedelini iade ettik.' } });
    expect(byMail.firstResponse.metAt).not.toBeNull();
    expect(byMail.events.at(-1)).toMatchObject({ kind: 'REPLY', channel: 'EMAIL' });
    expect(await server.database.prisma.outboxEvent.count({ where: { type: 'ticket.replied', aggregateId: id } })).toBe(1);

    // A message permission in force for SMS opens that channel too; a refusal closes it again.
    await fx.agent.call('recordConsent', { params: { memberId: ayse.memberId }, body: { kind: 'SMS', status: 'GRANTED', source: 'CALL_CENTER', textVersion: 'v1' } });
    expect(await codeOf(fx.agent.call('replyToTicket', { params: { ticketId: id }, body: { channel: 'SMS', text: 'Kısa bilgi.' } }))).toBe('ok');
    await fx.agent.call('recordConsent', { params: { memberId: ayse.memberId }, body: { kind: 'SMS', status: 'REFUSED', source: 'CALL_CENTER', textVersion: 'v1' } });
    expect(await codeOf(fx.agent.call('replyToTicket', { params: { ticketId: id }, body: { channel: 'SMS', text: 'Tekrar.' } }))).toBe('CONSENT_REQUIRED');

    // An anonymous kiosk ticket has nobody to reply to, whatever was ticked.
    const anon = await fx.kiosk.client.call('submitComplaint', { body: { kind: 'COMPLAINT', categoryCode: 'TEMIZLIK', text: 'Kirli', contactPermission: { channel: 'CALL' } }, idempotencyKey: key() });
    const anonId = (await server.database.prisma.ticket.findUniqueOrThrow({ where: { number: anon.ticketNumber } })).id;
    expect(await codeOf(fx.agent.call('replyToTicket', { params: { ticketId: anonId }, body: { channel: 'CALL', text: 'Aradık' } }))).toBe('CONSENT_REQUIRED');
  });

  it('keeps internal notes away from the customer', async () => {
    const ayse = await memberAtKiosk(server, fx, 'Ayşe');
    const { ticketNumber } = await ayse.client.call('submitComplaint', { body: { kind: 'COMPLAINT', categoryCode: 'PERSONEL', text: 'Güvenlik görevlisi kabaydı.' }, idempotencyKey: key() });
    const { id } = await server.database.prisma.ticket.findUniqueOrThrow({ where: { number: ticketNumber } });
    const noted = await fx.agent.call('addTicketNote', { params: { ticketId: id }, body: { text: 'Mağaza müdürü kamera kaydına bakacak (gizli).' } });
    expect(noted.events.at(-1)).toMatchObject({ kind: 'NOTE', body: 'Mağaza müdürü kamera kaydına bakacak (gizli).' });
    expect(noted.firstResponse.metAt).toBeNull();
    expect(JSON.stringify(await ayse.client.call('myTickets', {}))).not.toContain('gizli');
    expect(await server.database.prisma.outboxEvent.count({ where: { aggregateId: id } })).toBe(0);
  });

  it('assigns in bulk, all or nothing', async () => {
    const a = await newTicket();
    const b = await newTicket();
    const unknown = '0190a0b0-0000-7000-8000-000000000001';
    const error = await failure(fx.agent.call('bulkAssignTickets', { body: { ticketIds: [a.id, unknown, b.id], assigneeId: fx.agentId } }));
    expect([error.status, error.code, error.fields.map((f) => f.path)]).toEqual([422, 'UNKNOWN_REFERENCE', ['ticketIds.1']]);
    expect((await fx.agent.call('getTicket', { params: { ticketId: a.id } })).assigneeId).toBeNull();
    expect((await fx.agent.call('bulkAssignTickets', { body: { ticketIds: [a.id, b.id], teamId: fx.teams.care, assigneeId: fx.agentId } })).updated).toBe(2);
    const mine = await fx.agent.call('listTickets', { query: { assignee: 'me', team: fx.teams.care } });
    expect(mine.items.map((t) => t.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    const marketerId = (await server.database.prisma.staffUser.findFirstOrThrow({ where: { role: 'MARKETER' } })).id;
    expect(await codeOf(fx.agent.call('assignTicket', { params: { ticketId: a.id }, body: { assigneeId: marketerId } }))).toBe('UNKNOWN_REFERENCE');
  });

  it('accepts JPEG, PNG and PDF attachments up to 5 MB and refuses anything else, writing nothing', async () => {
    const ticket = await newTicket();
    const upload = (body: Buffer, type: string, filename = 'fis.png') =>
      server.raw(`/api/v1/tickets/${ticket.id}/attachments?filename=${encodeURIComponent(filename)}`, {
        method: 'POST',
        token: fx.agentToken,
        headers: { 'content-type': type },
        body: new Uint8Array(body),
      });
    const ok = await upload(PNG, 'image/png', 'raf etiketi.png');
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ fileName: 'raf etiketi.png', contentType: 'image/png', byteSize: PNG.length });
    expect(await upload(PDF, 'application/pdf', 'fatura.pdf')).toMatchObject({ status: 201 });
    expect(await upload(JPEG, 'image/jpeg', 'ürün.jpg')).toMatchObject({ status: 201 });
    const dir = path.join(server.filesDir, 'tickets', ticket.id);
    expect(readdirSync(dir)).toHaveLength(3);

    const refusals = [
      [await upload(Buffer.from('GIF89a....'), 'image/gif', 'a.gif'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [await upload(Buffer.from('<script>alert(1)</script>'), 'image/png', 'a.png'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [await upload(Buffer.from('MZ executable'), 'application/pdf', 'a.pdf'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [await upload(Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]), 'application/pdf', 'big.pdf'), 413, 'PAYLOAD_TOO_LARGE'],
      [await upload(PNG, 'image/png', '../../etc/passwd'), 400, 'VALIDATION_FAILED'],
      [await upload(Buffer.alloc(0), 'image/png', 'empty.png'), 400, 'VALIDATION_FAILED'],
    ] as const;
    for (const [res, status, code] of refusals) expect([res.status, res.body.error.code]).toEqual([status, code]);
    expect(readdirSync(dir)).toHaveLength(3);
    const detail = await fx.agent.call('getTicket', { params: { ticketId: ticket.id } });
    expect(detail.attachments.map((a) => a.fileName)).toEqual(['raf etiketi.png', 'fatura.pdf', 'ürün.jpg']);
    expect(await server.database.prisma.ticketAttachment.count({ where: { ticketId: ticket.id } })).toBe(3);
    expect(existsSync(path.join(server.filesDir, 'tickets', ticket.id, `${detail.attachments[0]!.id}`))).toBe(true);
    // Agents download it as a file (never inline); marketers and terminals may not.
    const download = await fetch(new URL(`/api/v1/tickets/${ticket.id}/attachments/${detail.attachments[0]!.id}`, server.url), {
      headers: { authorization: `Bearer ${fx.agentToken}` },
    });
    expect([download.status, download.headers.get('content-type'), download.headers.get('content-disposition')]).toEqual([
      200,
      'image/png',
      "attachment; filename*=UTF-8''raf%20etiketi.png",
    ]);
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);
    for (const token of [fx.marketerToken, fx.kiosk.token]) {
      expect((await server.raw(`/api/v1/tickets/${ticket.id}/attachments/${detail.attachments[0]!.id}`, { token })).status).toBe(403);
    }
    expect((await server.raw(`/api/v1/tickets/${ticket.id}/attachments/${detail.attachments[0]!.id}`)).status).toBe(401);
    expect((await server.raw(`/api/v1/tickets/${ticket.id}/attachments/0190a0b0-0000-7000-8000-000000000009`, { token: fx.agentToken })).status).toBe(404);

    const marketer = await server.raw(`/api/v1/tickets/${ticket.id}/attachments?filename=x.png`, { method: 'POST', token: fx.marketerToken, headers: { 'content-type': 'image/png' }, body: new Uint8Array(PNG) });
    expect(marketer.status).toBe(403);
  });
});
