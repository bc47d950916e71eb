import type { ErrorCode, TErrorBody } from '@kulup/contracts';
import type { NextFunction, Request, Response } from 'express';

import type { Metrics } from './metrics';
import { ServiceError, httpStatusFor } from './service-error';

function classify(error: unknown): ServiceError {
  if (error instanceof ServiceError) return error;
  const type = (error as { type?: string }).type;
  if (type === 'entity.parse.failed') return new ServiceError('MALFORMED_JSON', 'The request body is not valid JSON');
  if (type === 'entity.too.large') return new ServiceError('PAYLOAD_TOO_LARGE', 'The request body is too large');
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
    return new ServiceError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported body encoding');
  }
  return new ServiceError('INTERNAL', 'Something went wrong on our side; it has been logged');
}

/** Turns every failure into the one error shape `{ error: { code, message, fields?, requestId } }`. */
export function errorHandler(metrics: Metrics) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = classify(error);
    const status = httpStatusFor(e.code);
    if (status >= 500) req.log.error({ err: error }, 'request failed');
    metrics.errors.inc({ code: e.code });
    const body: TErrorBody = {
      error: { code: e.code, message: e.message, ...(e.fields?.length ? { fields: e.fields } : {}), requestId: String(req.id) },
    };
    res.status(status).json(body);
  };
}

export function notFoundHandler(req: Request, res: Response) {
  const code: ErrorCode = 'ROUTE_NOT_FOUND';
  res.status(404).json({ error: { code, message: `No route ${req.method} ${req.path}`, requestId: String(req.id) } });
}
