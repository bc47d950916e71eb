import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';

import type { KulupClient, TBulletinCreateRequest } from '@kulup/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { rejected, tinyPng } from './support';

const hour = 3_600_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

describe.each(testDatabases())('kiosk media and bulletins on %s', (kind) => {
  let server: TestServer;
  let marketer: { client: KulupClient; token: string };
  let agent: { client: KulupClient; token: string };
  let kioskA: Awaited<ReturnType<TestServer['terminal']>>;
  let kioskB: Awaited<ReturnType<TestServer['terminal']>>;
  let pos: Awaited<ReturnType<TestServer['terminal']>>;

  const upload = (bytes: Buffer, contentType: string, token = marketer.token) =>
    server.raw('/api/v1/media', { method: 'POST', token, headers: { 'content-type': contentType }, body: new Uint8Array(bytes) });
  const mediaFiles = () => {
    const dir = path.join(server.filesDir, 'media');
    return existsSync(dir) ? readdirSync(dir) : [];
  };

  beforeAll(async () => {
    server = await startTestServer(kind);
    marketer = await server.staff('MARKETER');
    agent = await server.staff('AGENT');
    kioskA = await server.terminal('KIOSK');
    kioskB = await server.terminal('KIOSK');
    pos = await server.terminal('POS');
  });
  afterAll(() => server?.close());

  it('refuses wrong types, disguised files, empty and oversize uploads and stores nothing', async () => {
    const text = await upload(Buffer.from('hello'), 'text/plain');
    expect(text.status).toBe(415);
    expect(text.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', fields: [{ path: 'header.content-type' }] });
    expect(text.body.error.message).toContain('image/png');

    const svg = await upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/svg+xml');
    expect(svg.status).toBe(415);

    const disguised = await upload(Buffer.from('#!/bin/sh\necho not a picture\n'), 'image/png');
    expect(disguised.status).toBe(415);
    expect(disguised.body.error.message).toBe('The file is not a valid image/png');

    const empty = await upload(Buffer.alloc(0), 'image/png');
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('VALIDATION_FAILED');

    const oversize = await upload(tinyPng(5 * 1024 * 1024 + 1), 'image/png');
    expect(oversize.status).toBe(413);
    expect(oversize.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'A image/png upload may be at most 5 MB' });

    const byAgent = await upload(tinyPng(), 'image/png', agent.token);
    expect(byAgent.status).toBe(403);

    expect(await server.database.prisma.mediaAsset.count()).toBe(0);
    expect(mediaFiles()).toEqual([]);
  });

  it('stores an image once, serves it with its type, a strong ETag, long caching and ranges', async () => {
    const png = tinyPng(2000);
    const first = await upload(png, 'image/png');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ contentType: 'image/png', byteSize: png.length, url: `/media/${first.body.id}` });
    const again = await upload(png, 'image/png');
    expect(again.body.id).toBe(first.body.id);
    expect(await server.database.prisma.mediaAsset.count()).toBe(1);
    expect(mediaFiles()).toEqual([first.body.id]);

    const res = await fetch(new URL(first.body.url, server.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(res.headers.get('etag')).toBe(`"${first.body.sha256}"`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);

    const part = await fetch(new URL(first.body.url, server.url), { headers: { range: 'bytes=0-7' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(png.subarray(0, 8))).toBe(true);

    expect((await fetch(new URL('/media/00000000-0000-4000-8000-000000000000', server.url))).status).toBe(404);
    expect((await fetch(new URL('/media/..%2F..%2Fetc%2Fpasswd', server.url))).status).toBe(404);

    const listed = await marketer.client.call('listMedia', {});
    expect(listed.items.map((m) => m.id)).toEqual([first.body.id]);
  });

  it('accepts a WebM video within its own larger limit', async () => {
    const webm = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(6 * 1024 * 1024, 1)]);
    const res = await upload(webm, 'video/webm');
    expect(res.status).toBe(201);
    expect(res.body.contentType).toBe('video/webm');
  });

  it('plays only bulletins showing now at the kiosk’s own store, highest priority first', async () => {
    const media = (await upload(tinyPng(), 'image/png')).body;
    const create = (body: TBulletinCreateRequest) => marketer.client.call('createBulletin', { body });
    const everywhere = await create({ kind: 'CAMPAIGN', titleTr: 'Her yerde', startsAt: iso(-hour), endsAt: iso(hour), priority: 5, mediaId: media.id });
    const onlyA = await create({ kind: 'DISCOUNT', titleTr: 'Sadece A', titleEn: 'Only A', storeIds: [kioskA.storeId], startsAt: iso(-hour), endsAt: iso(hour), priority: 50 });
    await create({ kind: 'FILM', titleTr: 'Geçmiş', startsAt: iso(-3 * hour), endsAt: iso(-2 * hour) });
    await create({ kind: 'SUPPLIER_AD', titleTr: 'Gelecek', startsAt: iso(2 * hour), endsAt: iso(3 * hour) });

    const atA = await kioskA.client.call('kioskBulletins', {});
    expect(atA.items.map((b) => b.id)).toEqual([onlyA.id, everywhere.id]);
    expect(atA.items[0]).toMatchObject({ kind: 'DISCOUNT', title: { tr: 'Sadece A', en: 'Only A' }, media: null });
    expect(atA.items[1]!.media).toEqual({ url: `/media/${media.id}`, contentType: 'image/png' });
    const atB = await kioskB.client.call('kioskBulletins', {});
    expect(atB.items.map((b) => b.id)).toEqual([everywhere.id]);

    const forbidden = await rejected(pos.client.call('kioskBulletins', {}));
    expect(forbidden.status).toBe(403);

    await marketer.client.call('updateBulletin', { params: { bulletinId: everywhere.id }, body: { startsAt: iso(-hour), endsAt: iso(-1000) } });
    expect((await kioskB.client.call('kioskBulletins', {})).items).toEqual([]);
    await marketer.client.call('deleteBulletin', { params: { bulletinId: onlyA.id } });
    expect((await kioskA.client.call('kioskBulletins', {})).items).toEqual([]);
    const audit = await server.database.prisma.auditLog.findMany({ where: { entityType: 'bulletin' }, select: { action: true } });
    expect(audit.map((a) => a.action).sort()).toEqual(['bulletin.create', 'bulletin.create', 'bulletin.create', 'bulletin.create', 'bulletin.delete', 'bulletin.update']);
  });

  it('refuses bad bulletins with field paths and writes nothing', async () => {
    const before = await server.database.prisma.bulletin.count();
    const tooLong = await rejected(
      marketer.client.call('createBulletin', { body: { kind: 'CAMPAIGN', titleTr: 'x'.repeat(121), bodyTr: 'y'.repeat(1001), startsAt: iso(0), endsAt: iso(hour) } }),
    );
    expect(tooLong.code).toBe('VALIDATION_FAILED');
    expect(tooLong.fields.map((f) => f.path).sort()).toEqual(['bodyTr', 'titleTr']);
    const backwards = await rejected(marketer.client.call('createBulletin', { body: { kind: 'CAMPAIGN', titleTr: 'T', startsAt: iso(hour), endsAt: iso(0) } }));
    expect(backwards.fields).toEqual([{ path: 'endsAt', message: 'endsAt must be after startsAt' }]);
    const unknown = await rejected(
      marketer.client.call('createBulletin', {
        body: { kind: 'CAMPAIGN', titleTr: 'T', storeIds: [kioskA.storeId, '00000000-0000-4000-8000-000000000001'], mediaId: '00000000-0000-4000-8000-000000000002', startsAt: iso(0), endsAt: iso(hour) },
      }),
    );
    expect(unknown.status).toBe(422);
    expect(unknown.fields.map((f) => f.path)).toEqual(['storeIds.1', 'mediaId']);
    const byAgent = await rejected(agent.client.call('createBulletin', { body: { kind: 'CAMPAIGN', titleTr: 'T', startsAt: iso(0), endsAt: iso(hour) } }));
    expect(byAgent.status).toBe(403);
    expect(await server.database.prisma.bulletin.count()).toBe(before);
  });

  it('tells a kiosk its terminal and store', async () => {
    const info = await kioskA.client.call('kioskInfo', {});
    expect(info).toMatchObject({ terminalId: kioskA.terminalId, store: { id: kioskA.storeId } });
  });
});
