import type { KulupClient } from '@kulup/contracts';
import { MESSAGE_FREQUENCY_CAP, OPT_OUT_FOOTER, isInControlGroup } from '@kulup/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { pointsWorld, rejected } from '../points/receipts.fixtures';
import { testDatabases } from '../support/databases';
import type { TestServer } from '../support/test-server';
import { activeCampaign, definition, inDays } from './campaigns.fixtures';

let phone = 5_360_000_000 + Math.floor(Math.random() * 1_000_000);

describe.each(testDatabases())('campaign message preview on %s', (kind) => {
  let server: TestServer;
  let marketer: KulupClient;
  let agent: KulupClient;

  beforeAll(async () => {
    ({ server, marketer, agent } = await pointsWorld(kind));
  });
  afterAll(() => server?.close());

  const db = () => server.database.prisma;
  const member = async (firstName: string, sms: 'GRANTED' | 'REFUSED' | null, withPhone = true) => {
    const m = await agent.call('createMember', { body: { firstName, lastName: 'Kara', ...(withPhone ? { phone: `+90${++phone}` } : {}) } });
    if (sms) await agent.call('recordConsent', { params: { memberId: m.id }, body: { kind: 'SMS', status: sms, source: 'KIOSK', textVersion: 'etk-v1' } });
    return m;
  };
  const campaignFor = async (memberIds: string[], extra: Record<string, unknown> = {}) => {
    const segment = await db().segment.create({ data: { name: 'Önizleme kitlesi', rules: {} } });
    await db().segmentMember.createMany({ data: memberIds.map((memberId) => ({ segmentId: segment.id, memberId })) });
    return activeCampaign(marketer, definition('BASKET_THRESHOLD', { minBasketKurus: 1, points: 1 }, { channels: ['POS', 'SMS'], segmentId: segment.id, ...extra }));
  };
  const counts = async () => [await db().campaignMessageBatch.count(), await db().campaignMessage.count(), await db().auditLog.count()];
  const body = { channel: 'SMS' as const, text: 'Merhaba {{firstName}}, hafta sonu 2 kat puan!' };

  it('tells exactly who sending would reach, renders the message for the first recipient, and writes nothing', async () => {
    const granted = [await member('Zehra', 'GRANTED'), await member('Yusuf', 'GRANTED')];
    const refused = await member('Veli', 'REFUSED');
    const silent = await member('Umut', null);
    const noPhone = await member('Tuna', 'GRANTED', false);
    const c = await campaignFor([...granted, refused, silent, noPhone].map((m) => m.id));

    const before = await counts();
    const preview = await marketer.call('previewCampaignMessage', { params: { campaignId: c.id }, body });
    expect(await counts()).toEqual(before);
    expect(preview).toMatchObject({ recipients: 2, skipped: { noConsent: 2, noAddress: 1, frequencyCap: 0 }, controlGroup: 0, frequencyCap: MESSAGE_FREQUENCY_CAP });
    const first = [...granted].sort((a, b) => a.id.localeCompare(b.id))[0]!;
    expect(preview.example).toEqual({ firstName: first.firstName, text: `Merhaba ${first.firstName}, hafta sonu 2 kat puan!\n\n${OPT_OUT_FOOTER.SMS}` });

    // Sending then does what the preview said; a second preview counts the frequency cap.
    const sent = await marketer.call('sendCampaignMessage', { params: { campaignId: c.id }, body });
    expect({ queued: sent.queued, skipped: sent.skipped, controlGroup: sent.controlGroup }).toEqual({ queued: preview.recipients, skipped: preview.skipped, controlGroup: preview.controlGroup });
    await marketer.call('sendCampaignMessage', { params: { campaignId: c.id }, body });
    const capped = await marketer.call('previewCampaignMessage', { params: { campaignId: c.id }, body });
    expect(capped).toMatchObject({ recipients: 0, skipped: { noConsent: 2, noAddress: 1, frequencyCap: 2 }, example: null });
  });

  it('leaves the control group out', async () => {
    const members = await Promise.all(['Sena', 'Rana', 'Pınar', 'Oğuz', 'Nazlı', 'Mine'].map((n) => member(n, 'GRANTED')));
    const c = await campaignFor(
      members.map((m) => m.id),
      { controlPct: 50 },
    );
    const control = members.filter((m) => isInControlGroup(c.id, m.id, 50)).length;
    const preview = await marketer.call('previewCampaignMessage', { params: { campaignId: c.id }, body });
    expect(preview).toMatchObject({ recipients: members.length - control, controlGroup: control });
  });

  it('refuses what sending refuses, with the field, and writes nothing', async () => {
    const m = await member('Leyla', 'GRANTED');
    const c = await campaignFor([m.id]);
    const before = await counts();
    const blanket = await rejected(marketer.call('previewCampaignMessage', { params: { campaignId: c.id }, body: { channel: 'SMS', text: 'Herkese indirim!' } }));
    expect([blanket.status, blanket.code, blanket.fields.map((f) => f.path)]).toEqual([400, 'VALIDATION_FAILED', ['text']]);
    const unused = await rejected(marketer.call('previewCampaignMessage', { params: { campaignId: c.id }, body: { channel: 'EMAIL', subject: 'Fırsat', text: 'Selam {{firstName}}' } }));
    expect([unused.status, unused.fields.map((f) => f.path)]).toEqual([400, ['channel']]);
    const draft = await marketer.call('createCampaign', { body: definition('BASKET_THRESHOLD', { minBasketKurus: 1, points: 1 }, { channels: ['SMS'], endsAt: inDays(5) }) });
    expect((await rejected(marketer.call('previewCampaignMessage', { params: { campaignId: draft.id }, body }))).status).toBe(409);
    expect((await rejected(agent.call('previewCampaignMessage', { params: { campaignId: c.id }, body }))).status).toBe(403);
    expect((await counts()).slice(0, 2)).toEqual(before.slice(0, 2));
  });
});
