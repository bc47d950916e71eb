import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { eraseMemberVoiceData } from '../../packages/server/src/services/tickets/erase-member-voice-data';
import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { key, memberAtKiosk, setupVoice } from './support';
import type { VoiceFixture } from './support';

describe.each(testDatabases())('customer voice and personal data on %s', (kind) => {
  let server: TestServer;
  let fx: VoiceFixture;

  beforeAll(async () => {
    server = await startTestServer(kind);
    fx = await setupVoice(server);
  });
  afterAll(() => server?.close());

  it('keeps ticket history append-only', async () => {
    const ticket = await fx.agent.call('createTicket', { body: { kind: 'COMPLAINT', categoryCode: 'PERSONEL', text: 'Kaba davranış' } });
    const noted = await fx.agent.call('addTicketNote', { params: { ticketId: ticket.id }, body: { text: 'İç not' } });
    const id = BigInt(noted.events.at(-1)!.id);
    const db = server.database.prisma;
    await expect(db.ticketEvent.update({ where: { id }, data: { body: 'değiştirildi' } })).rejects.toThrow(/append-only/);
    await expect(db.ticketEvent.update({ where: { id }, data: { kind: 'REPLY', body: '[erased]' } })).rejects.toThrow(/append-only/);
    await expect(db.ticketEvent.delete({ where: { id } })).rejects.toThrow(/append-only/);
    expect((await db.ticketEvent.findUniqueOrThrow({ where: { id } })).body).toBe('İç not');
  });

  it('erases a member’s free texts from tickets, their history and survey answers, and keeps the facts', async () => {
    const ayse = await memberAtKiosk(server, fx, 'Ayşe');
    const { ticketNumber } = await ayse.client.call('submitComplaint', { body: { kind: 'COMPLAINT', categoryCode: 'KASA_BEKLEME', text: 'Ben Ayşe Demir, 0532…' }, idempotencyKey: key() });
    const db = server.database.prisma;
    const ticket = await db.ticket.findUniqueOrThrow({ where: { number: ticketNumber } });
    await fx.agent.call('addTicketNote', { params: { ticketId: ticket.id }, body: { text: 'Ayşe Hanım aradı' } });
    const survey = await fx.marketer.call('createSurvey', {
      body: {
        titleTr: 'Yorum', titleEn: 'Comment', targeting: 'MEMBER',
        questions: [
          { id: 'csat', type: 'CSAT', textTr: 'Memnun musunuz?', textEn: 'Satisfied?' },
          { id: 'comment', type: 'TEXT', textTr: 'Yorum', textEn: 'Comment', required: false },
        ],
      },
    });
    await fx.marketer.call('setSurveyStatus', { params: { surveyId: survey.id }, body: { status: 'ACTIVE' } });
    const { responseId } = await ayse.client.call('submitSurveyResponse', {
      params: { surveyId: survey.id },
      body: { answers: { csat: 2, comment: 'Ayşe Demir, Kadıköy şubesi' } },
      idempotencyKey: key(),
    });

    await db.$transaction((tx) => eraseMemberVoiceData(tx, ayse.memberId));
    const after = await db.ticket.findUniqueOrThrow({ where: { id: ticket.id }, include: { events: true } });
    expect([after.text, after.number, after.status]).toEqual(['[erased]', ticketNumber, ticket.status]);
    expect(after.events.filter((e) => e.body !== null).map((e) => e.body)).toEqual(['[erased]']);
    expect((await db.surveyResponse.findUniqueOrThrow({ where: { id: responseId } })).answers).toEqual({ csat: 2, comment: '[erased]' });
  });
});
