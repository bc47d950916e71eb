import { existsSync } from 'node:fs';
import path from 'node:path';

import express from 'express';
import type { Express, Request, Response } from 'express';

export type SpaMount = {
  /** URL prefix without the trailing slash, e.g. `/kiosk`. */
  prefix: string;
  /** The vite build directory (with index.html and hashed assets/). */
  dist: string;
  /** The workspace package that builds it, named in the "not built" page. */
  packageName: string;
  /** Extra headers for a file it serves (e.g. the service worker's scope). */
  fileHeaders?: (file: string, res: Response) => void;
  /** Extra headers on the page itself. */
  pageHeaders?: Record<string, string>;
};

const notBuilt = (packageName: string) => `<!doctype html><html lang="en"><meta charset="utf-8"><title>Kulüp: ${packageName} not built</title>
<body style="font-family:sans-serif;max-width:40rem;margin:4rem auto"><h1>The app ${packageName} is not built</h1>
<p>Build it once with <code>pnpm --filter ${packageName} build</code> (or <code>pnpm build</code>), then reload this page.</p></body></html>`;

/**
 * Serves a single-page app under a prefix: hashed assets cached for a year, everything else (the page, a
 * service worker) never cached by HTTP so a new build is found at once, every client-side route answered with
 * the page, a missing file under the prefix a 404, and a missing build a clear 503 saying what to run.
 */
export function mountSpa(app: Express, spa: SpaMount): void {
  app.get(new RegExp(`^${spa.prefix}$`), (_req, res) => res.redirect(301, `${spa.prefix}/`));
  app.use(
    spa.prefix,
    express.static(spa.dist, {
      index: 'index.html',
      redirect: false,
      setHeaders: (res, file) => {
        if (file.includes(`${path.sep}assets${path.sep}`)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
        else res.setHeader('Cache-Control', 'no-cache');
        spa.fileHeaders?.(file, res);
      },
    }),
  );
  app.get(new RegExp(`^${spa.prefix}/.*`), (req: Request, res: Response) => {
    const index = path.join(spa.dist, 'index.html');
    if (!existsSync(index)) {
      res.status(503).type('html').send(notBuilt(spa.packageName));
      return;
    }
    if (path.extname(req.path)) {
      res.status(404).type('text').send('Not found');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    for (const [name, value] of Object.entries(spa.pageHeaders ?? {})) res.setHeader(name, value);
    res.sendFile(index);
  });
}
