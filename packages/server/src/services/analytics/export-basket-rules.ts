import type { TBasketRules, TFileDownload, ZBasketRulesExportQuery } from '@kulup/contracts';
import type { z } from 'zod';

import type { Db } from '../../db/database';
import { exportFile, istanbulDateText } from '../../lib/export-file';
import type { ExportColumn } from '../../lib/export-file';
import { percentOf } from '../../lib/report-format';
import { basketRules } from './basket-rules';

type Rule = TBasketRules['rules'][number];

const COLUMNS: ExportColumn<Rule>[] = [
  { header: 'Öncül kodu', value: (r) => r.antecedent, width: 16 },
  { header: 'Öncül', value: (r) => r.antecedentName, width: 24 },
  { header: 'Sonuç kodu', value: (r) => r.consequent, width: 16 },
  { header: 'Sonuç', value: (r) => r.consequentName, width: 24 },
  { header: 'Birlikte (sepet)', value: (r) => r.together },
  { header: 'Destek (%)', value: (r) => percentOf(r.support) },
  { header: 'Güven (%)', value: (r) => percentOf(r.confidence) },
  { header: 'Kaldıraç', value: (r) => Math.round(r.lift * 1000) / 1000 },
];

/**
 * The association rules between categories or products (same filters and order as GET /analytics/basket-rules)
 * as a CSV or XLSX file, one rule A → B a row; support and confidence in %, lift to three decimals.
 */
export async function exportBasketRules(db: Db, query: z.output<typeof ZBasketRulesExportQuery>, now: Date = new Date()): Promise<TFileDownload> {
  const { format, ...filters } = query;
  const report = await basketRules(db, filters, now);
  const level = report.level === 'category' ? 'kategori' : 'urun';
  return exportFile(format, `sepet-kurallari-${level}-${istanbulDateText(now, 'date')}`, { sheetName: 'Sepet kuralları', columns: COLUMNS, rows: report.rules });
}
