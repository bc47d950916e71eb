import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { openDatabase, systemActor } from '@kulup/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { seedVoiceDemo } from '../../packages/server/src/services/surveys/seed-voice-demo';
import { importMailPaths } from '../../packages/server/src/services/tickets/import-mail-command';
import type { MailImportOutcome } from '../../packages/server/src/services/tickets/import-mail';
import { attachmentPath } from '../../packages/server/src/services/tickets/upload-ticket-attachment';
import { runCli } from '../support/cli';
import { freshDatabase, testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { setupVoice } from './support';
import type { VoiceFixture } from './support';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
const b64 = (b: Buffer | string) => (Buffer.isBuffer(b) ? b : Buffer.from(b, 'utf8')).toString('base64').replace(/.{76}/g, '$&\r\n');
const word = (s: string) => `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;

type Part = { type: string; name: string; bytes: Buffer };

/** A MIME message as a mail client sends it: UTF-8 text (base64) and attachments. */
function eml(h: { from?: string; to?: string; subject?: string; messageId?: string; plain?: boolean }, text: string, parts: Part[] = []): string {
  const headers = [
    ...(h.from ? [`From: ${h.from}`] : []),
    `To: ${h.to ?? 'sikayet@kulup.example'}`,
    ...(h.subject ? [`Subject: ${h.subject}`] : []),
    ...(h.messageId ? [`Message-ID: ${h.messageId}`] : []),
    'Date: Mon, 23 Nov 2026 09:15:00 +0300',
    'MIME-Version: 1.0',
  ];
  const textPart = ['Content-Type: text/plain; charset=UTF-8', `Content-Transfer-Encoding: ${h.plain ? '8bit' : 'base64'}`, '', h.plain ? text : b64(text)];
  if (parts.length === 0) return [...headers, ...textPart].join('\r\n') + '\r\n';
  const boundary = 'kulup-boundary-b1';
  return [
    ...headers,
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    ...textPart,
    ...parts.flatMap((p) => [
      `--${boundary}`,
      `Content-Type: ${p.type}; name="${p.name}"`,
      `Content-Disposition: attachment; filename="${p.name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      b64(p.bytes),
    ]),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

const TEXT = 'Merhaba,\nKadıköy şubesinde kasada 25 dakika bekledim. Çok üzüldüm.\nAyşe';

describe.each(testDatabases())('e-mail import of complaints on %s', (kind) => {
  let server: TestServer;
  let fx: VoiceFixture;
  let dir: string;
  let ayse: string;
  const run = (paths: string[], defaultCategoryCode?: string) =>
    importMailPaths(server.database.prisma, { ...systemActor, id: 'cli:test' }, paths, { defaultCategoryCode, filesDir: server.filesDir });
  const bySource = (outcomes: MailImportOutcome[]) => new Map(outcomes.map((o) => [path.basename(o.source), o]));

  beforeAll(async () => {
    server = await startTestServer(kind);
    fx = await setupVoice(server);
    dir = await mkdtemp(path.join(tmpdir(), 'kulup-mail-'));
    ayse = (await fx.agent.call('createMember', { body: { firstName: 'Ayşe', lastName: 'Demir', phone: '+905321112233', email: 'ayse.demir@example.com' } })).id;
    for (const [i, phone] of ['+905321112244', '+905321112255'].entries()) {
      await fx.agent.call('createMember', { body: { firstName: `Ortak${i}`, lastName: 'Aile', phone, email: 'aile@example.com' } });
    }
    const files: Record<string, string> = {
      '01-linked.eml': eml(
        { from: `"${word('Ayşe Demir')}" <Ayse.Demir@Example.com>`, to: 'Şikayet <sikayet+kasa_bekleme@kulup.example>', subject: word('Kasada uzun bekleme'), messageId: '<m1@mail.example>' },
        TEXT,
        [
          { type: 'image/png', name: 'fis.png', bytes: PNG },
          { type: 'application/x-msdownload', name: 'fatura.exe', bytes: Buffer.from('MZ not really') },
          { type: 'application/pdf', name: 'sahte.pdf', bytes: Buffer.from('this is no pdf') },
        ],
      ),
      '02-unknown-category.eml': eml({ from: 'aile@example.com', subject: '[YOK_BOYLE] Etiket fiyatı yanlış', messageId: '<m2@mail.example>' }, 'Rafta 10 TL, kasada 14 TL.'),
      '03-no-sender.eml': eml({ subject: 'Kimsiz', messageId: '<m3@mail.example>' }, 'Gönderen yok.'),
      '04-empty.eml': '',
      '05-mailbox.mbox': [
        'From ahmet@example.com Mon Nov 23 09:00:00 2026',
        // mboxrd quotes a body line starting with "From " as ">From "; the import gives the original back.
        eml({ from: 'ahmet@example.com', subject: '[TEMIZLIK] Tuvaletler kirli', messageId: '<m4@mail.example>', plain: true }, 'Lavabolar çok kirliydi.\n\nFrom now on please clean.').replace(/^From now/m, '>From now'),
        'From mehmet@example.com Mon Nov 23 09:05:00 2026',
        // No Message-ID: the message is known by the hash of its bytes.
        eml({ from: 'mehmet@example.com', subject: '[personel] Kasiyer kaba davrandı' }, 'Kasiyer çok kabaydı.'),
      ].join('\n'),
      'okunmaz.txt': 'not a mail',
    };
    for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
  });
  afterAll(async () => {
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('files each mail as an EMAIL ticket: member linked by sender, routed, good attachments kept, the rest noted', async () => {
    const outcomes = await run([dir], 'FIYAT_ETIKET');
    expect(outcomes.map((o) => [path.basename(o.source), o.status])).toEqual([
      ['01-linked.eml', 'created'],
      ['02-unknown-category.eml', 'created'],
      ['03-no-sender.eml', 'rejected'],
      ['04-empty.eml', 'rejected'],
      ['05-mailbox.mbox#1', 'created'],
      ['05-mailbox.mbox#2', 'created'],
    ]);
    const o = bySource(outcomes);
    expect(o.get('03-no-sender.eml')).toMatchObject({ reason: 'no valid sender address in From:', messageId: '<m3@mail.example>' });
    expect(o.get('04-empty.eml')).toMatchObject({ reason: 'the file is empty' });

    const linked = o.get('01-linked.eml') as Extract<MailImportOutcome, { status: 'created' }>;
    expect(linked).toMatchObject({ categoryCode: 'KASA_BEKLEME', memberId: ayse, attachments: 1 });
    const ticket = await fx.agent.call('getTicket', { params: { ticketId: linked.ticketId } });
    expect(ticket).toMatchObject({ channel: 'EMAIL', kind: 'COMPLAINT', status: 'ASSIGNED', teamId: fx.teams.ops, memberId: ayse, subject: 'Kasada uzun bekleme', text: TEXT, contactChannel: 'EMAIL' });
    expect(ticket.contact).toMatchObject({ name: 'Ayşe Demir', email: 'ayse.demir@example.com' });
    expect(ticket.replyChannels).toContain('EMAIL');
    expect(ticket.attachments.map((a) => [a.fileName, a.contentType, a.byteSize])).toEqual([['fis.png', 'image/png', PNG.length]]);
    const stored = await server.database.prisma.ticketAttachment.findFirstOrThrow({ where: { ticketId: linked.ticketId } });
    expect(existsSync(attachmentPath(server.filesDir, stored.storageKey))).toBe(true);
    const note = ticket.events.find((e) => e.kind === 'NOTE')!;
    expect(note.body).toContain('E-postadan alındı: ayse.demir@example.com');
    expect(note.body).toContain('Ek alınmadı: fatura.exe (application/x-msdownload');
    expect(note.body).toContain('Ek alınmadı: sahte.pdf (application/pdf');

    const unknown = o.get('02-unknown-category.eml') as Extract<MailImportOutcome, { status: 'created' }>;
    // Two members share the address: none is linked, the sender stays the contact.
    expect(unknown).toMatchObject({ categoryCode: 'FIYAT_ETIKET', memberId: null, warnings: ['Bilinmeyen kategori etiketi [YOK_BOYLE]; FIYAT_ETIKET kategorisine alındı.'] });
    const second = await fx.agent.call('getTicket', { params: { ticketId: unknown.ticketId } });
    expect([second.subject, second.contact?.email, second.member]).toEqual(['Etiket fiyatı yanlış', 'aile@example.com', null]);

    const [cleaning, staff] = [o.get('05-mailbox.mbox#1'), o.get('05-mailbox.mbox#2')] as Extract<MailImportOutcome, { status: 'created' }>[];
    expect([cleaning!.categoryCode, staff!.categoryCode, staff!.messageId]).toEqual(['TEMIZLIK', 'PERSONEL', expect.stringMatching(/^sha256:[0-9a-f]{64}$/)]);
    const cleaningTicket = await fx.agent.call('getTicket', { params: { ticketId: cleaning!.ticketId } });
    expect(cleaningTicket.text).toBe('Lavabolar çok kirliydi.\n\nFrom now on please clean.');
    const audit = await server.database.prisma.auditLog.findMany({ where: { action: 'ticket.mail-import' } });
    expect(audit.map((a) => a.actorId)).toEqual(['cli:test', 'cli:test', 'cli:test', 'cli:test']);
  });

  it('creates nothing twice on a re-run (by Message-ID, or by content without one)', async () => {
    const before = await server.database.prisma.ticket.count();
    const attachments = await server.database.prisma.ticketAttachment.count();
    const again = await run([dir], 'FIYAT_ETIKET');
    expect(again.map((o) => o.status)).toEqual(['duplicate', 'duplicate', 'rejected', 'rejected', 'duplicate', 'duplicate']);
    expect(await server.database.prisma.ticket.count()).toBe(before);
    expect(await server.database.prisma.ticketAttachment.count()).toBe(attachments);
  });

  it('rejects a mail that names no known category when no default is given, and a default that does not exist', async () => {
    const file = path.join(dir, 'kategori-yok.eml');
    await writeFile(file, eml({ from: 'veli@example.com', subject: 'Genel', messageId: '<m9@mail.example>' }, 'Bir şikayet.'));
    const [outcome] = await run([file]);
    expect(outcome).toMatchObject({ status: 'rejected', reason: 'no category: tag the subject with [CODE] or give a default (--category)' });
    const tagged = path.join(dir, 'yanlis-etiket.eml');
    await writeFile(tagged, eml({ from: 'veli@example.com', subject: '[YOK] Genel', messageId: '<m10@mail.example>' }, 'Bir şikayet.'));
    expect((await run([tagged]))[0]).toMatchObject({ status: 'rejected', reason: 'unknown category YOK and no default category (--category)' });
    await expect(run([file], 'NOPE')).rejects.toThrow('There is no active ticket category NOPE');
    expect((await run([path.join(dir, 'missing.eml')]))[0]).toMatchObject({ status: 'rejected', reason: 'no such file or directory' });
    expect(await server.database.prisma.ticket.count({ where: { emailMessageId: { in: ['<m9@mail.example>', '<m10@mail.example>'] } } })).toBe(0);
  });
});

describe.each(testDatabases())('inbound-mail webhook on %s', (kind) => {
  let server: TestServer;
  let fx: VoiceFixture;

  beforeAll(async () => {
    server = await startTestServer(kind);
    fx = await setupVoice(server);
  });
  afterAll(() => server?.close());

  const post = (body: string, token: string, query = '', type = 'message/rfc822') =>
    server.raw(`/api/v1/tickets/inbound-mail${query}`, { method: 'POST', token, headers: { 'content-type': type }, body });

  it('files a posted raw mail once, for agents and admins only, and refuses mails it cannot file', async () => {
    const mail = eml({ from: 'selin@example.com', subject: 'Puanım yüklenmedi', messageId: '<hook1@mail.example>' }, 'Dünkü alışverişin puanı yok.', [
      { type: 'application/zip', name: 'arsiv.zip', bytes: Buffer.from('PK') },
    ]);
    const first = await post(mail, fx.agentToken, '?category=KART_PUAN');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'created', messageId: '<hook1@mail.example>', warnings: [expect.stringContaining('Ek alınmadı: arsiv.zip')] });
    const ticket = await server.database.prisma.ticket.findUniqueOrThrow({ where: { number: first.body.ticketNumber } });
    expect([ticket.channel, ticket.teamId, ticket.contactEmail]).toEqual(['EMAIL', fx.teams.care, 'selin@example.com']);
    const again = await post(mail, fx.agentToken, '?category=KART_PUAN');
    expect([again.status, again.body.status, again.body.ticketNumber]).toEqual([200, 'duplicate', first.body.ticketNumber]);
    expect(await server.database.prisma.ticket.count({ where: { channel: 'EMAIL' } })).toBe(1);

    const marketer = await server.staff('MARKETER');
    expect((await post(mail, marketer.token)).status).toBe(403);
    expect((await post(mail, fx.kiosk.token)).status).toBe(403);
    const noSender = await post(eml({ subject: 'x', messageId: '<hook2@mail.example>' }, 'Metin'), fx.agentToken, '?category=KART_PUAN');
    expect([noSender.status, noSender.body.error.code, noSender.body.error.fields]).toEqual([400, 'VALIDATION_FAILED', [{ path: '(body)', message: 'no valid sender address in From:' }]]);
    const unknown = await post(mail, fx.agentToken, '?category=YOK');
    expect([unknown.status, unknown.body.error.code]).toEqual([422, 'UNKNOWN_REFERENCE']);
    const json = await post(JSON.stringify({ mail }), fx.agentToken, '', 'application/json');
    expect([json.status, json.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect(await server.database.prisma.ticket.count({ where: { channel: 'EMAIL' } })).toBe(1);
  });
});

describe.each(testDatabases())('kulup tickets import-mail on %s', (kind) => {
  let dir: string;
  let target: Awaited<ReturnType<typeof freshDatabase>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kulup-mail-cli-'));
    target = await freshDatabase(kind);
    env = { LOG_LEVEL: 'silent', KULUP_FILES_DIR: path.join(dir, 'files'), ...(target.url ? { DATABASE_URL: target.url } : { KULUP_DATA_DIR: path.join(dir, 'db') }) };
    const database = await openDatabase({ url: target.url, dataDir: path.join(dir, 'db'), migrate: true });
    try {
      await seedVoiceDemo(database.prisma);
    } finally {
      await database.close();
    }
  });
  afterAll(async () => {
    await target?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('imports a file, prints one line per mail, exits 1 when a mail was rejected or the usage is wrong', async () => {
    const file = path.join(dir, 'sikayet.eml');
    await writeFile(file, eml({ from: 'zeynep@example.com', subject: 'Bozuk yoğurt', messageId: '<cli1@mail.example>' }, 'Yoğurt bozuk çıktı.', [{ type: 'image/png', name: 'yogurt.png', bytes: PNG }]));
    const first = await runCli(['tickets', 'import-mail', file, '--category', 'URUN_KALITESI'], env);
    expect(first.stdout).toMatch(/created {3}KLP-\d{4}-\d+ {2}.*sikayet\.eml {2}category URUN_KALITESI, 1 attachment\(s\)/);
    expect(first.stdout).toContain('1 mail(s): 1 created, 0 already imported, 0 rejected');
    expect(first.code).toBe(0);
    const again = await runCli(['tickets', 'import-mail', file, path.join(dir, 'yok.eml'), '--category', 'URUN_KALITESI'], env);
    expect(again.stdout).toContain('already imported (<cli1@mail.example>)');
    expect(again.stdout).toMatch(/rejected {2}.*yok\.eml: no such file or directory/);
    expect(again.code).toBe(1);
    const usage = await runCli(['tickets', 'import-mail'], env);
    expect([usage.code, usage.stderr]).toEqual([1, expect.stringContaining('Usage: kulup tickets import-mail')]);
    const database = await openDatabase({ url: target.url, dataDir: path.join(dir, 'db'), migrate: false });
    try {
      const tickets = await database.prisma.ticket.findMany({ include: { attachments: true } });
      expect(tickets.map((t) => [t.channel, t.emailMessageId, t.attachments.length])).toEqual([['EMAIL', '<cli1@mail.example>', 1]]);
    } finally {
      await database.close();
    }
  }, 120_000);
});
