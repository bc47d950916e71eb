import { TURKEY_PUBLIC_HOLIDAYS, localDate } from '@kulup/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { escalateBreaches } from '../../packages/server/src/services/sla/escalate-breaches';
import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { key, setupVoice } from './support';
import type { VoiceFixture } from './support';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const addDays = (isoDate: string, n: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const ist = (isoDate: string, hhmm: string) => new Date(`${isoDate}T${hhmm}:00+03:00`).toISOString();

describe.each(testDatabases())('routing, SLA targets and escalation on %s', (kind) => {
  let server: TestServer;
  let fx: VoiceFixture;

  beforeAll(async () => {
    server = await startTestServer(kind);
    fx = await setupVoice(server);
  });
  afterAll(() => server?.close());

  const ticketOf = (number: string) => server.database.prisma.ticket.findUniqueOrThrow({ where: { number } });

  it('routes by category and store: most specific on equal priority, lower priority number first, else unassigned', async () => {
    const local = await fx.admin.call('createServiceTeam', { body: { name: 'Kiosk Mağazası Ekibi', memberIds: [fx.agentId] } });
    await fx.admin.call('createRoutingRule', { body: { categoryCode: 'KASA_BEKLEME', storeId: fx.kiosk.storeId, teamId: local.id, agentId: fx.agentId } });
    const complain = async (client: VoiceFixture['kiosk']['client'], route: 'submitComplaint' | 'createPosTicket', categoryCode: string) =>
      ticketOf((await client.call(route, { body: { kind: 'COMPLAINT', categoryCode, text: 'Şikâyet' }, idempotencyKey: key() })).ticketNumber);

    expect(await complain(fx.kiosk.client, 'submitComplaint', 'KASA_BEKLEME')).toMatchObject({ teamId: local.id, assigneeId: fx.agentId, status: 'ASSIGNED' });
    expect(await complain(fx.pos.client, 'createPosTicket', 'KASA_BEKLEME')).toMatchObject({ teamId: fx.teams.ops, assigneeId: null });
    expect(await complain(fx.kiosk.client, 'submitComplaint', 'KART_PUAN')).toMatchObject({ teamId: fx.teams.care });

    // A store-wide rule with a lower priority number beats the category rules at that till's store.
    await fx.admin.call('createRoutingRule', { body: { storeId: fx.pos.storeId, teamId: local.id, priority: 10 } });
    expect(await complain(fx.pos.client, 'createPosTicket', 'URUN_KALITESI')).toMatchObject({ teamId: local.id });

    // A new category falls to the catch-all rule; without it the ticket waits unassigned in the queue.
    await fx.admin.call('createTicketCategory', { body: { code: 'OTOPARK', nameTr: 'Otopark', nameEn: 'Car park' } });
    expect(await complain(fx.kiosk.client, 'submitComplaint', 'OTOPARK')).toMatchObject({ teamId: fx.teams.care });
    const catchAll = (await fx.admin.call('listRoutingRules', {})).items.find((r) => r.categoryCode === null && r.storeId === null)!;
    await fx.admin.call('deleteRoutingRule', { params: { id: catchAll.id } });
    expect(await complain(fx.kiosk.client, 'submitComplaint', 'OTOPARK')).toMatchObject({ teamId: null, assigneeId: null, status: 'NEW' });
    const unassigned = await fx.agent.call('listTickets', { query: { team: 'none', status: 'NEW' } });
    expect(unassigned.items.map((t) => t.category.code)).toEqual(['OTOPARK']);
    expect(await server.database.prisma.auditLog.count({ where: { action: { in: ['routing_rule.create', 'routing_rule.delete', 'service_team.create'] } } })).toBe(4);
  });

  it('holds the Turkish public holidays of 2026–2027 including both bayrams', async () => {
    const calendar = await fx.agent.call('getBusinessCalendar', {});
    expect(calendar.holidays).toEqual(
      TURKEY_PUBLIC_HOLIDAYS.map((h) => ({ date: h.date, name: h.name, closesAt: h.closesAt === undefined ? null : '13:00' })),
    );
    expect(calendar.holidays.filter((h) => h.name.startsWith('Kurban Bayramı')).map((h) => h.date)).toContain('2026-05-27');
    expect(calendar.week).toEqual([null, ...Array(6).fill({ opensAt: '09:00', closesAt: '18:00' })]);
  });

  it('sets due times in business minutes that skip holidays', async () => {
    await fx.admin.call('updateBusinessHours', { body: { week: Array(7).fill({ opensAt: '09:00', closesAt: '18:00' }) } });
    await fx.admin.call('updateSlaPolicy', { params: { priority: 'HIGH' }, body: { firstResponseMinutes: 60, resolutionMinutes: 480 } });
    const today = localDate(new Date());
    for (const n of [0, 1, 2]) await fx.admin.call('addBusinessHoliday', { body: { date: addDays(today, n), name: `Test tatili ${n}` } });
    const holidays = new Set((await fx.agent.call('getBusinessCalendar', {})).holidays.filter((h) => h.closesAt === null).map((h) => h.date));
    let open = addDays(today, 3);
    while (holidays.has(open)) open = addDays(open, 1);

    const ticket = await fx.agent.call('createTicket', { body: { kind: 'COMPLAINT', categoryCode: 'TEMIZLIK', priority: 'HIGH', text: 'Acil' } });
    expect(ticket.firstResponse.dueAt).toBe(ist(open, '10:00'));
    expect(ticket.resolution.dueAt).toBe(ist(open, '17:00'));
    expect(ticket.firstResponse.remainingBusinessMinutes).toBe(60);
    expect(ticket.resolution.remainingBusinessMinutes).toBe(480);

    const bad = await server.raw('/api/v1/sla-policies/HIGH', {
      method: 'PUT',
      token: fx.agentToken,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ firstResponseMinutes: 60, resolutionMinutes: 480 }),
    });
    expect(bad.status).toBe(403);
    for (const n of [0, 1, 2]) await fx.admin.call('deleteBusinessHoliday', { params: { date: addDays(today, n) } });
  });

  it('escalates each breach once, also when runs overlap, and shows it in the queue', async () => {
    const overdue = await fx.agent.call('createTicket', { body: { kind: 'COMPLAINT', categoryCode: 'URUN_KALITESI', text: 'Bozuk ürün' } });
    const waiting = await fx.agent.call('createTicket', { body: { kind: 'COMPLAINT', categoryCode: 'URUN_KALITESI', text: 'Bekleyen' } });
    await fx.agent.call('transitionTicket', { params: { ticketId: waiting.id }, body: { to: 'WAITING_CUSTOMER' } });
    const fine = await fx.agent.call('createTicket', { body: { kind: 'COMPLAINT', categoryCode: 'URUN_KALITESI', text: 'Zamanında' } });
    const past = new Date(Date.now() - 2 * HOUR);
    await server.database.prisma.ticket.updateMany({
      where: { id: { in: [overdue.id, waiting.id] } },
      data: { firstResponseDueAt: past, resolutionDueAt: past },
    });

    const now = new Date();
    const runs = await Promise.all([escalateBreaches(server.database.prisma, now), escalateBreaches(server.database.prisma, now)]);
    const again = await escalateBreaches(server.database.prisma, now);
    const total = [...runs, again].reduce((s, r) => ({ firstResponse: s.firstResponse + r.firstResponse, resolution: s.resolution + r.resolution }));
    // Overdue: both targets; waiting for the customer: the first response only (its resolution clock is paused).
    expect(total).toEqual({ firstResponse: 2, resolution: 1 });
    expect(again).toEqual({ firstResponse: 0, resolution: 0 });

    const events = await server.database.prisma.outboxEvent.findMany({ where: { type: 'ticket.sla_breached' }, orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.aggregateId, (e.payload as { target: string }).target]).sort()).toEqual(
      [
        [overdue.id, 'FIRST_RESPONSE'],
        [overdue.id, 'RESOLUTION'],
        [waiting.id, 'FIRST_RESPONSE'],
      ].sort(),
    );
    expect(await server.database.prisma.ticketEvent.count({ where: { kind: 'SLA_BREACHED' } })).toBe(3);

    const breached = await fx.agent.call('listTickets', { query: { breached: 'true' } });
    expect(breached.items.map((t) => t.id).sort()).toEqual([overdue.id, waiting.id].sort());
    const onTime = await fx.agent.call('listTickets', { query: { breached: 'false', category: 'URUN_KALITESI' } });
    expect(onTime.items.map((t) => t.id)).toContain(fine.id);
    expect(onTime.items.map((t) => t.id)).not.toContain(overdue.id);
    const detail = await fx.agent.call('getTicket', { params: { ticketId: overdue.id } });
    expect(detail.firstResponse).toMatchObject({ breached: true, metAt: null });
    expect(detail.firstResponse.remainingBusinessMinutes!).toBeLessThanOrEqual(0);
    expect(detail.events.filter((e) => e.kind === 'SLA_BREACHED').map((e) => (e.data as { target: string }).target)).toEqual(['FIRST_RESPONSE', 'RESOLUTION']);
  });

  it('pages through the queue without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await fx.agent.call('listTickets', { query: { limit: 3, ...(cursor ? { cursor } : {}) } });
      seen.push(...page.items.map((t) => t.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen.length).toBe(await server.database.prisma.ticket.count());
    expect(new Set(seen).size).toBe(seen.length);
    const bad = await server.raw('/api/v1/tickets?cursor=nonsense', { token: fx.agentToken });
    expect([bad.status, bad.body.error.fields[0].path]).toEqual([400, 'query.cursor']);
  });
});

describe.each(testDatabases())('service report on %s', (kind) => {
  let server: TestServer;
  let fx: VoiceFixture;

  beforeAll(async () => {
    server = await startTestServer(kind);
    fx = await setupVoice(server);
  });
  afterAll(() => server?.close());

  it('reports volumes, SLA compliance and the reopen rate', async () => {
    const create = (categoryCode: string) => fx.agent.call('createTicket', { body: { kind: 'COMPLAINT', categoryCode, text: 'Rapor testi' } });
    const a = await create('KASA_BEKLEME');
    const b = await create('KASA_BEKLEME');
    const c = await create('TEMIZLIK');
    await fx.kiosk.client.call('submitComplaint', { body: { kind: 'WISH', categoryCode: 'ONERI', text: 'Öneri' }, idempotencyKey: key() });
    // a: resolved on time, then reopened and resolved again; b: its first response came too late.
    for (const to of ['RESOLVED', 'IN_PROGRESS', 'RESOLVED'] as const) await fx.agent.call('transitionTicket', { params: { ticketId: a.id }, body: { to } });
    await server.database.prisma.ticket.update({ where: { id: b.id }, data: { firstResponseDueAt: new Date(Date.now() - HOUR) } });
    await fx.agent.call('transitionTicket', { params: { ticketId: b.id }, body: { to: 'RESOLVED' } });

    const report = await fx.admin.call('serviceReport', {});
    expect(report).toMatchObject({ created: 4, open: 2, resolved: 2, reopenRatePercent: 50 });
    expect(report.firstResponse).toMatchObject({ count: 2, slaCompliancePercent: 50 });
    expect(report.byCategory).toEqual([
      { code: 'KASA_BEKLEME', nameTr: 'Kasa / Bekleme', tickets: 2 },
      { code: 'TEMIZLIK', nameTr: 'Temizlik', tickets: 1 },
      { code: 'ONERI', nameTr: 'Öneri', tickets: 1 },
    ]);
    expect(report.byStore).toEqual(
      expect.arrayContaining([
        { storeId: null, storeName: null, tickets: 3 },
        { storeId: fx.kiosk.storeId, storeName: expect.any(String), tickets: 1 },
      ]),
    );
    expect(report.byChannel).toEqual([
      { channel: 'CONSOLE', tickets: 3 },
      { channel: 'KIOSK', tickets: 1 },
    ]);
    expect(c.status).toBe('ASSIGNED');
    const empty = await fx.admin.call('serviceReport', { query: { from: '2025-01-01', to: '2025-01-31' } });
    expect(empty).toMatchObject({ created: 0, reopenRatePercent: null, firstResponse: { count: 0, slaCompliancePercent: null } });
    const reversed = await server.raw('/api/v1/reports/service?from=2026-02-01&to=2026-01-01', { token: fx.agentToken });
    expect([reversed.status, reversed.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
