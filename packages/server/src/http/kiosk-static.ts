import path from 'node:path';

import type { Express, Request, Response, NextFunction } from 'express';

import type { Config } from '../config';
import type { Db } from '../db/database';
import { findMediaFile } from '../services/media/find-media-file';
import { mountSpa } from './spa-static';

/**
 * Serves uploaded media at `/media/:id` (public, immutable: an id never changes its bytes; ranges for video)
 * and the kiosk PWA at `/kiosk/`, with the service worker and the page never cached by HTTP so a new
 * version is found, and hashed assets cached for a year.
 */
export function mountKioskAndMedia(app: Express, deps: { db: Db; config: Config }): void {
  app.get('/media/:mediaId', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const file = await findMediaFile({ db: deps.db, filesDir: deps.config.filesDir }, String(req.params.mediaId));
      if (!file) {
        res.status(404).json({ error: { code: 'NOT_FOUND', message: 'Media not found', requestId: String(req.id) } });
        return;
      }
      res.setHeader('Content-Type', file.contentType);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
      res.sendFile(file.path, { maxAge: '365d', immutable: true, etag: false, headers: { ETag: `"${file.sha256}"` } });
    } catch (error) {
      next(error);
    }
  });

  mountSpa(app, {
    prefix: '/kiosk',
    dist: deps.config.kioskDir,
    packageName: '@kulup/kiosk',
    fileHeaders: (file, res) => {
      if (path.basename(file) === 'sw.js') res.setHeader('Service-Worker-Allowed', '/kiosk/');
    },
  });
}
