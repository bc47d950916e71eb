import type { TInboundMailResult } from '@kulup/contracts';

import type { Db } from '../../db/database';
import { ServiceError } from '../../http/service-error';
import type { Actor } from '../context';
import { importMail } from './import-mail';

/**
 * The inbound-mail webhook: files the posted raw mail like `kulup tickets import-mail` does (same category,
 * member, attachment and Message-ID rules); a mail that cannot be filed is a 400 naming the reason, and a
 * repeated delivery answers `duplicate` with the ticket filed the first time.
 */
export async function receiveInboundMail(
  deps: { db: Db; config: { filesDir: string } },
  actor: Actor,
  raw: Buffer,
  defaultCategoryCode: string | undefined,
): Promise<TInboundMailResult> {
  if (defaultCategoryCode) {
    const category = await deps.db.ticketCategory.findUnique({ where: { code: defaultCategoryCode }, select: { active: true } });
    if (!category?.active) throw new ServiceError('UNKNOWN_REFERENCE', `There is no category ${defaultCategoryCode}`, [{ path: 'query.category', message: 'Unknown category' }]);
  }
  const outcome = await importMail(deps.db, actor, raw, 'webhook', { defaultCategoryCode, filesDir: deps.config.filesDir });
  switch (outcome.status) {
    case 'rejected':
      throw new ServiceError('VALIDATION_FAILED', `The mail cannot be filed: ${outcome.reason}`, [{ path: '(body)', message: outcome.reason }]);
    case 'duplicate':
      return { status: 'duplicate', ticketNumber: outcome.ticketNumber, messageId: outcome.messageId, warnings: [] };
    case 'created':
      return { status: 'created', ticketNumber: outcome.ticketNumber, messageId: outcome.messageId, warnings: outcome.warnings };
  }
}
