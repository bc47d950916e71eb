import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { KulupClient } from '@kulup/contracts';
import { OPT_OUT_FOOTER, isInControlGroup } from '@kulup/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { deliverCampaignMessages } from '../../packages/server/src/services/campaigns/deliver-campaign-messages';
import { createFileMessageSender } from '../../packages/server/src/services/campaigns/message-sender';
import { pointsWorld, rejected } from '../points/receipts.fixtures';
import { testDatabases } from '../support/databases';
import type { TestServer } from '../support/test-server';
import { activeCampaign, definition, inDays } from './campaigns.fixtures';

let phone = 5_350_000_000 + Math.floor(Math.random() * 1_000_000);

describe.each(testDatabases())('campaign messages on %s', (kind) => {
  let server: TestServer;
  let marketer: KulupClient;
  let agent: KulupClient;
  let dir: string;

  beforeAll(async () => {
    ({ server, marketer, agent } = await pointsWorld(kind));
    dir = mkdtempSync(path.join(tmpdir(), 'kulup-messages-'));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const db = () => server.database.prisma;
  const member = async (firstName: string, smsConsent: 'GRANTED' | 'REFUSED' | null, withPhone = true) => {
    const m = await agent.call('createMember', {
      body: { firstName, lastName: 'Öztürk', ...(withPhone ? { phone: `+90${++phone}` } : { email: `${firstName.toLowerCase()}${phone++}@example.com` }) },
    });
    if (smsConsent) await consent(m.id, smsConsent);
    return m;
  };
  const consent = (memberId: string, status: 'GRANTED' | 'REFUSED') =>
    agent.call('recordConsent', { params: { memberId }, body: { kind: 'SMS', status, source: 'KIOSK', textVersion: 'etk-v1' } });
  /** An active SMS campaign whose audience is exactly these members. */
  const campaignFor = async (memberIds: string[], extra: Record<string, unknown> = {}) => {
    const segment = await db().segment.create({ data: { name: 'Mesaj kitlesi', rules: {} } });
    await db().segmentMember.createMany({ data: memberIds.map((memberId) => ({ segmentId: segment.id, memberId })) });
    return activeCampaign(marketer, definition('BASKET_THRESHOLD', { minBasketKurus: 1, points: 1 }, { channels: ['POS', 'SMS'], segmentId: segment.id, ...extra }));
  };
  const sms = (campaignId: string, text = 'Merhaba {{firstName}}, bu hafta 2 kat puan!') =>
    marketer.call('sendCampaignMessage', { params: { campaignId }, body: { channel: 'SMS', text } });

  it('queues only with permission and an address, caps frequency, and delivers personalised with opt-out', async () => {
    const granted = await member('Ayşe', 'GRANTED');
    const refused = await member('Burak', 'REFUSED');
    const silent = await member('Cem', null);
    const noPhone = await member('Derya', 'GRANTED', false);
    const withdrawn = await member('Ece', 'GRANTED');
    const c = await campaignFor([granted.id, refused.id, silent.id, noPhone.id, withdrawn.id]);

    const first = await sms(c.id);
    expect(first).toMatchObject({ queued: 2, skipped: { noConsent: 2, noAddress: 1, frequencyCap: 0 }, controlGroup: 0 });
    await sms(c.id);
    const third = await sms(c.id);
    expect(third).toMatchObject({ queued: 0, skipped: { noConsent: 2, noAddress: 1, frequencyCap: 2 } });

    // Permission withdrawn after queueing: delivery re-checks it and sends nothing.
    await consent(withdrawn.id, 'REFUSED');
    const outcome = await deliverCampaignMessages(server.database.prisma, createFileMessageSender(dir));
    expect(outcome).toEqual({ sent: 2, failed: 0, skipped: 2 });
    const lines = readFileSync(path.join(dir, 'campaign-messages.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    for (const l of lines) {
      expect(l).toMatchObject({ channel: 'SMS', to: granted.phone });
      expect(l.text).toBe(`Merhaba Ayşe, bu hafta 2 kat puan!\n\n${OPT_OUT_FOOTER.SMS}`);
    }
    const stats = await marketer.call('campaignMessageStats', { params: { campaignId: c.id } });
    expect(stats.items).toEqual([
      { channel: 'SMS', status: 'SENT', reason: null, count: 2 },
      { channel: 'SMS', status: 'SKIPPED', reason: 'frequency_cap', count: 2 },
      { channel: 'SMS', status: 'SKIPPED', reason: 'no_address', count: 3 },
      { channel: 'SMS', status: 'SKIPPED', reason: 'no_consent', count: 8 },
    ]);
    expect(await db().auditLog.count({ where: { action: 'campaign.message.queue', entityId: c.id } })).toBe(3);
  });

  it('never messages the control group', async () => {
    const members = await Promise.all(['Fatma', 'Gül', 'Hakan', 'İrem', 'Kaan', 'Lale', 'Mert', 'Nil'].map((n) => member(n, 'GRANTED')));
    const c = await campaignFor(
      members.map((m) => m.id),
      { controlPct: 50 },
    );
    const control = members.filter((m) => isInControlGroup(c.id, m.id, 50));
    const queued = await sms(c.id);
    expect(queued).toMatchObject({ queued: members.length - control.length, controlGroup: control.length });
    const rows = await db().campaignMessage.findMany({ where: { campaignId: c.id }, select: { memberId: true } });
    expect(rows.some((r) => control.some((m) => m.id === r.memberId))).toBe(false);
  });

  it('marks a message FAILED when the sender fails', async () => {
    const m = await member('Oya', 'GRANTED');
    const c = await campaignFor([m.id]);
    await deliverCampaignMessages(server.database.prisma, createFileMessageSender(dir)); // earlier tests' queue
    await sms(c.id);
    const failing = { send: async () => Promise.reject(new Error('provider down')) };
    expect(await deliverCampaignMessages(server.database.prisma, failing)).toEqual({ sent: 0, failed: 1, skipped: 0 });
    expect(await db().campaignMessage.findFirstOrThrow({ where: { campaignId: c.id } })).toMatchObject({ status: 'FAILED', reason: 'provider down' });
  });

  it('refuses blanket texts, missing subjects, unused channels and inactive campaigns', async () => {
    const m = await member('Pelin', 'GRANTED');
    const c = await campaignFor([m.id]);
    const before = await db().campaignMessageBatch.count();
    const blanket = await rejected(sms(c.id, 'Herkese indirim!'));
    expect([blanket.status, blanket.fields.map((f) => f.path)]).toEqual([400, ['text']]);
    const email = await rejected(marketer.call('sendCampaignMessage', { params: { campaignId: c.id }, body: { channel: 'EMAIL', text: 'Selam {{firstName}}' } }));
    expect(email.fields.map((f) => f.path)).toEqual(['subject']);
    const unused = await rejected(
      marketer.call('sendCampaignMessage', { params: { campaignId: c.id }, body: { channel: 'EMAIL', subject: 'Fırsat', text: 'Selam {{firstName}}' } }),
    );
    expect([unused.status, unused.fields.map((f) => f.path)]).toEqual([400, ['channel']]);
    const draft = await marketer.call('createCampaign', { body: definition('BASKET_THRESHOLD', { minBasketKurus: 1, points: 1 }, { channels: ['SMS'], endsAt: inDays(5) }) });
    const inactive = await rejected(sms(draft.id));
    expect(inactive.status).toBe(409);
    expect(await db().campaignMessageBatch.count()).toBe(before);
  });

  it("shows the member's open offers at the POS without marking them seen", async () => {
    const pos = await server.terminal('POS');
    const m = await member('Rüya', null);
    const offer = await marketer.call('issueOffer', { params: { memberId: m.id }, body: { titleTr: 'Kasada 10 puan', validTo: inDays(3) } });
    const listed = await pos.client.call('listPosMemberOffers', { params: { memberId: m.id } });
    expect(listed.items).toEqual([{ id: offer.id, campaignId: null, title: { tr: 'Kasada 10 puan', en: null }, status: 'ISSUED', validTo: offer.validTo }]);
    expect((await db().personalOffer.findUniqueOrThrow({ where: { id: offer.id } })).status).toBe('ISSUED');
  });
});
