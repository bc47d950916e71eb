import { ApiError } from '@kulup/contracts';
import type { KulupClient } from '@kulup/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';

const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: ApiError) => e.code);

describe.each(testDatabases())('terminal enrolment and credentials on %s', (kind) => {
  let server: TestServer;
  let admin: KulupClient;
  let storeId: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    admin = (await server.staff('ADMIN')).client;
    storeId = (await admin.call('createStore', { body: { code: 'IST-01', name: 'Kadıköy', city: 'İstanbul' } })).id;
  });
  afterAll(() => server?.close());

  it('enrols once with a one-time code and stores only hashes', async () => {
    const { terminal, enrolment } = await admin.call('createTerminal', { body: { storeId, kind: 'POS', name: 'Kasa 1' } });
    expect(terminal.status).toBe('PENDING');
    const enrolled = await server.client().call('enrolTerminal', { body: { code: enrolment.code.toLowerCase() } });
    expect(enrolled).toMatchObject({ terminalId: terminal.id, storeId, kind: 'POS' });
    expect(await codeOf(server.client().call('enrolTerminal', { body: { code: enrolment.code } }))).toBe('ENROLMENT_CODE_INVALID');
    const rows = await server.database.prisma.terminalSecret.findMany({ where: { terminalId: terminal.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.secretHash).not.toContain(enrolled.secret);
    const enrolRow = await server.database.prisma.terminalEnrolment.findFirstOrThrow({ where: { terminalId: terminal.id } });
    expect(enrolRow.codeHash).not.toContain(enrolment.code.replace(/-/g, ''));
    const token = await server.client().call('terminalToken', { body: { terminalId: terminal.id, secret: enrolled.secret } });
    expect(Date.parse(token.expiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000 + 1000);
    expect(await codeOf(server.client().call('terminalToken', { body: { terminalId: terminal.id, secret: `${enrolled.secret}x` } }))).toBe('INVALID_CREDENTIALS');
    const listed = await admin.call('listTerminals', {});
    expect(listed.items.find((t) => t.id === terminal.id)).toMatchObject({ status: 'ACTIVE', lastSeenAt: expect.any(String) });
  });

  it('refuses an expired enrolment code', async () => {
    const { terminal, enrolment } = await admin.call('createTerminal', { body: { storeId, kind: 'KIOSK', name: 'Kiosk 1' } });
    await server.database.prisma.terminalEnrolment.updateMany({ where: { terminalId: terminal.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await codeOf(server.client().call('enrolTerminal', { body: { code: enrolment.code } }))).toBe('ENROLMENT_CODE_INVALID');
  });

  it('stops a revoked terminal at once, even with a live token', async () => {
    const t = await server.terminal('POS');
    expect(await codeOf(t.client.call('identifyCard', { body: { nfcUid: '04000000000001' } }))).toBe('CARD_NOT_FOUND');
    await admin.call('revokeTerminal', { params: { terminalId: t.terminalId } });
    expect(await codeOf(t.client.call('identifyCard', { body: { nfcUid: '04000000000001' } }))).toBe('TERMINAL_REVOKED');
    expect(await codeOf(server.client().call('terminalToken', { body: { terminalId: t.terminalId, secret: t.secret } }))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(admin.call('issueEnrolmentCode', { params: { terminalId: t.terminalId } }))).toBe('TERMINAL_REVOKED');
  });

  it('rotates the secret with an overlap window for the old one', async () => {
    const t = await server.terminal('KIOSK');
    const rotated = await t.client.call('rotateTerminalSecret', {});
    expect(Date.parse(rotated.previousSecretValidUntil)).toBeGreaterThan(Date.now());
    for (const secret of [t.secret, rotated.secret]) {
      expect(await codeOf(server.client().call('terminalToken', { body: { terminalId: t.terminalId, secret } }))).toBe('ok');
    }
    await server.database.prisma.terminalSecret.updateMany({
      where: { terminalId: t.terminalId, expiresAt: { not: null } },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await codeOf(server.client().call('terminalToken', { body: { terminalId: t.terminalId, secret: t.secret } }))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(server.client().call('terminalToken', { body: { terminalId: t.terminalId, secret: rotated.secret } }))).toBe('ok');
    const audit = await admin.call('listAudit', { query: { entityType: 'terminal', entityId: t.terminalId } });
    expect(audit.items.map((a) => a.action)).toEqual(['terminal.rotate_secret', 'terminal.enrol', 'terminal.create']);
    expect(audit.items[0]).toMatchObject({ actorType: 'TERMINAL', terminalId: t.terminalId });
  });

  it('logs staff in with the password and refuses a wrong one', async () => {
    await admin.call('createStaff', { body: { email: 'Selin@Kulup.Local', name: 'Selin', role: 'MARKETER', password: 'a-long-enough-pass' } });
    const ok = await server.client().call('login', { body: { email: 'selin@kulup.local', password: 'a-long-enough-pass' } });
    expect(ok.staff.role).toBe('MARKETER');
    expect((await server.client(ok.token).call('currentStaff', {})).email).toBe('selin@kulup.local');
    expect(await codeOf(server.client().call('login', { body: { email: 'selin@kulup.local', password: 'wrong-password!' } }))).toBe('INVALID_CREDENTIALS');
    const row = await server.database.prisma.staffUser.findUniqueOrThrow({ where: { email: 'selin@kulup.local' } });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(await codeOf(admin.call('createStaff', { body: { email: 'x@kulup.local', name: 'X', role: 'AGENT', password: 'short' } }))).toBe('VALIDATION_FAILED');
  });
});
