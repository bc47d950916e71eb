import type { KulupClient, TCampaign, TReceiptRequest } from '@kulup/contracts';
import { isInControlGroup, welchInterval } from '@kulup/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { istanbulDateText } from '../../packages/server/src/lib/export-file';
import { baseRule, key, line, newMember, pointsWorld, receipt, rejected } from '../points/receipts.fixtures';
import type { Pos } from '../points/receipts.fixtures';
import { testDatabases } from '../support/databases';
import { csvRows, xlsxRows } from '../support/export-files';
import type { TestServer } from '../support/test-server';
import { activeCampaign, definition, inDays } from './campaigns.fixtures';

/** TRY as the export writes it: kuruş rounded to the kuruş, two decimals at most. */
const tl = (kurus: number) => String(Math.round(kurus) / 100);
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe.each(testDatabases())('campaign exports on %s', (kind) => {
  let server: TestServer;
  let marketer: KulupClient;
  let agent: KulupClient;
  let admin: KulupClient;
  let pos: Pos;
  let campaign: TCampaign;
  const spend = { treatment: [] as number[], control: [] as number[] };

  beforeAll(async () => {
    ({ server, marketer, agent, admin, pos } = await pointsWorld(kind));
    await baseRule(marketer);
    const db = server.database.prisma;
    const segment = await db.segment.create({ data: { name: 'İhracat kitlesi', rules: {} } });
    campaign = await activeCampaign(
      marketer,
      definition('BASKET_THRESHOLD', { minBasketKurus: 1, points: 10 }, {
        name: 'Yaz "Kampanyası", 2026',
        storeIds: [pos.storeId],
        channels: ['POS', 'SMS'],
        segmentId: segment.id,
        controlPct: 50,
        budgetUnit: 'POINTS',
        budgetCap: 10_000,
      }),
    );
    // Members join the audience until each group has three; treatment members spend more than control members.
    while (spend.treatment.length < 3 || spend.control.length < 3) {
      const { memberId } = await newMember(agent);
      const control = isInControlGroup(campaign.id, memberId, 50);
      const group = control ? spend.control : spend.treatment;
      if (group.length >= 3) continue;
      await db.segmentMember.create({ data: { segmentId: segment.id, memberId } });
      const total = control ? 3_000 + 700 * group.length : 5_000 + 1_300 * group.length;
      group.push(total);
      const body: TReceiptRequest = receipt([line(1, total)], { memberId });
      await pos.client.call('bookReceipt', { body, idempotencyKey: key() });
      if (!control && group.length <= 2) {
        await db.personalOffer.create({
          data: { memberId, campaignId: campaign.id, titleTr: 'Yaz', validFrom: new Date(), validTo: new Date(Date.parse(inDays(5))), status: group.length === 1 ? 'REDEEMED' : 'ACTIVATED' },
        });
      }
    }
    // No member gave SMS permission: every treatment member's message is skipped, the control group gets none.
    await marketer.call('sendCampaignMessage', { params: { campaignId: campaign.id }, body: { channel: 'SMS', text: 'Merhaba {{firstName}}, sepetinize 10 puan!' } });
    await marketer.call('createCampaign', {
      body: definition('DISCOUNT_COUPON', { percent: 5 }, { name: 'Taslak indirim', budgetUnit: 'KURUS', budgetCap: 123_450 }),
    });
  });
  afterAll(() => server?.close());

  it('exports the evaluation as one row per figure, with the same numbers as the evaluation endpoint', async () => {
    const e = await marketer.call('evaluateCampaign', { params: { campaignId: campaign.id } });
    const file = await marketer.call('exportCampaignEvaluation', { params: { campaignId: campaign.id }, query: { format: 'csv' } });
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    expect(file.fileName).toMatch(/^kampanya-yaz-kampanyası-2026-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = csvRows(file.body as Uint8Array);

    // The known data set: three treatment members awarded 10 points each (1 point = 1 kuruş), three in control.
    const ci = welchInterval(spend.treatment, spend.control);
    expect(ci.low).not.toBeNull();
    expect(e).toMatchObject({ reach: 3, awards: 3, points: 30, costKurus: 30, budgetUsed: 30, offers: { issued: 0, activated: 1, redeemed: 1 } });
    expect(e.uplift).toMatchObject({ treatmentMembers: 3, controlMembers: 3, meanSpendTreatmentKurus: mean(spend.treatment), meanSpendControlKurus: mean(spend.control) });
    expect(e.uplift.ciLowKurus).toBeCloseTo(ci.low!, 6);
    const incremental = ci.difference * 3;
    expect(e.roi).toBeCloseTo((incremental - 30) / 30, 9);

    const to = rows.find((r) => r[1] === 'Değerlendirme sonu')![2]!;
    expect([istanbulDateText(new Date(e.to)), istanbulDateText(new Date(Date.parse(e.to) + 60_000))]).toContain(to);
    expect(rows).toEqual([
      ['Bölüm', 'Ölçü', 'Değer', 'Birim'],
      ['Kampanya', 'Ad', 'Yaz "Kampanyası", 2026', ''],
      ['Kampanya', 'Tür', 'BASKET_THRESHOLD', ''],
      ['Kampanya', 'Durum', 'ACTIVE', ''],
      ['Kampanya', 'Değerlendirme başı', istanbulDateText(new Date(campaign.startsAt)), ''],
      ['Kampanya', 'Değerlendirme sonu', to, ''],
      ['Kampanya', 'Kontrol grubu payı', '50', '%'],
      ['Erişim', 'Ödül alan üye', '3', 'üye'],
      ['Erişim', 'Ödül', '3', 'adet'],
      ['Teklifler', 'Verilen', '0', 'adet'],
      ['Teklifler', 'Görülen', '0', 'adet'],
      ['Teklifler', 'Etkinleştirilen', '1', 'adet'],
      ['Teklifler', 'Kullanılan', '1', 'adet'],
      ['Teklifler', 'Süresi dolan', '0', 'adet'],
      ['Maliyet', 'Verilen puan', '30', 'puan'],
      ['Maliyet', 'Puanların karşılığı', '0.3', 'TL'],
      ['Maliyet', 'İndirim', '0', 'TL'],
      ['Maliyet', 'Hediye', '0', 'TL'],
      ['Maliyet', 'Çekiliş hakkı', '0', 'adet'],
      ['Maliyet', 'Toplam maliyet', '0.3', 'TL'],
      ['Bütçe', 'Kullanılan', '30', 'puan'],
      ['Bütçe', 'Tavan', '10000', 'puan'],
      ['Etki', 'Hedef grup üyesi', '3', 'üye'],
      ['Etki', 'Kontrol grubu üyesi', '3', 'üye'],
      ['Etki', 'Üye başı harcama, hedef grup', tl(mean(spend.treatment)), 'TL'],
      ['Etki', 'Üye başı harcama, kontrol grubu', tl(mean(spend.control)), 'TL'],
      ['Etki', 'Üye başı artımlı harcama', tl(ci.difference), 'TL'],
      ['Etki', 'Üye başı artımlı harcama, %95 GA alt sınır', tl(ci.low!), 'TL'],
      ['Etki', 'Üye başı artımlı harcama, %95 GA üst sınır', tl(ci.high!), 'TL'],
      ['Etki', 'Toplam artımlı harcama', tl(incremental), 'TL'],
      ['Etki', 'ROI', String(Math.round(((incremental - 30) / 30) * 10_000) / 100), '%'],
      ['Mesajlar', 'Toplam', '3', 'adet'],
      ['Mesajlar', 'SMS atlandı (no_consent)', '3', 'adet'],
    ]);
    // Spot-check against the known spends: treatment 5000, 6300, 7600 → 63.00 TL; control 3000, 3700, 4400 → 37.00 TL.
    expect([tl(mean(spend.treatment)), tl(mean(spend.control)), tl(ci.difference)]).toEqual(['63', '37', '26']);

    const xlsx = await admin.call('exportCampaignEvaluation', { params: { campaignId: campaign.id }, query: { format: 'xlsx' } });
    expect(xlsx.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.fileName).toMatch(/\.xlsx$/);
    const back = await xlsxRows(xlsx.body as Uint8Array);
    expect(back.sheet.name).toBe('Kampanya değerlendirme');
    expect(back.rows.map((r, i) => (rows[i]![1] === 'Değerlendirme sonu' ? r.slice(0, 2) : r))).toEqual(
      rows.map((r) => (r[1] === 'Değerlendirme sonu' ? r.slice(0, 2) : r)),
    );
    const meanCell = back.sheet.getRow(rows.findIndex((r) => r[1] === 'Üye başı harcama, hedef grup') + 1).getCell(3);
    expect([meanCell.type, meanCell.value]).toEqual([ExcelJS.ValueType.Number, 63]);
    expect(back.sheet.getRow(5).getCell(3).value).toBeInstanceOf(Date);
  });

  it('exports the campaign list with budgets in their unit and the audience by name', async () => {
    const [header, ...rows] = csvRows((await marketer.call('exportCampaigns', {})).body as Uint8Array);
    expect(header).toEqual([
      'Kampanya no', 'Ad', 'Tür', 'Durum', 'Öncelik', 'Başlangıç', 'Bitiş', 'Kanallar', 'Hedef segment', 'Kontrol grubu (%)',
      'Bütçe birimi', 'Bütçe tavanı', 'Kullanılan bütçe', 'Bütçe kullanımı (%)', 'Oluşturulma',
    ]);
    const col = (name: string) => header!.indexOf(name);
    expect(rows.map((r) => r[col('Ad')])).toEqual(['Taslak indirim', 'Yaz "Kampanyası", 2026']);
    const [draft, live] = rows;
    expect([draft![col('Durum')], draft![col('Bütçe birimi')], draft![col('Bütçe tavanı')], draft![col('Kullanılan bütçe')], draft![col('Hedef segment')]]).toEqual([
      'DRAFT', 'TL', '1234.5', '0', 'Tüm üyeler',
    ]);
    expect([live![col('Kampanya no')], live![col('Kanallar')], live![col('Hedef segment')], live![col('Kontrol grubu (%)')], live![col('Kullanılan bütçe')], live![col('Bütçe kullanımı (%)')]]).toEqual([
      campaign.id, 'POS, SMS', 'İhracat kitlesi', '50', '30', '0.3',
    ]);
    expect(live![col('Başlangıç')]).toBe(istanbulDateText(new Date(campaign.startsAt)));
    const active = csvRows((await marketer.call('exportCampaigns', { query: { status: 'ACTIVE', format: 'csv' } })).body as Uint8Array);
    expect(active.slice(1).map((r) => r[0])).toEqual([campaign.id]);
    const xlsx = await marketer.call('exportCampaigns', { query: { format: 'xlsx' } });
    expect((await xlsxRows(xlsx.body as Uint8Array)).rows).toEqual([header, ...rows]);
  });

  it('answers bad input, unknown campaigns and other roles with clear errors', async () => {
    const { token } = await server.staff('MARKETER');
    const bad = await server.raw(`/api/v1/campaigns/${campaign.id}/evaluation/export?format=pdf`, { token });
    expect([bad.status, bad.body.error.code, bad.body.error.fields[0].path]).toEqual([400, 'VALIDATION_FAILED', 'query.format']);
    const badList = await server.raw('/api/v1/campaigns/export?format=xls&status=ACTIVE', { token });
    expect([badList.status, badList.body.error.fields[0].path]).toEqual([400, 'query.format']);
    const extra = await server.raw('/api/v1/campaigns/export?limit=5', { token });
    expect([extra.status, extra.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const notAnId = await server.raw('/api/v1/campaigns/nope/evaluation/export', { token });
    expect([notAnId.status, notAnId.body.error.fields[0].path]).toEqual([400, 'params.campaignId']);
    const missing = await rejected(marketer.call('exportCampaignEvaluation', { params: { campaignId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' } }));
    expect([missing.status, missing.code]).toEqual([404, 'NOT_FOUND']);
    const agentTry = await rejected(agent.call('exportCampaignEvaluation', { params: { campaignId: campaign.id } }));
    expect([agentTry.status, agentTry.code]).toEqual([403, 'FORBIDDEN']);
    expect((await rejected(agent.call('exportCampaigns', {}))).status).toBe(403);
    expect((await rejected(pos.client.call('exportCampaigns', {}))).status).toBe(403);
    expect((await rejected(server.client().call('exportCampaignEvaluation', { params: { campaignId: campaign.id } }))).status).toBe(401);
  });

  it('sends the evaluation as an attachment and documents both routes as files in OpenAPI', async () => {
    const { token } = await server.staff('MARKETER');
    const response = await fetch(new URL(`/api/v1/campaigns/${campaign.id}/evaluation/export?format=xlsx`, server.url), { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="kampanya-yaz-kampanyas_-2026-[\d-]+\.xlsx"; filename\*=UTF-8''kampanya-yaz-kampanyas%C4%B1-2026-[\d-]+\.xlsx$/);
    expect([...new Uint8Array(await response.arrayBuffer()).subarray(0, 2)]).toEqual([0x50, 0x4b]);
    const doc = await server.raw('/openapi.json');
    for (const path of ['/api/v1/campaigns/export', '/api/v1/campaigns/{campaignId}/evaluation/export']) {
      expect(Object.keys(doc.body.paths[path].get.responses['200'].content)).toEqual(['text/csv; charset=utf-8', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    }
  });
});
