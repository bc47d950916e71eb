import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';

import type { TImportReport } from '@kulup/contracts';

import type { Config } from '../../config';
import { openDatabase } from '../../db/database';
import type { Actor } from '../context';
import { importMembers } from './import-members';
import type { ImportProgress } from './import-members';

export const IMPORT_USAGE = 'kulup import <file.csv> [--dry-run]';

type Output = { write: (s: string) => void; isTTY: boolean };

/** Draws a bar that redraws itself on a terminal, or prints a plain line every few seconds to a log. */
function progressPrinter(out: Output): (p: ImportProgress) => void {
  const started = Date.now();
  let lastLine = 0;
  return (p) => {
    const label = p.phase === 'checking' ? 'Checking' : 'Writing ';
    const rate = Math.round(p.done / Math.max(0.001, (Date.now() - started) / 1000));
    const pct = p.total === 0 ? 100 : Math.floor((p.done / p.total) * 100);
    const counts = `${p.done.toLocaleString('en')}/${p.total.toLocaleString('en')} rows`;
    if (out.isTTY) {
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      out.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}%  ${counts}  ${rate.toLocaleString('en')} rows/s\x1b[K`);
      if (p.done >= p.total) out.write('\n');
    } else if (Date.now() - lastLine >= 5_000 || p.done >= p.total) {
      lastLine = Date.now();
      out.write(`${label.trim()}: ${counts} (${pct}%)\n`);
    }
  };
}

/** The report as people read it: counts, then every issue with its line and column. */
export function formatImportReport(report: TImportReport, fileName: string): string {
  const verb = report.dryRun ? 'would create' : 'created';
  const lines = [
    `${report.dryRun ? 'Dry run of' : 'Imported'} ${fileName}: ${report.rows} rows in ${(report.durationMs / 1000).toFixed(1)} s`,
    `  ${verb} ${report.created} members with ${report.points.toLocaleString('en')} opening points`,
    `  skipped ${report.skipped} already imported (same externalRef)`,
    `  ${report.invalid} rows with problems${report.invalid ? (report.dryRun ? '' : ' (not imported; fix them and run again)') : ''}`,
  ];
  for (const i of report.issues) lines.push(`  line ${i.line}, ${i.column}: ${i.message}`);
  if (report.dryRun) lines.push('Nothing was written (--dry-run).');
  return lines.join('\n');
}

/** `kulup import`: reads a UTF-8 CSV file and imports it; exit code 0 when every row was fine, 1 otherwise. */
export async function runImportCommand(args: string[], config: Config): Promise<number> {
  const dryRun = args.includes('--dry-run');
  const files = args.filter((a) => a !== '--dry-run');
  const unknown = files.filter((a) => a.startsWith('--'));
  if (files.length !== 1 || unknown.length) throw new Error(`Usage: ${IMPORT_USAGE}`);
  const file = files[0]!;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(file));
  } catch (error) {
    if (error instanceof TypeError) {
      throw new Error(`${file} is not UTF-8 text. In Excel save it as "CSV UTF-8 (Comma delimited)"; with iconv: iconv -f WINDOWS-1254 -t UTF-8.`);
    }
    throw error;
  }

  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, migrate: config.migrateOnStart });
  try {
    // The audit log names the operating-system user who ran the import; one request id groups the run.
    const actor: Actor = { type: 'SYSTEM', id: `cli:${userInfo().username}`, terminalId: null, requestId: `import-${randomUUID()}` };
    const report = await importMembers(database.prisma, actor, text, {
      dryRun,
      fileName: path.basename(file),
      onProgress: progressPrinter({ write: (s) => process.stderr.write(s), isTTY: process.stderr.isTTY === true }),
    });
    console.log(formatImportReport(report, path.basename(file)));
    return report.issues.length ? 1 : 0;
  } finally {
    await database.close();
  }
}
