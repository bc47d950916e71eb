import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one server instance (a registry per app, so tests can run several). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kulup_' });
  const httpDuration = new Histogram({
    name: 'kulup_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'kulup_http_errors_total',
    help: 'Error responses by code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  return { registry, httpDuration, errors };
}
export type Metrics = ReturnType<typeof createMetrics>;
