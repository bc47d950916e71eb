import type { TCampaign, TCampaignEvaluation, TCampaignMessageStats, TFileDownload, ZCampaignEvaluationExportQuery } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { exportFile, istanbulDateText } from '../../lib/export-file';
import type { ExportColumn, ExportValue } from '../../lib/export-file';
import { fileSlug, lira, percentOf } from '../../lib/report-format';
import { campaignMessageStats } from './campaign-message-stats';
import { evaluateCampaign } from './evaluate-campaign';
import { getCampaign } from './list-campaigns';

type Figure = { section: string; measure: string; value: ExportValue; unit: string };

const CHANNEL_TR = { SMS: 'SMS', EMAIL: 'E-posta' } as const;
const DELIVERY_TR = { QUEUED: 'kuyrukta', SENT: 'gönderildi', FAILED: 'başarısız', SKIPPED: 'atlandı' } as const;

/**
 * A campaign's evaluation flattened into one row per figure (section, measure, value, unit) — the campaign and
 * its period, reach, the offer funnel, cost in points and TRY, the budget, treatment versus control spend per
 * member with the 95% interval, incremental spend, ROI, and message delivery — so it pastes into a report as is.
 */
export function evaluationFigures(c: TCampaign, e: TCampaignEvaluation, messages: TCampaignMessageStats): Figure[] {
  const f = (section: string, measure: string, value: ExportValue, unit = ''): Figure => ({ section, measure, value, unit });
  const budget = (amount: number | null) => (c.budgetUnit === 'KURUS' ? lira(amount) : amount);
  const budgetUnit = c.budgetUnit === 'KURUS' ? 'TL' : 'puan';
  const u = e.uplift;
  return [
    f('Kampanya', 'Ad', c.name),
    f('Kampanya', 'Tür', c.type),
    f('Kampanya', 'Durum', c.status),
    f('Kampanya', 'Değerlendirme başı', new Date(e.from)),
    f('Kampanya', 'Değerlendirme sonu', new Date(e.to)),
    f('Kampanya', 'Kontrol grubu payı', c.controlPct, '%'),
    f('Erişim', 'Ödül alan üye', e.reach, 'üye'),
    f('Erişim', 'Ödül', e.awards, 'adet'),
    f('Teklifler', 'Verilen', e.offers.issued, 'adet'),
    f('Teklifler', 'Görülen', e.offers.seen, 'adet'),
    f('Teklifler', 'Etkinleştirilen', e.offers.activated, 'adet'),
    f('Teklifler', 'Kullanılan', e.offers.redeemed, 'adet'),
    f('Teklifler', 'Süresi dolan', e.offers.expired, 'adet'),
    f('Maliyet', 'Verilen puan', e.points, 'puan'),
    f('Maliyet', 'Puanların karşılığı', lira(e.costKurus - e.discountKurus - e.giftKurus), 'TL'),
    f('Maliyet', 'İndirim', lira(e.discountKurus), 'TL'),
    f('Maliyet', 'Hediye', lira(e.giftKurus), 'TL'),
    f('Maliyet', 'Çekiliş hakkı', e.drawEntries, 'adet'),
    f('Maliyet', 'Toplam maliyet', lira(e.costKurus), 'TL'),
    f('Bütçe', 'Kullanılan', budget(e.budgetUsed), budgetUnit),
    f('Bütçe', 'Tavan', budget(c.budgetCap), budgetUnit),
    f('Etki', 'Hedef grup üyesi', u.treatmentMembers, 'üye'),
    f('Etki', 'Kontrol grubu üyesi', u.controlMembers, 'üye'),
    f('Etki', 'Üye başı harcama, hedef grup', lira(u.meanSpendTreatmentKurus), 'TL'),
    f('Etki', 'Üye başı harcama, kontrol grubu', lira(u.meanSpendControlKurus), 'TL'),
    f('Etki', 'Üye başı artımlı harcama', lira(u.incrementalSpendPerMemberKurus), 'TL'),
    f('Etki', 'Üye başı artımlı harcama, %95 GA alt sınır', lira(u.ciLowKurus), 'TL'),
    f('Etki', 'Üye başı artımlı harcama, %95 GA üst sınır', lira(u.ciHighKurus), 'TL'),
    f('Etki', 'Toplam artımlı harcama', lira(u.incrementalSpendKurus), 'TL'),
    f('Etki', 'ROI', e.roi === null ? null : percentOf(e.roi), '%'),
    f('Mesajlar', 'Toplam', messages.items.reduce((s, m) => s + m.count, 0), 'adet'),
    ...messages.items.map((m) => f('Mesajlar', `${CHANNEL_TR[m.channel]} ${DELIVERY_TR[m.status]}${m.reason ? ` (${m.reason})` : ''}`, m.count, 'adet')),
  ];
}

const COLUMNS: ExportColumn<Figure>[] = [
  { header: 'Bölüm', value: (x) => x.section, width: 12 },
  { header: 'Ölçü', value: (x) => x.measure, width: 42 },
  { header: 'Değer', value: (x) => x.value, width: 24 },
  { header: 'Birim', value: (x) => x.unit },
];

/** A campaign's evaluation (the same figures as GET /campaigns/:id/evaluation) as a CSV or XLSX file. */
export async function exportCampaignEvaluation(
  db: Db,
  campaignId: string,
  query: z.output<typeof ZCampaignEvaluationExportQuery>,
  now: Date = new Date(),
): Promise<TFileDownload> {
  const campaign = await getCampaign(db, campaignId);
  const evaluation = await evaluateCampaign(db, campaignId, now);
  const messages = await campaignMessageStats(db, campaignId);
  return exportFile(query.format, `kampanya-${fileSlug(campaign.name)}-${istanbulDateText(now, 'date')}`, {
    sheetName: 'Kampanya değerlendirme',
    columns: COLUMNS,
    rows: evaluationFigures(campaign, evaluation, messages),
  });
}
