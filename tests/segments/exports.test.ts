import type { KulupClient } from '@kulup/contracts';
import { ApiError } from '@kulup/contracts';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { istanbulDateText } from '../../packages/server/src/lib/export-file';
import { testDatabases } from '../support/databases';
import { csvRows, xlsxRows } from '../support/export-files';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { addMember, addReceipt, addScoreAnswer, daysAgo, seedTiers } from './support';

const FORMULA = '=HYPERLINK("http://kötü.example","tıkla")';

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

/** Both files of an export: the CSV records, and the XLSX read back, which must hold the same rows. */
async function bothFormats(download: (format: 'csv' | 'xlsx') => Promise<{ body: unknown; fileName: string }>, sheetName: string) {
  const csv = await download('csv');
  const rows = csvRows(csv.body as Uint8Array);
  const xlsx = await download('xlsx');
  const back = await xlsxRows(xlsx.body as Uint8Array);
  expect(back.sheet.name).toBe(sheetName);
  expect(back.rows).toEqual(rows);
  expect(xlsx.fileName.replace(/\.xlsx$/, '.csv')).toBe(csv.fileName);
  return { rows, sheet: back.sheet, fileName: csv.fileName };
}

describe.each(testDatabases())('segment and analytics exports on %s', (kind) => {
  let server: TestServer;
  let marketer: KulupClient;
  let marketerId: string;
  let agent: KulupClient;
  let pos: { storeId: string; terminalId: string };
  const gold: { id: string; phone: string; email: string }[] = [];
  let erased: string;
  let segmentId: string;

  beforeAll(async () => {
    server = await startTestServer(kind);
    ({ client: marketer, id: marketerId } = await server.staff('MARKETER'));
    agent = (await server.staff('AGENT')).client;
    await seedTiers(server);
    const t = await server.terminal('POS');
    pos = { storeId: t.storeId, terminalId: t.terminalId };
    const db = server.database.prisma;
    // Two gold members with contact data that must never reach a segment file, one classic, one erased gold.
    for (const [firstName, city, phone] of [
      ['Ayla', 'İstanbul', '+905320000001'],
      [FORMULA, null, '+905320000002'],
    ] as const) {
      const m = await db.member.create({
        data: { firstName, lastName: 'Şahin', tierCode: 'GOLD', city, phone, email: `${phone.slice(1)}@example.com`, birthDate: new Date('1980-05-04T00:00:00Z'), createdAt: daysAgo(400) },
      });
      gold.push({ id: m.id, phone, email: `${phone.slice(1)}@example.com` });
    }
    const classic = await addMember(server, { firstName: 'Cem' });
    erased = await addMember(server, { firstName: 'Silinmiş', tierCode: 'GOLD', erased: true });
    // Member spend ten days ago (outside a 1-day basket window): 250.00, 120.50 and 30.00 TL; Ayla also bought for
    // 10.00 TL 300 days ago, so she becomes an active member (the others stay new).
    for (const [memberId, net] of [[gold[0]!.id, 25_000], [gold[1]!.id, 12_050], [classic, 3_000]] as const) {
      await addReceipt(server, { memberId, ...pos, at: daysAgo(10), lines: [{ category: 'grocery', net }] });
    }
    await addReceipt(server, { memberId: gold[0]!.id, ...pos, at: daysAgo(300), lines: [{ category: 'grocery', net: 1_000 }] });
    // Anonymous baskets an hour ago: printer+paper twice, printer alone, paper+milk.
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const items of [['printer', 'paper'], ['printer', 'paper'], ['printer'], ['paper', 'milk']]) {
      await addReceipt(server, { memberId: null, ...pos, at: hourAgo, lines: items.map((category) => ({ category, net: 1_000 })) });
    }
    await addScoreAnswer(server, gold[0]!.id, 'NPS', 10);
    await addScoreAnswer(server, gold[1]!.id, 'CSAT', 1);
    await marketer.call('refreshAnalytics', {});

    const segment = await marketer.call('createSegment', { body: { name: 'Altın üyeler / 2026', rules: { kind: 'tier', in: ['GOLD'] } } });
    segmentId = segment.id;
    await marketer.call('refreshSegment', { params: { segmentId } });
    // Erased after the refresh: still in the materialised rows until the next one, but never in a file.
    await db.segmentMember.upsert({ where: { segmentId_memberId: { segmentId, memberId: erased } }, create: { segmentId, memberId: erased }, update: {} });
  });
  afterAll(() => server?.close());

  it("exports a segment's members as of the last refresh: only what the page shows, erased members left out, audited", async () => {
    // The page's list leaves out members erased since the last refresh, as the file does.
    const listed = (await marketer.call('segmentMembers', { params: { segmentId }, query: { limit: 200 } })).items;
    expect(listed.map((m) => m.id).sort()).toEqual(gold.map((g) => g.id).sort());
    const { rows, sheet, fileName } = await bothFormats(
      (format) => marketer.call('exportSegmentMembers', { params: { segmentId }, query: { format } }),
      'Altın üyeler 2026',
    );
    expect(fileName).toMatch(/^segment-altın-üyeler-2026-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(rows).toEqual([
      ['Üye no', 'Ad', 'Soyad', 'Kademe', 'Şehir', 'Segmente giriş'],
      ...listed.map((m) => [m.id, m.firstName === FORMULA ? `'${FORMULA}` : m.firstName, 'Şahin', 'GOLD', m.city ?? '', istanbulDateText(new Date(m.addedAt))]),
    ]);
    expect(rows.map((r) => r[1])).toContain('Ayla');
    expect(sheet.getRow(2).getCell(6).value).toBeInstanceOf(Date);
    const text = new TextDecoder().decode((await marketer.call('exportSegmentMembers', { params: { segmentId } })).body as Uint8Array);
    for (const g of gold) {
      expect(text).not.toContain(g.phone);
      expect(text).not.toContain(g.email);
    }
    expect(text).not.toContain('1980-05-04');
    expect(text).not.toContain(erased);

    const audit = await server.database.prisma.auditLog.findMany({ where: { action: 'segment.export', entityId: segmentId }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.actorType, a.actorId, a.entityType, a.after])).toEqual([
      ['STAFF', marketerId, 'segment', { format: 'csv', members: 2 }],
      ['STAFF', marketerId, 'segment', { format: 'xlsx', members: 2 }],
      ['STAFF', marketerId, 'segment', { format: 'csv', members: 2 }],
    ]);

    const empty = await marketer.call('createSegment', { body: { name: 'Boş', rules: { kind: 'tier', in: ['CLASSIC'] } } });
    expect(csvRows((await marketer.call('exportSegmentMembers', { params: { segmentId: empty.id } })).body as Uint8Array)).toHaveLength(1);
  });

  it('exports RFM groups and score distributions with the numbers of the RFM report', async () => {
    const rfm = await marketer.call('rfmAnalytics', {});
    expect(rfm.scoredMembers).toBe(3);
    const { rows, sheet } = await bothFormats((format) => marketer.call('exportRfm', { query: { format } }), 'RFM');
    const names: Record<string, string> = { CHAMPIONS: 'Şampiyonlar', AT_RISK: 'Risk altında', LOST: 'Kaybedilmiş' };
    expect(rows[0]).toEqual(['Bölüm', 'Kod', 'Ad', 'Üye', '12 ay harcama (TL)']);
    expect(rows[1]).toEqual(['Özet', 'SCORED', 'Skorlanan üye', '3', '']);
    const groupRows = rows.filter((r) => r[0] === 'RFM grubu');
    expect(groupRows.map((r) => [r[1], r[3], r[4]])).toEqual(rfm.groups.map((g) => [g.group, String(g.members), String(g.spend12mKurus / 100)]));
    for (const [code, name] of Object.entries(names)) expect(groupRows.find((r) => r[1] === code)![2]).toBe(name);
    // Every scored member's 12-month spend is in some group: 250.00 + 10.00 + 120.50 + 30.00 TL.
    expect(groupRows.reduce((s, r) => s + Number(r[4]), 0)).toBeCloseTo(410.5, 6);
    expect(rows.filter((r) => r[0] === 'Yakınlık (R) skoru').map((r) => [r[1], r[3]])).toEqual(rfm.recency.map((s) => [String(s.score), String(s.members)]));
    expect(rows.filter((r) => r[0] === 'Tutar (M) skoru').map((r) => r[3])).toEqual(rfm.monetary.map((s) => String(s.members)));
    expect(rows).toHaveLength(2 + rfm.groups.length + 15);
    const spendCell = sheet.getRow(3).getCell(5);
    expect(spendCell.type).toBe(ExcelJS.ValueType.Number);
  });

  it('exports the revenue share report as one row per figure', async () => {
    const share = await marketer.call('revenueShare', { query: { days: 30 } });
    const { rows, fileName } = await bothFormats((format) => marketer.call('exportRevenueShare', { query: { days: 30, format } }), 'Ciro payı');
    expect(fileName).toMatch(/^ciro-payi-[\d-]+\.csv$/);
    // Members 400.50 TL of 470.50 TL (70.00 anonymous); the top 10 % (one member) brought 250.00 of 400.50.
    expect(share).toMatchObject({ totalKurus: 47_050, memberKurus: 40_050, buyingMembers: 3 });
    expect(rows.slice(3)).toEqual([
      ['Toplam ciro', '470.5', 'TL'],
      ['Üye kartlı ciro', '400.5', 'TL'],
      ['Üye payı', '85.12', '%'],
      ['Anonim alışveriş payı', '14.88', '%'],
      ['Alışveriş yapan üye', '3', 'üye'],
      ['En çok harcayan %10 üyenin payı', '62.42', '%'],
      ['En çok harcayan %20 üyenin payı', '62.42', '%'],
    ]);
    expect(rows[0]).toEqual(['Ölçü', 'Değer', 'Birim']);
    expect(rows[1]![0]).toBe('Dönem başı');
    expect([rows[1]![1], rows[2]![1]].every((x) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(x!))).toBe(true);
    const short = csvRows((await marketer.call('exportRevenueShare', { query: { days: 1 } })).body as Uint8Array);
    expect(short.find((r) => r[0] === 'Üye kartlı ciro')).toEqual(['Üye kartlı ciro', '0', 'TL']);
  });

  it('exports the satisfaction × loyalty matrix and the lifecycle report with codes, Turkish names and counts', async () => {
    const matrix = await marketer.call('satisfactionLoyaltyMatrix', {});
    const m = await bothFormats((format) => marketer.call('exportSatisfactionLoyalty', { query: { format } }), 'Memnuniyet × sadakat');
    expect(m.rows[0]).toEqual(['Bölüm', 'Kod', 'Ad', 'Üye', 'Pay (%)']);
    expect(m.rows.slice(1).map((r) => [r[0], r[1], r[3]])).toEqual([
      ...matrix.quadrants.map((q) => ['Memnuniyet × sadakat', q.quadrant, String(q.members)]),
      ...matrix.satisfaction.map((s) => ['Memnuniyet', s.group, String(s.members)]),
    ]);
    // One satisfied (NPS 10), one dissatisfied (CSAT 1), one without an answer.
    expect(m.rows.filter((r) => r[0] === 'Memnuniyet')).toEqual([
      ['Memnuniyet', 'SATISFIED', 'Memnun', '1', '33.33'],
      ['Memnuniyet', 'NEUTRAL', 'Nötr', '0', '0'],
      ['Memnuniyet', 'DISSATISFIED', 'Memnun değil', '1', '33.33'],
      ['Memnuniyet', 'UNKNOWN', 'Bilinmiyor (anket yanıtı yok)', '1', '33.33'],
    ]);
    expect(m.rows.find((r) => r[1] === 'APOSTLE')![2]).toBe('Havari (memnun ve sadık)');

    const report = await marketer.call('lifecycleReport', { query: { days: 30 } });
    expect(report.transitions).toContainEqual({ from: 'NEW', to: 'ACTIVE', members: 1 });
    const l = await bothFormats((format) => marketer.call('exportLifecycleReport', { query: { days: 30, format } }), 'Yaşam evresi');
    expect(l.rows).toEqual([
      ['Bölüm', 'Kod', 'Ad', 'Üye'],
      ...report.stages.map((s) => ['Evre', s.stage, { PROSPECT: 'Aday', NEW: 'Yeni', ACTIVE: 'Aktif', LAPSED: 'Uzaklaşan', FORMER: 'Eski' }[s.stage], String(s.members)]),
      ...report.transitions.map((x) => ['Geçiş', `${x.from}→${x.to}`, expect.stringContaining(' → '), String(x.members)]),
    ]);
    expect(l.rows).toContainEqual(['Geçiş', 'NEW→ACTIVE', 'Yeni → Aktif', '1']);
    expect(l.rows.reduce((s, r) => s + (r[0] === 'Evre' ? Number(r[3]) : 0), 0)).toBe(3); // the erased member is not counted
  });

  it('exports basket rules with support and confidence in % and lift, for a known basket set', async () => {
    const query = { days: 1, minSupport: 0.25, minConfidence: 0.5 };
    const json = await marketer.call('basketRules', { query });
    const { rows, fileName } = await bothFormats((format) => marketer.call('exportBasketRules', { query: { ...query, format } }), 'Sepet kuralları');
    expect(fileName).toMatch(/^sepet-kurallari-kategori-[\d-]+\.csv$/);
    expect(rows[0]).toEqual(['Öncül kodu', 'Öncül', 'Sonuç kodu', 'Sonuç', 'Birlikte (sepet)', 'Destek (%)', 'Güven (%)', 'Kaldıraç']);
    expect(rows.slice(1).map((r) => `${r[0]}→${r[2]}`)).toEqual(json.rules.map((r) => `${r.antecedent}→${r.consequent}`));
    // 4 baskets: printer 3, paper 3, milk 1; printer+paper 2, paper+milk 1.
    const byRule = new Map(rows.slice(1).map((r) => [`${r[0]}→${r[2]}`, r.slice(4)]));
    expect(Object.fromEntries(byRule)).toEqual({
      'milk→paper': ['1', '25', '100', '1.333'],
      'printer→paper': ['2', '50', '66.67', '0.889'],
      'paper→printer': ['2', '50', '66.67', '0.889'],
    });
    const limited = csvRows((await marketer.call('exportBasketRules', { query: { ...query, limit: 1 } })).body as Uint8Array);
    expect(limited).toHaveLength(2);
  });

  it('answers bad input, unknown segments and other roles with clear errors, and documents the files in OpenAPI', async () => {
    const { token } = await server.staff('MARKETER');
    const bad = await server.raw(`/api/v1/segments/${segmentId}/members/export?format=pdf`, { token });
    expect([bad.status, bad.body.error.code, bad.body.error.fields[0].path]).toEqual([400, 'VALIDATION_FAILED', 'query.format']);
    const paging = await server.raw(`/api/v1/segments/${segmentId}/members/export?limit=10`, { token });
    expect([paging.status, paging.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const support = await server.raw('/api/v1/analytics/basket-rules/export?minSupport=2&format=xlsx', { token });
    expect([support.status, support.body.error.fields[0].path]).toEqual([400, 'query.minSupport']);
    const days = await server.raw('/api/v1/analytics/revenue-share/export?days=0', { token });
    expect([days.status, days.body.error.fields[0].path]).toEqual([400, 'query.days']);
    const missing = await failure(marketer.call('exportSegmentMembers', { params: { segmentId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' } }));
    expect([missing.status, missing.code]).toEqual([404, 'NOT_FOUND']);
    for (const call of [
      () => agent.call('exportSegmentMembers', { params: { segmentId } }),
      () => agent.call('exportRfm', {}),
      () => agent.call('exportRevenueShare', {}),
      () => agent.call('exportSatisfactionLoyalty', {}),
      () => agent.call('exportLifecycleReport', {}),
      () => agent.call('exportBasketRules', {}),
    ]) {
      const e = await failure(call());
      expect([e.status, e.code]).toEqual([403, 'FORBIDDEN']);
    }
    expect((await failure(server.client().call('exportSegmentMembers', { params: { segmentId } }))).status).toBe(401);
    // Refused exports write no audit entry.
    expect(await server.database.prisma.auditLog.count({ where: { action: 'segment.export', actorId: { not: marketerId } } })).toBe(0);

    const doc = await server.raw('/openapi.json');
    for (const path of [
      '/api/v1/segments/{segmentId}/members/export',
      '/api/v1/analytics/rfm/export',
      '/api/v1/analytics/revenue-share/export',
      '/api/v1/analytics/satisfaction-loyalty/export',
      '/api/v1/analytics/lifecycle/export',
      '/api/v1/analytics/basket-rules/export',
    ]) {
      const op = doc.body.paths[path].get;
      expect(Object.keys(op.responses['200'].content)).toEqual(['text/csv; charset=utf-8', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
      expect(op.description).toContain('Roles: ADMIN, MARKETER');
    }
  });
});
