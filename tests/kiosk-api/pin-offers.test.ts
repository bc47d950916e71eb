import type { KulupClient } from '@kulup/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { memberWithCard, rejected } from './support';

const day = 86_400_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

describe.each(testDatabases())('kiosk PIN sessions and offers on %s', (kind) => {
  let server: TestServer;
  let agent: KulupClient;
  let marketer: KulupClient;
  let kiosk: Awaited<ReturnType<TestServer['terminal']>>;
  let otherKiosk: Awaited<ReturnType<TestServer['terminal']>>;
  let pos: Awaited<ReturnType<TestServer['terminal']>>;

  beforeAll(async () => {
    server = await startTestServer(kind);
    agent = (await server.staff('AGENT')).client;
    marketer = (await server.staff('MARKETER')).client;
    kiosk = await server.terminal('KIOSK');
    otherKiosk = await server.terminal('KIOSK');
    pos = await server.terminal('POS');
  });
  afterAll(() => server?.close());

  const login = (client: KulupClient, cardNumber: string, pin: string) => client.call('createKioskSession', { body: { cardNumber, pin } });

  it('starts a member session with card number and PIN, answering like identify with first name only', async () => {
    const m = await memberWithCard(agent, 'Zeynep');
    const set = await agent.call('setMemberPin', { params: { memberId: m.memberId }, body: { pin: '4071' } });
    expect(set.memberId).toBe(m.memberId);
    const stored = await server.database.prisma.memberPin.findUniqueOrThrow({ where: { memberId: m.memberId } });
    expect(stored.pinHash).toMatch(/^scrypt\$/);
    expect(stored.pinHash).not.toContain('4071');

    const session = await login(kiosk.client, m.cardNumber, '4071');
    expect(session.member).toMatchObject({ memberId: m.memberId, firstName: 'Zeynep', card: { last4: m.cardNumber.slice(-4) } });
    expect(JSON.stringify(session)).not.toContain('Yılmaz');
    const me = await server.client(session.memberSession!.token).call('memberSelf', {});
    expect(me.memberId).toBe(m.memberId);

    const fromPos = await rejected(login(pos.client, m.cardNumber, '4071'));
    expect(fromPos.status).toBe(403);
  });

  it('refuses trivial or malformed PINs when setting one, and nothing changes', async () => {
    const m = await memberWithCard(agent);
    for (const pin of ['1111', '1234', '987654', '12a4', '123', '1234567']) {
      const e = await rejected(agent.call('setMemberPin', { params: { memberId: m.memberId }, body: { pin } }));
      expect(e.code).toBe('VALIDATION_FAILED');
      expect(e.fields[0]!.path).toBe('pin');
    }
    expect(await server.database.prisma.memberPin.count({ where: { memberId: m.memberId } })).toBe(0);
    const noPin = await rejected(login(kiosk.client, m.cardNumber, '4071'));
    expect(noPin).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
    const byMarketer = await rejected(marketer.call('setMemberPin', { params: { memberId: m.memberId }, body: { pin: '4071' } }));
    expect(byMarketer.status).toBe(403);
  });

  it('counts wrong PINs per member across kiosks, locks after five for 15 minutes, and a correct PIN resets the count', async () => {
    const m = await memberWithCard(agent);
    await agent.call('setMemberPin', { params: { memberId: m.memberId }, body: { pin: '5092' } });

    const first = await rejected(login(kiosk.client, m.cardNumber, '0000'));
    expect(first).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS', message: 'Wrong PIN: 4 attempts left' });
    expect(first.fields).toEqual([{ path: 'pin', message: '4 attempts left' }]);
    await login(kiosk.client, m.cardNumber, '5092');
    expect((await server.database.prisma.memberPin.findUniqueOrThrow({ where: { memberId: m.memberId } })).failedAttempts).toBe(0);

    const lefts: string[] = [];
    for (const client of [kiosk.client, otherKiosk.client, kiosk.client, otherKiosk.client]) {
      lefts.push((await rejected(login(client, m.cardNumber, '1357'))).message);
    }
    expect(lefts).toEqual(['Wrong PIN: 4 attempts left', 'Wrong PIN: 3 attempts left', 'Wrong PIN: 2 attempts left', 'Wrong PIN: 1 attempts left']);
    const fifth = await rejected(login(otherKiosk.client, m.cardNumber, '1357'));
    expect(fifth).toMatchObject({ status: 423, code: 'PIN_LOCKED' });
    const correctWhileLocked = await rejected(login(kiosk.client, m.cardNumber, '5092'));
    expect(correctWhileLocked.code).toBe('PIN_LOCKED');
    const row = await server.database.prisma.memberPin.findUniqueOrThrow({ where: { memberId: m.memberId } });
    expect(row.failedAttempts).toBe(5);
    const minutes = (row.lockedUntil!.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15);
    const audit = await server.database.prisma.auditLog.findMany({ where: { entityId: m.memberId, action: 'member.pin.locked' } });
    expect(audit).toHaveLength(1);

    // The lock runs out: the next attempt starts a fresh count.
    await server.database.prisma.memberPin.update({ where: { memberId: m.memberId }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect((await rejected(login(kiosk.client, m.cardNumber, '1357'))).message).toBe('Wrong PIN: 4 attempts left');
    await login(kiosk.client, m.cardNumber, '5092');
    expect(await server.database.prisma.memberPin.findUniqueOrThrow({ where: { memberId: m.memberId } })).toMatchObject({ failedAttempts: 0, lockedUntil: null });

    // Staff resetting the PIN clears a lock.
    for (let i = 0; i < 5; i++) await rejected(login(kiosk.client, m.cardNumber, '1357'));
    await agent.call('setMemberPin', { params: { memberId: m.memberId }, body: { pin: '8642' } });
    expect((await login(kiosk.client, m.cardNumber, '8642')).member.memberId).toBe(m.memberId);
  });

  it('lets a burst of parallel guesses check at most five PINs', async () => {
    const m = await memberWithCard(agent);
    await agent.call('setMemberPin', { params: { memberId: m.memberId }, body: { pin: '3017' } });
    const errors = await Promise.all(Array.from({ length: 10 }, (_, i) => rejected(login(i % 2 ? kiosk.client : otherKiosk.client, m.cardNumber, '9999'))));
    const codes = errors.map((e) => e.code);
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(4);
    expect(codes.filter((c) => c === 'PIN_LOCKED')).toHaveLength(6);
    expect((await server.database.prisma.memberPin.findUniqueOrThrow({ where: { memberId: m.memberId } })).failedAttempts).toBe(5);
  });

  it('refuses blocked and unknown cards', async () => {
    const m = await memberWithCard(agent);
    await agent.call('setMemberPin', { params: { memberId: m.memberId }, body: { pin: '2468' } });
    await agent.call('blockCard', { params: { cardId: m.cardId }, body: { status: 'LOST', reason: 'lost at the market' } });
    const blocked = await rejected(login(kiosk.client, m.cardNumber, '2468'));
    expect(blocked).toMatchObject({ status: 403, code: 'CARD_BLOCKED' });
    const unknown = await rejected(login(kiosk.client, '4000000000000002', '2468'));
    expect(unknown.code).toBe('CARD_NOT_FOUND');
    const malformed = await rejected(login(kiosk.client, '1234', '24'));
    expect(malformed.fields.map((f) => f.path).sort()).toEqual(['cardNumber', 'pin']);
  });

  it('shows the member their valid offers, marks them seen, and activates idempotently', async () => {
    const m = await memberWithCard(agent, 'Elif');
    const other = await memberWithCard(agent, 'Can');
    await agent.call('setMemberPin', { params: { memberId: m.memberId }, body: { pin: '7305' } });
    const offer = await marketer.call('issueOffer', {
      params: { memberId: m.memberId },
      body: { titleTr: 'Kahvede 50 puan', titleEn: '50 points on coffee', validTo: iso(7 * day) },
    });
    expect(offer.status).toBe('ISSUED');
    const later = await marketer.call('issueOffer', { params: { memberId: m.memberId }, body: { titleTr: 'Gelecek hafta', validFrom: iso(day), validTo: iso(8 * day) } });
    const othersOffer = await marketer.call('issueOffer', { params: { memberId: other.memberId }, body: { titleTr: 'Başkasının', validTo: iso(day) } });
    const expired = await server.database.prisma.personalOffer.create({
      data: { memberId: m.memberId, titleTr: 'Bitti', validFrom: new Date(Date.now() - 2 * day), validTo: new Date(Date.now() - day) },
    });

    const session = await login(kiosk.client, m.cardNumber, '7305');
    const me = server.client(session.memberSession!.token);
    const listed = await me.call('listMyOffers', {});
    expect(listed.items).toEqual([
      { id: offer.id, title: { tr: 'Kahvede 50 puan', en: '50 points on coffee' }, description: { tr: null, en: null }, status: 'SEEN', validTo: offer.validTo },
    ]);
    const seen = await server.database.prisma.personalOffer.findUniqueOrThrow({ where: { id: offer.id } });
    expect(seen.status).toBe('SEEN');
    expect(seen.seenAt).not.toBeNull();
    expect((await server.database.prisma.personalOffer.findUniqueOrThrow({ where: { id: later.id } })).status).toBe('ISSUED');

    const activated = await me.call('activateMyOffer', { params: { offerId: offer.id } });
    expect(activated.status).toBe('ACTIVATED');
    const again = await me.call('activateMyOffer', { params: { offerId: offer.id } });
    expect(again).toEqual(activated);
    expect(await server.database.prisma.auditLog.count({ where: { entityId: offer.id, action: 'offer.activate' } })).toBe(1);
    expect((await me.call('listMyOffers', {})).items.map((o) => o.status)).toEqual(['ACTIVATED']);

    expect((await rejected(me.call('activateMyOffer', { params: { offerId: othersOffer.id } }))).status).toBe(404);
    expect((await rejected(me.call('activateMyOffer', { params: { offerId: expired.id } }))).status).toBe(409);
    expect((await rejected(me.call('activateMyOffer', { params: { offerId: later.id } }))).message).toBe('This offer is not valid yet');

    const staffView = await agent.call('listMemberOffers', { params: { memberId: m.memberId } });
    expect(staffView.items.map((o) => o.status).sort()).toEqual(['ACTIVATED', 'ISSUED', 'ISSUED']);
    // A member token reaches only the member's own routes.
    expect((await rejected(me.call('listMemberOffers', { params: { memberId: m.memberId } }))).status).toBe(403);
  });

  it('refuses bad offers with field paths and writes nothing', async () => {
    const m = await memberWithCard(agent);
    const before = await server.database.prisma.personalOffer.count();
    const bad = await rejected(
      marketer.call('issueOffer', { params: { memberId: m.memberId }, body: { titleTr: 'x'.repeat(121), descriptionTr: 'y'.repeat(501), validTo: iso(day) } }),
    );
    expect(bad.fields.map((f) => f.path).sort()).toEqual(['descriptionTr', 'titleTr']);
    const backwards = await rejected(marketer.call('issueOffer', { params: { memberId: m.memberId }, body: { titleTr: 'T', validFrom: iso(2 * day), validTo: iso(day) } }));
    expect(backwards.fields[0]!.path).toBe('validTo');
    const nobody = await rejected(marketer.call('issueOffer', { params: { memberId: '00000000-0000-4000-8000-000000000009' }, body: { titleTr: 'T', validTo: iso(day) } }));
    expect(nobody.status).toBe(404);
    expect(await server.database.prisma.personalOffer.count()).toBe(before);
  });
});
