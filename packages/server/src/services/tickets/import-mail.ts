import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { TICKET_ATTACHMENT_LIMITS, ZEmail } from '@kulup/contracts';
import { simpleParser } from 'mailparser';

import type { Db } from '../../db/database';
import { Prisma } from '../../generated/prisma/client';
import { looksLike } from '../../http/raw-upload';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';
import { openTicket } from './open-ticket';
import { attachmentPath } from './upload-ticket-attachment';

const MAX_TEXT = 2000;
const MAX_ATTACHMENTS = 20;
const MAX_MESSAGE_ID = 500;

export type MailImportOptions = {
  /**
   * The category of mails that name none (or an unknown one). Without it such a mail is rejected, so nothing
   * lands in a category by accident.
   */
  defaultCategoryCode?: string | undefined;
  filesDir: string;
};

export type MailImportOutcome =
  | {
      status: 'created';
      source: string;
      messageId: string;
      ticketId: string;
      ticketNumber: string;
      categoryCode: string;
      memberId: string | null;
      attachments: number;
      /** What the agent should know (unknown category tag, refused attachments, cut text); also in a ticket note. */
      warnings: string[];
    }
  | { status: 'duplicate'; source: string; messageId: string; ticketNumber: string }
  | { status: 'rejected'; source: string; messageId: string | null; reason: string };

const CATEGORY_TAG = /\[([A-Za-z][A-Za-z0-9_]{1,39})\]/;

/** `[KASA_BEKLEME] …` in the subject, else `sikayet+kasa_bekleme@…` in a recipient: the category the sender chose. */
function categoryTag(subject: string, recipients: string[]): string | null {
  const inSubject = CATEGORY_TAG.exec(subject)?.[1];
  if (inSubject) return inSubject.toUpperCase();
  for (const r of recipients) {
    const plus = /^[^+@]+\+([A-Za-z][A-Za-z0-9_]{1,39})@/.exec(r)?.[1];
    if (plus) return plus.toUpperCase();
  }
  return null;
}

const addresses = (field: { value: { address?: string | undefined }[] } | { value: { address?: string | undefined }[] }[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((f) => f.value.flatMap((v) => (v.address ? [v.address] : [])));

const safeFileName = (name: string | undefined, i: number) =>
  (name ?? '').replace(/[\\/\u0000-\u001f]/g, '_').trim().slice(0, 200) || `ek-${i + 1}`;

const human = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

/**
 * Files one e-mail (raw RFC 5322 bytes) as an EMAIL ticket exactly once per Message-ID (a hash of the bytes
 * when the header is missing): category from a `[CODE]` subject tag or a `+code` recipient, else the default;
 * linked to the member whose e-mail is the sender's when exactly one member has it; routed and timed like any
 * new ticket. Attachments within the ticket limits (JPEG, PNG, PDF ≤ 5 MB, matching content) are kept, the
 * others are listed in an internal note. A mail without a sender or text is rejected with the reason.
 */
export async function importMail(db: Db, actor: Actor, raw: Buffer, source: string, options: MailImportOptions, now: Date = new Date()): Promise<MailImportOutcome> {
  const reject = (reason: string, messageId: string | null = null): MailImportOutcome => ({ status: 'rejected', source, messageId, reason });
  if (raw.length === 0) return reject('the file is empty');
  let mail;
  try {
    mail = await simpleParser(raw, { skipHtmlToText: false, skipTextToHtml: true, skipImageLinks: true });
  } catch (error) {
    return reject(`not a readable e-mail (${error instanceof Error ? error.message : String(error)})`);
  }
  const messageId = mail.messageId?.trim() || `sha256:${createHash('sha256').update(raw).digest('hex')}`;
  if (messageId.length > MAX_MESSAGE_ID) return reject(`the Message-ID is longer than ${MAX_MESSAGE_ID} characters`);

  const existing = await db.ticket.findUnique({ where: { emailMessageId: messageId }, select: { number: true } });
  if (existing) return { status: 'duplicate', source, messageId, ticketNumber: existing.number };

  const sender = mail.from?.value[0];
  const email = ZEmail.safeParse(sender?.address ?? '');
  if (!email.success) return reject('no valid sender address in From:', messageId);

  const subjectRaw = (mail.subject ?? '').trim();
  const tag = categoryTag(subjectRaw, [...addresses(mail.to), ...addresses(mail.cc)]);
  const subject = subjectRaw.replace(CATEGORY_TAG, '').replace(/\s+/g, ' ').trim().slice(0, 200) || undefined;
  let text = (mail.text ?? '').replace(/\r\n/g, '\n').trim() || subject || '';
  if (!text) return reject('the mail has neither text nor subject', messageId);

  const warnings: string[] = [];
  if (text.length > MAX_TEXT) {
    warnings.push(`Metin ${MAX_TEXT} karakterde kesildi (tamamı ${text.length} karakter).`);
    text = `${text.slice(0, MAX_TEXT - 1)}…`;
  }

  const categories = await db.ticketCategory.findMany({ where: { active: true }, select: { code: true } });
  const known = (code: string | null | undefined) => (code && categories.some((c) => c.code === code) ? code : null);
  let categoryCode = known(tag);
  if (!categoryCode) {
    const fallback = known(options.defaultCategoryCode);
    if (!fallback) {
      return reject(tag ? `unknown category ${tag} and no default category (--category)` : 'no category: tag the subject with [CODE] or give a default (--category)', messageId);
    }
    if (tag) warnings.push(`Bilinmeyen kategori etiketi [${tag}]; ${fallback} kategorisine alındı.`);
    categoryCode = fallback;
  }

  const members = await db.member.findMany({
    where: { email: { equals: email.data, mode: 'insensitive' }, erasedAt: null },
    select: { id: true },
    take: 2,
  });
  const memberId = members.length === 1 ? members[0]!.id : null;

  const kept: { id: string; fileName: string; contentType: string; bytes: Buffer; sha256: string }[] = [];
  mail.attachments.forEach((a, i) => {
    const fileName = safeFileName(a.filename, i);
    const contentType = a.contentType.toLowerCase();
    const limit = (TICKET_ATTACHMENT_LIMITS as Record<string, number>)[contentType];
    const size = a.content.length;
    const refuse = (why: string) => warnings.push(`Ek alınmadı: ${fileName} (${contentType}, ${human(size)}): ${why}.`);
    if (limit === undefined) return refuse('yalnız JPEG, PNG ve PDF kabul edilir');
    if (size > limit) return refuse(`en fazla ${human(limit)}`);
    if (size === 0 || !looksLike(contentType, a.content)) return refuse('içerik türüyle uyuşmuyor');
    if (kept.length >= MAX_ATTACHMENTS) return refuse(`bir talepte en fazla ${MAX_ATTACHMENTS} ek`);
    kept.push({ id: randomUUID(), fileName, contentType, bytes: a.content, sha256: createHash('sha256').update(a.content).digest('hex') });
  });

  // Files first under ids chosen now, rows second; the files go again if the rows cannot be written.
  const ticketId = randomUUID();
  const storageKey = (attachmentId: string) => `tickets/${ticketId}/${attachmentId}`;
  for (const f of kept) {
    const target = attachmentPath(options.filesDir, storageKey(f.id));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(`${target}.part`, f.bytes);
    await rename(`${target}.part`, target);
  }
  try {
    const ticket = await db.$transaction(async (tx) => {
      const created = await openTicket(
        tx,
        actor,
        {
          id: ticketId,
          emailMessageId: messageId,
          kind: 'COMPLAINT',
          channel: 'EMAIL',
          categoryCode: categoryCode!,
          text,
          subject,
          storeId: null,
          memberId,
          terminalId: null,
          // Writing to us about this matter is permission to answer it by e-mail (not a marketing permission).
          contactChannel: 'EMAIL',
          contact: { name: sender?.name?.trim().slice(0, 120) || undefined, email: email.data },
        },
        now,
      );
      for (const f of kept) {
        await tx.ticketAttachment.create({
          data: {
            id: f.id,
            ticketId,
            fileName: f.fileName,
            contentType: f.contentType,
            byteSize: f.bytes.length,
            sha256: f.sha256,
            storageKey: storageKey(f.id),
            uploadedByType: actor.type,
            uploadedById: actor.id,
            createdAt: now,
          },
        });
        await tx.ticketEvent.create({
          data: { ticketId, kind: 'ATTACHMENT', actorType: actor.type, actorId: actor.id, data: { attachmentId: f.id, fileName: f.fileName, contentType: f.contentType }, at: now },
        });
      }
      const sent = mail.date ? ` Gönderim: ${mail.date.toISOString()}.` : '';
      await tx.ticketEvent.create({
        data: {
          ticketId,
          kind: 'NOTE',
          actorType: actor.type,
          actorId: actor.id,
          body: [`E-postadan alındı: ${email.data}.${sent}`, ...warnings].join('\n'),
          data: { messageId, source: path.basename(source), attachments: kept.length },
          at: now,
        },
      });
      await writeAudit(tx, actor, {
        action: 'ticket.mail-import',
        entityType: 'ticket',
        entityId: ticketId,
        after: { messageId, memberId, categoryCode, attachments: kept.map((f) => ({ id: f.id, fileName: f.fileName, sha256: f.sha256 })), warnings },
      });
      return created;
    });
    return { status: 'created', source, messageId, ticketId, ticketNumber: ticket.number, categoryCode: categoryCode!, memberId, attachments: kept.length, warnings };
  } catch (error) {
    await rm(path.join(options.filesDir, 'tickets', ticketId), { recursive: true, force: true });
    if (isUniqueViolation(error)) {
      // Another run filed the same mail a moment ago.
      const other = await db.ticket.findUnique({ where: { emailMessageId: messageId }, select: { number: true } });
      if (other) return { status: 'duplicate', source, messageId, ticketNumber: other.number };
    }
    throw error;
  }
}

/**
 * Splits an mbox file (mboxo/mboxrd: each message starts with a `From ` line after a blank line or at the
 * start) into raw messages, undoing the `>From ` quoting of mboxrd.
 */
export function splitMbox(raw: Buffer): Buffer[] {
  const text = raw.toString('latin1'); // byte-preserving: the MIME parser decodes charsets later
  const starts: number[] = [];
  const re = /^From [^\r\n]*\r?\n/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index === 0 || /\n\r?\n$/.test(text.slice(Math.max(0, m.index - 3), m.index))) starts.push(m.index);
  }
  return starts.map((start, i) => {
    const end = starts[i + 1] ?? text.length;
    const body = text.slice(start, end).replace(/^From [^\r\n]*\r?\n/, '').replace(/^>(>*From )/gm, '$1');
    // The blank line before the next "From " separates messages; it is not part of this one.
    return Buffer.from(body.replace(/(\r?\n)\r?\n$/, '$1'), 'latin1');
  });
}
