import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testDatabases } from '../support/databases';
import { csvRows, xlsxRows } from '../support/export-files';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';
import { codeOf, failure, key, memberAtKiosk, setupVoice } from './support';
import type { VoiceFixture } from './support';

const TURKISH = 'Kasada çok bekledim; "uzun" kuyruk, İĞÜŞÖÇ ığüşöç\nikinci satır';
const FORMULA = '=HYPERLINK("http://kötü.example","tıkla")';

describe.each(testDatabases())('CSV and XLSX exports on %s', (kind) => {
  let server: TestServer;
  let fx: VoiceFixture;
  let numbers: { turkish: string; formula: string; at: string };

  beforeAll(async () => {
    server = await startTestServer(kind);
    fx = await setupVoice(server);
    const create = (categoryCode: string, text: string, subject?: string) =>
      fx.agent.call('createTicket', { body: { kind: 'COMPLAINT', categoryCode, text, ...(subject ? { subject } : {}) } });
    const turkish = await create('KASA_BEKLEME', TURKISH, 'Şikâyet: ödeme');
    const formula = await create('TEMIZLIK', FORMULA);
    const at = await create('TEMIZLIK', '@SUM(A1:A9)', '-1+2');
    await fx.agent.call('transitionTicket', { params: { ticketId: turkish.id }, body: { to: 'RESOLVED' } });
    numbers = { turkish: turkish.number, formula: formula.number, at: at.number };
  });
  afterAll(() => server?.close());

  it('exports the ticket queue as UTF-8 CSV with a BOM: Turkish text intact, formulas neutralised, list filters applied', async () => {
    const file = await fx.agent.call('exportTickets', { query: { format: 'csv', sort: 'newest' } });
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    expect(file.fileName).toMatch(/^talepler-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, ...rows] = csvRows(file.body as Uint8Array);
    expect(header!.slice(0, 8)).toEqual(['Numara', 'Oluşturulma', 'Tür', 'Kanal', 'Durum', 'Öncelik', 'Kategori kodu', 'Kategori']);
    expect(rows.map((r) => r[0])).toEqual([numbers.at, numbers.formula, numbers.turkish]);
    const col = (name: string) => header!.indexOf(name);
    const byNumber = new Map(rows.map((r) => [r[0], r]));
    const turkish = byNumber.get(numbers.turkish)!;
    expect([turkish[col('Metin')], turkish[col('Konu')], turkish[col('Durum')], turkish[col('Kategori')]]).toEqual([TURKISH, 'Şikâyet: ödeme', 'RESOLVED', 'Kasa / Bekleme']);
    expect(turkish[col('Çözüldü')]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(turkish[col('Ekip')]).toBe('Mağaza Operasyon');
    expect(byNumber.get(numbers.formula)![col('Metin')]).toBe(`'${FORMULA}`);
    expect([byNumber.get(numbers.at)![col('Metin')], byNumber.get(numbers.at)![col('Konu')]]).toEqual(["'@SUM(A1:A9)", "'-1+2"]);

    const cleaning = csvRows((await fx.agent.call('exportTickets', { query: { category: 'TEMIZLIK' } })).body as Uint8Array);
    expect(cleaning.slice(1).map((r) => r[0]).sort()).toEqual([numbers.formula, numbers.at].sort());
    const resolved = csvRows((await fx.admin.call('exportTickets', { query: { status: 'RESOLVED', format: 'csv' } })).body as Uint8Array);
    expect(resolved.slice(1).map((r) => r[0])).toEqual([numbers.turkish]);
    const none = csvRows((await fx.agent.call('exportTickets', { query: { assignee: 'me' } })).body as Uint8Array);
    expect(none).toHaveLength(1);

    const audit = await server.database.prisma.auditLog.findMany({ where: { action: 'ticket.export' } });
    expect(audit.length).toBe(4);
  });

  it('sends the file as a download with its type and name', async () => {
    const response = await fetch(new URL('/api/v1/tickets/export?format=xlsx&category=TEMIZLIK', server.url), { headers: { authorization: `Bearer ${fx.agentToken}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="talepler-[\d-]+\.xlsx"; filename\*=UTF-8''talepler-[\d-]+\.xlsx$/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(bytes.subarray(0, 2).toString()).toBe([0x50, 0x4b].toString()); // a ZIP container
    const bad = await server.raw('/api/v1/tickets/export?format=pdf', { token: fx.agentToken });
    expect([bad.status, bad.body.error.code, bad.body.error.fields[0].path]).toEqual([400, 'VALIDATION_FAILED', 'query.format']);
    const paging = await server.raw('/api/v1/tickets/export?limit=10', { token: fx.agentToken });
    expect([paging.status, paging.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('writes the same rows as XLSX, read back with exceljs: text cells, not formulas', async () => {
    const csv = csvRows((await fx.agent.call('exportTickets', { query: { sort: 'newest' } })).body as Uint8Array);
    const file = await fx.agent.call('exportTickets', { query: { sort: 'newest', format: 'xlsx' } });
    expect(file.fileName).toMatch(/\.xlsx$/);
    const { rows, sheet } = await xlsxRows(file.body as Uint8Array);
    expect(sheet.name).toBe('Talepler');
    expect(rows).toEqual(csv);
    const textColumn = csv[0]!.indexOf('Metin') + 1;
    const formulaCell = sheet.getRow(3).getCell(textColumn);
    expect([formulaCell.type, formulaCell.value]).toEqual([ExcelJS.ValueType.String, `'${FORMULA}`]);
    const createdCell = sheet.getRow(2).getCell(2);
    expect(createdCell.value).toBeInstanceOf(Date);
  });

  it('exports the service dashboard as one row per figure', async () => {
    const csv = csvRows((await fx.agent.call('exportServiceReport', { query: {} })).body as Uint8Array);
    expect(csv[0]).toEqual(['Bölüm', 'Kalem', 'Ölçü', 'Değer']);
    expect(csv).toContainEqual(['Özet', 'Talepler', 'Açılan', '3']);
    expect(csv).toContainEqual(['Özet', 'Talepler', 'Çözülen', '1']);
    expect(csv).toContainEqual(['Kategori', 'Temizlik', 'Talep', '2']);
    expect(csv).toContainEqual(['Kanal', 'CONSOLE', 'Talep', '3']);
    expect(csv).toContainEqual(['SLA', 'Çözüm', 'SLA uyumu (%)', '100']);
    const xlsx = await fx.admin.call('exportServiceReport', { query: { format: 'xlsx' } });
    expect(xlsx.fileName).toMatch(/^hizmet-raporu-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect((await xlsxRows(xlsx.body as Uint8Array)).rows).toEqual(csv);
    const reversed = await failure(fx.agent.call('exportServiceReport', { query: { from: '2026-02-01', to: '2026-01-01' } }));
    expect([reversed.status, reversed.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('exports every survey answer per question, free texts included, to marketers and admins', async () => {
    const survey = await fx.marketer.call('createSurvey', {
      body: {
        titleTr: 'Ürün çeşitliliği',
        titleEn: 'Product range',
        targeting: 'ANONYMOUS',
        questions: [
          { id: 'nps', type: 'NPS', textTr: 'Tavsiye eder misiniz?', textEn: 'Recommend?' },
          { id: 'pick', type: 'MULTI', textTr: 'Hangi reyonlar?', textEn: 'Which aisles?', required: false, options: [
            { id: 'sut', textTr: 'Süt ürünleri', textEn: 'Dairy' },
            { id: 'sarkuteri', textTr: 'Şarküteri', textEn: 'Deli' },
          ] },
          { id: 'comment', type: 'TEXT', textTr: 'Görüşünüz', textEn: 'Comment', required: false },
        ],
      },
    });
    await fx.marketer.call('setSurveyStatus', { params: { surveyId: survey.id }, body: { status: 'ACTIVE' } });
    const submit = (answers: Record<string, number | string | string[]>) =>
      fx.kiosk.client.call('submitSurveyResponse', { params: { surveyId: survey.id }, body: { answers }, idempotencyKey: key() });
    await submit({ nps: 10, pick: ['sut', 'sarkuteri'], comment: 'Şarküteri çok güzel, teşekkürler' });
    await submit({ nps: 3, comment: '=1+1' });

    const [header, ...rows] = csvRows((await fx.marketer.call('exportSurveyResults', { params: { surveyId: survey.id } })).body as Uint8Array);
    expect(header).toEqual(['Yanıt', 'Tarih', 'Mağaza', 'Katılımcı', 'nps: Tavsiye eder misiniz?', 'pick: Hangi reyonlar?', 'comment: Görüşünüz']);
    expect(rows.map((r) => r.slice(3))).toEqual([
      ['Anonim', '10', 'Süt ürünleri; Şarküteri', 'Şarküteri çok güzel, teşekkürler'],
      ['Anonim', '3', '', "'=1+1"],
    ]);
    expect(rows.every((r) => r[2] !== '')).toBe(true);
    const xlsx = await fx.admin.call('exportSurveyResults', { params: { surveyId: survey.id }, query: { format: 'xlsx' } });
    const back = await xlsxRows(xlsx.body as Uint8Array);
    expect(back.rows).toEqual([header, ...rows]);
    expect(back.sheet.name).toBe('Ürün çeşitliliği');
    const elsewhere = csvRows((await fx.marketer.call('exportSurveyResults', { params: { surveyId: survey.id }, query: { storeId: fx.pos.storeId } })).body as Uint8Array);
    expect(elsewhere).toHaveLength(1);
    const audit = await server.database.prisma.auditLog.findMany({ where: { action: 'survey.export', entityId: survey.id } });
    expect(audit).toHaveLength(3);
  });

  it('refuses exports to the wrong roles, terminals, member sessions and anonymous callers', async () => {
    const survey = (await server.database.prisma.survey.findFirstOrThrow({ where: { titleTr: 'Ürün çeşitliliği' } })).id;
    expect(await codeOf(fx.agent.call('exportSurveyResults', { params: { surveyId: survey } }))).toBe('FORBIDDEN');
    expect(await codeOf(fx.marketer.call('exportTickets', {}))).toBe('FORBIDDEN');
    expect(await codeOf(fx.marketer.call('exportServiceReport', {}))).toBe('FORBIDDEN');
    expect(await codeOf(fx.kiosk.client.call('exportTickets', {}))).toBe('FORBIDDEN');
    expect(await codeOf(fx.pos.client.call('exportSurveyResults', { params: { surveyId: survey } }))).toBe('FORBIDDEN');
    const member = await memberAtKiosk(server, fx, 'Zeynep');
    expect(await codeOf(member.client.call('exportTickets', {}))).toBe('FORBIDDEN');
    expect(await codeOf(server.client().call('exportServiceReport', {}))).toBe('UNAUTHENTICATED');
    const missing = await failure(fx.marketer.call('exportSurveyResults', { params: { surveyId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' } }));
    expect([missing.status, missing.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('documents the export routes as files in OpenAPI', async () => {
    const doc = await server.raw('/openapi.json');
    const op = doc.body.paths['/api/v1/tickets/export'].get;
    expect(Object.keys(op.responses['200'].content)).toEqual(['text/csv; charset=utf-8', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    expect(op.parameters.map((p: { name: string }) => p.name)).toContain('format');
    expect(doc.body.paths['/api/v1/surveys/{surveyId}/results/export'].get.description).toContain('Roles: ADMIN, MARKETER');
  });
});
