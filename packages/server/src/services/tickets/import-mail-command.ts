import { randomUUID } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';

import type { Config } from '../../config';
import { openDatabase } from '../../db/database';
import type { Db } from '../../db/database';
import type { Actor } from '../context';
import { importMail, splitMbox } from './import-mail';
import type { MailImportOptions, MailImportOutcome } from './import-mail';

export const MAIL_IMPORT_USAGE = 'kulup tickets import-mail <file.eml | file.mbox | directory>… [--category CODE]';

type MailSource = { source: string; raw: Buffer } | { source: string; error: string };

const isMbox = (file: string, raw: Buffer) => file.toLowerCase().endsWith('.mbox') || raw.subarray(0, 5).toString('latin1') === 'From ';

/** The mails behind the given paths: .eml files one each, mbox files split; a directory's .eml/.mbox files by name. */
async function* mailSources(paths: string[]): AsyncGenerator<MailSource> {
  for (const p of paths) {
    let files: string[];
    try {
      const info = await stat(p);
      files = info.isDirectory()
        ? (await readdir(p)).filter((f) => /\.(eml|mbox)$/i.test(f)).sort().map((f) => path.join(p, f))
        : [p];
    } catch (error) {
      yield { source: p, error: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : String(error) };
      continue;
    }
    for (const file of files) {
      const raw = await readFile(file);
      if (isMbox(file, raw)) {
        const messages = splitMbox(raw);
        if (messages.length === 0) yield { source: file, error: 'an mbox file without any message' };
        for (const [i, message] of messages.entries()) yield { source: `${file}#${i + 1}`, raw: message };
      } else {
        yield { source: file, raw };
      }
    }
  }
}

/** Imports every mail behind the paths, one after the other (each in its own transaction). */
export async function importMailPaths(db: Db, actor: Actor, paths: string[], options: MailImportOptions): Promise<MailImportOutcome[]> {
  if (options.defaultCategoryCode) {
    const category = await db.ticketCategory.findUnique({ where: { code: options.defaultCategoryCode }, select: { active: true } });
    if (!category?.active) throw new Error(`There is no active ticket category ${options.defaultCategoryCode} (see GET /api/v1/ticket-categories).`);
  }
  const outcomes: MailImportOutcome[] = [];
  for await (const s of mailSources(paths)) {
    outcomes.push('error' in s ? { status: 'rejected', source: s.source, messageId: null, reason: s.error } : await importMail(db, actor, s.raw, s.source, options));
  }
  return outcomes;
}

/** One line per mail, then the counts. */
export function formatMailImport(outcomes: MailImportOutcome[]): string {
  const lines = outcomes.map((o) => {
    switch (o.status) {
      case 'created':
        return [
          `created   ${o.ticketNumber}  ${o.source}  category ${o.categoryCode}${o.memberId ? ', member linked' : ''}${o.attachments ? `, ${o.attachments} attachment(s)` : ''}`,
          ...o.warnings.map((w) => `          ! ${w}`),
        ].join('\n');
      case 'duplicate':
        return `skipped   ${o.ticketNumber}  ${o.source}  already imported (${o.messageId})`;
      case 'rejected':
        return `rejected  ${o.source}: ${o.reason}`;
    }
  });
  const count = (s: MailImportOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  lines.push(`${outcomes.length} mail(s): ${count('created')} created, ${count('duplicate')} already imported, ${count('rejected')} rejected`);
  return lines.join('\n');
}

/** `kulup tickets import-mail …`: exit code 0 when no mail was rejected, 1 otherwise. */
export async function runTicketsCommand(args: string[], config: Config): Promise<number> {
  const [sub, ...rest] = args;
  const categoryAt = rest.indexOf('--category');
  const category = categoryAt >= 0 ? rest[categoryAt + 1] : undefined;
  const paths = rest.filter((a, i) => i !== categoryAt && i !== categoryAt + 1);
  if (sub !== 'import-mail' || paths.length === 0 || paths.some((p) => p.startsWith('--')) || (categoryAt >= 0 && !category)) {
    throw new Error(`Usage: ${MAIL_IMPORT_USAGE}`);
  }
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, migrate: config.migrateOnStart });
  try {
    const actor: Actor = { type: 'SYSTEM', id: `cli:${userInfo().username}`, terminalId: null, requestId: `mail-import-${randomUUID()}` };
    const outcomes = await importMailPaths(database.prisma, actor, paths, { defaultCategoryCode: category, filesDir: config.filesDir });
    console.log(formatMailImport(outcomes));
    return outcomes.some((o) => o.status === 'rejected') ? 1 : 0;
  } finally {
    await database.close();
  }
}
