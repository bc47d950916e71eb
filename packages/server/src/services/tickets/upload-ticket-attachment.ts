import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { Db } from '../../db/database';
import type { RawUpload } from '../../http/raw-upload';
import { ServiceError, notFound } from '../../http/service-error';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../context';

const MAX_ATTACHMENTS = 20;

/** Where an attachment's bytes live under KULUP_FILES_DIR: `tickets/<ticketId>/<attachmentId>` (no user-given names). */
export function attachmentPath(filesDir: string, storageKey: string): string {
  return path.join(filesDir, ...storageKey.split('/'));
}

/**
 * Attaches an upload that the route already checked (JPEG, PNG or PDF ≤ 5 MB, matching magic bytes) to a
 * ticket: the file is written under a generated name first and the row second, and the file is removed again
 * if the row cannot be written, so no row points at a missing file. At most 20 attachments per ticket.
 */
export async function uploadTicketAttachment(
  deps: { db: Db; config: { filesDir: string } },
  actor: Actor,
  ticketId: string,
  fileName: string,
  upload: RawUpload,
  now: Date = new Date(),
) {
  const ticket = await deps.db.ticket.findUnique({ where: { id: ticketId }, select: { id: true, _count: { select: { attachments: true } } } });
  if (!ticket) throw notFound('Ticket');
  if (ticket._count.attachments >= MAX_ATTACHMENTS) throw new ServiceError('CONFLICT', `A ticket holds at most ${MAX_ATTACHMENTS} attachments`);
  const id = randomUUID();
  const storageKey = `tickets/${ticketId}/${id}`;
  const target = attachmentPath(deps.config.filesDir, storageKey);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(`${target}.part`, upload.bytes);
  await rename(`${target}.part`, target);
  try {
    const attachment = await deps.db.$transaction(async (tx) => {
      const created = await tx.ticketAttachment.create({
        data: {
          id,
          ticketId,
          fileName,
          contentType: upload.contentType,
          byteSize: upload.bytes.length,
          sha256: upload.sha256,
          storageKey,
          uploadedByType: actor.type,
          uploadedById: actor.id,
          createdAt: now,
        },
      });
      await tx.ticketEvent.create({
        data: { ticketId, kind: 'ATTACHMENT', actorType: actor.type, actorId: actor.id, data: { attachmentId: id, fileName, contentType: upload.contentType }, at: now },
      });
      await writeAudit(tx, actor, {
        action: 'ticket.attachment',
        entityType: 'ticket',
        entityId: ticketId,
        after: { attachmentId: id, fileName, contentType: upload.contentType, byteSize: upload.bytes.length, sha256: upload.sha256 },
      });
      return created;
    });
    return {
      id: attachment.id,
      fileName: attachment.fileName,
      contentType: attachment.contentType,
      byteSize: attachment.byteSize,
      sha256: attachment.sha256,
      createdAt: attachment.createdAt.toISOString(),
    };
  } catch (error) {
    await rm(target, { force: true });
    throw error;
  }
}
