import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import express from 'express';
import type { Express, Request, Response, NextFunction } from 'express';

import type { Config } from '../config';
import type { Db } from '../db/database';
import { findMediaFile } from '../services/media/find-media-file';

/** The built kiosk PWA (`pnpm --filter @kulup/kiosk build`). */
export const KIOSK_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../kiosk/dist');

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Kulüp kiosk not built</title>
<body style="font-family:sans-serif;max-width:40rem;margin:4rem auto"><h1>The kiosk app is not built</h1>
<p>Build it once with <code>pnpm --filter @kulup/kiosk build</code> (or <code>pnpm build</code>), then reload this page.</p></body></html>`;

/**
 * Serves uploaded media at `/media/:id` (public, immutable: an id never changes its bytes; ranges for video)
 * and the kiosk PWA at `/kiosk/`, with the service worker and the page never cached by HTTP so a new
 * version is found, and hashed assets cached for a year.
 */
export function mountKioskAndMedia(app: Express, deps: { db: Db; config: Config }, dist = KIOSK_DIST): void {
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

  app.get(/^\/kiosk$/, (_req, res) => res.redirect(301, '/kiosk/'));
  app.use(
    '/kiosk',
    express.static(dist, {
      index: 'index.html',
      redirect: false,
      setHeaders: (res, file) => {
        const name = path.basename(file);
        if (file.includes(`${path.sep}assets${path.sep}`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        else res.setHeader('Cache-Control', 'no-cache');
        if (name === 'sw.js') res.setHeader('Service-Worker-Allowed', '/kiosk/');
      },
    }),
  );
  // Client-side routes and a missing build: the page itself, or a clear message what to run.
  app.get(/^\/kiosk\/.*/, (req: Request, res: Response) => {
    const index = path.join(dist, 'index.html');
    if (!existsSync(index)) {
      res.status(503).type('html').send(NOT_BUILT);
      return;
    }
    if (path.extname(req.path)) {
      res.status(404).type('text').send('Not found');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
