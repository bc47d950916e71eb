import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testDatabases } from '../support/databases';
import { startTestServer } from '../support/test-server';
import type { TestServer } from '../support/test-server';

describe.each(testDatabases())('health, metrics and API docs on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.close());

  it('reports health with the database kind', async () => {
    const res = await server.raw('/health');
    expect(res).toEqual({ status: 200, body: { status: 'ok', database: kind, version: expect.any(String) } });
  });

  it('serves Prometheus metrics counting requests by route', async () => {
    await server.raw('/api/v1/stores');
    const res = await server.raw('/metrics');
    expect(res.status).toBe(200);
    expect(res.body).toContain('kulup_http_request_duration_seconds_count{method="GET",route="/api/v1/stores",status="401"}');
    expect(res.body).toContain('kulup_http_errors_total{code="UNAUTHENTICATED"}');
    expect(res.body).toContain('kulup_process_cpu_user_seconds_total');
  });

  it('serves an OpenAPI document generated from the contracts, and a docs page', async () => {
    const res = await server.raw('/openapi.json');
    expect(res.body.openapi).toBe('3.1.0');
    const identify = res.body.paths['/api/v1/terminal/identify'].post;
    expect(identify.security).toEqual([{ terminalBearer: [] }]);
    expect(Object.keys(identify.requestBody.content['application/json'].schema.properties)).toEqual(['cardNumber', 'nfcUid', 'sun']);
    expect(res.body.paths['/api/v1/members/{memberId}'].get.parameters[0]).toMatchObject({ name: 'memberId', in: 'path' });
    // Every reference resolves inside the document; the recursive segment rule is one named component.
    const text = JSON.stringify(res.body);
    const refs = new Set([...text.matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!));
    expect(refs).toContain('#/components/schemas/SegmentRule');
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(res.body.components.schemas[ref.split('/').pop()!], ref).toBeDefined();
    }
    expect(text).not.toContain('$defs');
    const docs = await server.raw('/docs/');
    expect(docs.status).toBe(200);
    expect(String(docs.body)).toContain('swagger-ui');
  });

  it('echoes a request id and puts it in error bodies', async () => {
    const res = await server.raw('/api/v1/stores', { headers: { 'x-request-id': 'till-7-req-000123' } });
    expect(res.body.error.requestId).toBe('till-7-req-000123');
  });
});
