import { SERVICE, staff } from '@kulup/contracts';
import type { Express, NextFunction, Request, Response } from 'express';
import { z } from 'zod';

import type { Config } from '../config';
import type { Db } from '../db/database';
import type { Tokens } from '../lib/tokens';
import { findTicketAttachment } from '../services/tickets/find-ticket-attachment';
import { authenticate } from './authenticate';
import { ServiceError } from './service-error';

const ZParams = z.object({ ticketId: z.uuid(), attachmentId: z.uuid() });

/**
 * Serves a ticket attachment to agents and admins at `GET /api/v1/tickets/:ticketId/attachments/:attachmentId`.
 * It lives outside the JSON route table because the answer is the file itself; it is sent as a download
 * (never rendered inline) with its checked type, so an uploaded file cannot act as a page of this site.
 */
export function mountTicketAttachments(app: Express, deps: { db: Db; config: Config; tokens: Tokens }): void {
  app.get('/api/v1/tickets/:ticketId/attachments/:attachmentId', async (req: Request, res: Response, next: NextFunction) => {
    try {
      await authenticate(deps, req, staff(SERVICE));
      const params = ZParams.safeParse(req.params);
      if (!params.success) throw new ServiceError('VALIDATION_FAILED', 'The request params are invalid', [{ path: 'params', message: 'ticketId and attachmentId are ids' }]);
      const file = await findTicketAttachment({ db: deps.db, filesDir: deps.config.filesDir }, params.data.ticketId, params.data.attachmentId);
      res.setHeader('Content-Type', file.contentType);
      res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
      res.setHeader('Cache-Control', 'private, no-store');
      res.sendFile(file.path, { etag: false, headers: { ETag: `"${file.sha256}"` } }, (error) => {
        if (error && !res.headersSent) next(new ServiceError('NOT_FOUND', 'Attachment file not found'));
      });
    } catch (error) {
      next(error);
    }
  });
}
