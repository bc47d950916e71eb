import type { Db } from '../../db/database';
import { notFound } from '../../http/service-error';
import { attachmentPath } from './upload-ticket-attachment';

/** Locates an attachment of a ticket on disk, with the type and name to send it under. */
export async function findTicketAttachment(deps: { db: Db; filesDir: string }, ticketId: string, attachmentId: string) {
  const attachment = await deps.db.ticketAttachment.findFirst({ where: { id: attachmentId, ticketId } });
  if (!attachment) throw notFound('Attachment');
  return {
    path: attachmentPath(deps.filesDir, attachment.storageKey),
    contentType: attachment.contentType,
    fileName: attachment.fileName,
    sha256: attachment.sha256,
  };
}
