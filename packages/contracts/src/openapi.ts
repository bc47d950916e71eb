import { z } from 'zod';

import { ZErrorBody } from './errors';
import { routes } from './routes';
import type { RouteDef } from './route-def';

type JsonSchema = Record<string, unknown>;

/**
 * Converts one zod schema. Named or recursive parts come out of zod as local `$defs` with `#/$defs/…`
 * references, which mean nothing inside an OpenAPI document: they are moved to `components.schemas`
 * (one entry per name; an input and an output shape that differ get their own) and the references rewritten.
 */
function schemaConverter(components: Record<string, JsonSchema>) {
  const original = new Map<string, string>(); // component name → zod's text of it, to tell same from different
  return (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const { $defs, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema & {
      $defs?: Record<string, JsonSchema>;
    };
    if (!$defs) return json;
    const names = new Map<string, string>();
    for (const [key, def] of Object.entries($defs)) {
      const text = JSON.stringify(def);
      const candidates = [key, `${key}_${io}`];
      const name = candidates.find((n) => !original.has(n) || original.get(n) === text) ?? `${key}_${io}_${original.size}`;
      original.set(name, text);
      names.set(key, name);
    }
    const rewrite = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(rewrite);
      if (value === null || typeof value !== 'object') return value;
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) =>
          k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/') ? [k, `#/components/schemas/${names.get(v.slice(8)) ?? v.slice(8)}`] : [k, rewrite(v)],
        ),
      );
    };
    for (const [key, def] of Object.entries($defs)) components[names.get(key)!] ??= rewrite(def) as JsonSchema;
    return rewrite(json) as JsonSchema;
  };
}

/** Builds the OpenAPI 3.1 document from the route table, so the docs cannot drift from validation. */
export function buildOpenApi(info: { version: string; serverUrl?: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, JsonSchema> = {};
  const toSchema = schemaConverter(schemas);
  for (const [operationId, def] of Object.entries(routes) as [string, RouteDef][]) {
    const path = def.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const parameters: unknown[] = [];
    const params = def.params?.shape ?? {};
    for (const name of Object.keys(params)) {
      parameters.push({ name, in: 'path', required: true, schema: toSchema(params[name] as z.ZodType, 'input') });
    }
    if (def.query) {
      const json = toSchema(def.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: 'query', required: json.required?.includes(name) ?? false, schema });
      }
    }
    const security =
      def.auth.kind === 'public'
        ? []
        : def.auth.kind === 'terminal-or-member'
          ? [{ terminalBearer: [] }, { memberBearer: [] }]
          : [{ [def.auth.kind === 'staff' ? 'staffBearer' : def.auth.kind === 'terminal' ? 'terminalBearer' : 'memberBearer']: [] }];
    const roles = def.auth.kind === 'staff' ? ` Roles: ${def.auth.roles.join(', ')}.` : '';
    paths[path] ??= {};
    paths[path][def.method] = {
      operationId,
      summary: def.summary,
      description: `${def.summary}.${roles}`,
      tags: [def.tag],
      security,
      parameters,
      ...(def.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(def.body, 'input') } } } }
        : {}),
      ...(def.upload
        ? {
            requestBody: {
              required: true,
              content: Object.fromEntries(
                Object.entries(def.upload.allowed).map(([type, max]) => [type, { schema: { type: 'string', format: 'binary', maxLength: max } }]),
              ),
            },
          }
        : {}),
      responses: {
        [String(def.status ?? 200)]: def.download
          ? {
              description: 'The file, sent as an attachment (Content-Disposition names it)',
              content: Object.fromEntries(def.download.contentTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
            }
          : {
              description: 'Success',
              content: { 'application/json': { schema: toSchema(def.response, 'output') } },
            },
        default: {
          description: 'Error: `{ error: { code, message, fields? } }`',
          content: { 'application/json': { schema: toSchema(ZErrorBody, 'output') } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Kulüp loyalty API', version: info.version },
    servers: info.serverUrl ? [{ url: info.serverUrl }] : [],
    components: {
      schemas,
      securitySchemes: {
        staffBearer: { type: 'http', scheme: 'bearer', description: 'Token from POST /api/v1/auth/login' },
        terminalBearer: { type: 'http', scheme: 'bearer', description: 'Token from POST /api/v1/terminal-auth/token' },
        memberBearer: { type: 'http', scheme: 'bearer', description: 'Kiosk member session from identify' },
      },
    },
    paths,
  };
}
