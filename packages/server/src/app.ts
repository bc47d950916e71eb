import { randomUUID } from 'node:crypto';

import { buildOpenApi } from '@kulup/contracts';
import express from 'express';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import swaggerUi from 'swagger-ui-express';

import type { Config } from './config';
import type { Database } from './db/database';
import { errorHandler, notFoundHandler } from './http/error-handler';
import { handlers } from './http/handlers';
import { mountKioskAndMedia } from './http/kiosk-static';
import { mountSpa } from './http/spa-static';
import { createMetrics } from './http/metrics';
import { registerRoutes } from './http/register-routes';
import { mountTicketAttachments } from './http/ticket-attachments';
import type { Tokens } from './lib/tokens';

export const API_VERSION = '0.1.0';
const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/** Builds the Express app: JSON API from the contract table, OpenAPI and docs, health and metrics. */
export function createApp(options: { config: Config; database: Database; tokens: Tokens; logger: Logger; cardMasterKey: Buffer }): Express {
  const { config, database, tokens, logger, cardMasterKey } = options;
  const metrics = createMetrics();
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.set('query parser', 'simple');

  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
      redact: ['req.headers.authorization'],
    }),
  );
  app.use((req, res, next) => {
    const end = metrics.httpDuration.startTimer({ method: req.method });
    res.on('finish', () => end({ route: (req.route as { path?: string } | undefined)?.path ?? 'unmatched', status: res.statusCode }));
    next();
  });
  app.use(express.json({ limit: '64kb', strict: true }));

  app.get('/health', async (_req, res) => {
    try {
      await database.prisma.$queryRaw`select 1`;
      res.json({ status: 'ok', database: database.kind, version: API_VERSION });
    } catch {
      res.status(503).json({ status: 'unavailable', database: database.kind, version: API_VERSION });
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  const openapi = buildOpenApi({ version: API_VERSION });
  app.get('/openapi.json', (_req, res) => res.json(openapi));
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(openapi, { customSiteTitle: 'Kulüp API' }));

  registerRoutes(app, { db: database.prisma, config, tokens, cardMasterKey }, handlers);
  mountKioskAndMedia(app, { db: database.prisma, config });
  // The staff console; the server enforces every role again on its API calls.
  mountSpa(app, { prefix: '/console', dist: config.consoleDir, packageName: '@kulup/console', pageHeaders: { 'X-Frame-Options': 'DENY' } });
  mountTicketAttachments(app, { db: database.prisma, config, tokens });

  app.use(notFoundHandler);
  app.use(errorHandler(metrics));
  return app;
}
