import { DEMO_PIN, seedKioskDemo } from '@kulup/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { memberWithCard } from './support';

describe.each(testDatabases())('kiosk demo content on %s', (kind) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.close());

  it('adds bulletins with generated pictures, offers and the demo PIN once', async () => {
    const agent = await server.staff('AGENT');
    const m = await memberWithCard(agent.client, 'Melis');
    const summary = await seedKioskDemo(server.database.prisma, { filesDir: server.filesDir });
    expect(summary).toMatchObject({ bulletins: 4, membersWithPin: 1, demoPin: DEMO_PIN });
    expect(await seedKioskDemo(server.database.prisma, { filesDir: server.filesDir })).toBeNull();

    const kiosk = await server.terminal('KIOSK');
    const loop = await kiosk.client.call('kioskBulletins', {});
    expect(loop.items.map((b) => b.kind)).toEqual(['CAMPAIGN', 'DISCOUNT', 'SUPPLIER_AD', 'FILM']);
    const picture = await fetch(new URL(loop.items[0]!.media!.url, server.url));
    expect(picture.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await picture.arrayBuffer());
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(bytes.readUInt32BE(16)).toBe(540);

    const session = await kiosk.client.call('createKioskSession', { body: { cardNumber: m.cardNumber, pin: DEMO_PIN } });
    const offers = await server.client(session.memberSession!.token).call('listMyOffers', {});
    expect(offers.items.length).toBeGreaterThanOrEqual(2);
  });
});
