import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { findProjectRoot } from '../../modules/config/app-config.js';
import { codesNamedIn, createOpenApiDocument, serializeOpenApi } from './openapi.js';

describe('committed OpenAPI spec', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ROLES: 'all' });
  });
  afterAll(() => t?.close());

  it('matches what the code describes (run `npm run openapi` after changing an endpoint)', () => {
    const committed = readFileSync(join(findProjectRoot(process.cwd()), 'apps', 'api', 'openapi.json'), 'utf8');
    expect(serializeOpenApi(createOpenApiDocument(t.app))).toBe(committed);
  });

  it('uses the method name as operationId for every operation', () => {
    const document = createOpenApiDocument(t.app);
    const ids = Object.values(document.paths).flatMap((item) => Object.values(item as Record<string, { operationId?: string }>).map((op) => op.operationId));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z]+$/);
  });

  it('declares every id path parameter ({id}, {…Id}) as a uuid, as its pipe parses it (issue 34)', () => {
    const document = createOpenApiDocument(t.app) as unknown as {
      paths: Record<string, Record<string, { operationId?: string; parameters?: { in: string; name: string; schema?: { format?: string } }[] }>>;
    };
    const idParams = Object.values(document.paths).flatMap((item) =>
      Object.values(item).flatMap((operation) =>
        (operation.parameters ?? [])
          .filter((parameter) => parameter.in === 'path' && /^(id|[a-z][A-Za-z]*Id)$/.test(parameter.name))
          .map((parameter) => ({ where: `${operation.operationId} {${parameter.name}}`, format: parameter.schema?.format })),
      ),
    );
    expect(idParams.length).toBeGreaterThan(40);
    expect(idParams.filter((param) => param.format !== 'uuid').map((param) => param.where)).toEqual([]);
  });

  it('gives every request body an example: on the body, or on each of its required properties (issue 34)', () => {
    type Schema = { $ref?: string; example?: unknown; format?: string; properties?: Record<string, Schema>; required?: string[]; allOf?: Schema[] };
    const document = createOpenApiDocument(t.app) as unknown as {
      paths: Record<
        string,
        Record<string, { operationId?: string; requestBody?: { content?: Record<string, { schema?: Schema; example?: unknown; examples?: unknown }> } }>
      >;
      components: { schemas: Record<string, Schema> };
    };
    const resolve = (schema: Schema | undefined): Schema | undefined =>
      schema?.$ref ? resolve(document.components.schemas[schema.$ref.replace('#/components/schemas/', '')]) : schema;
    const hasExample = (schema: Schema | undefined): boolean => {
      const resolved = resolve(schema);
      if (!resolved) return false;
      if (resolved.example !== undefined) return true;
      if (resolved.allOf) return resolved.allOf.every(hasExample);
      const properties = Object.entries(resolved.properties ?? {});
      const required = new Set(resolved.required ?? []);
      return (
        properties.some(([, property]) => hasExample(property)) &&
        properties.filter(([name]) => required.has(name)).every(([, property]) => hasExample(property))
      );
    };
    const bodies = Object.values(document.paths).flatMap((item) =>
      Object.values(item).flatMap((operation) =>
        Object.entries(operation.requestBody?.content ?? {}).map(([mediaType, media]) => ({
          where: `${operation.operationId} ${mediaType}`,
          // Raw bytes (an uploaded logo) have no meaningful example in a JSON document.
          ok: media.example !== undefined || media.examples !== undefined || resolve(media.schema)?.format === 'binary' || hasExample(media.schema),
        })),
      ),
    );
    expect(bodies.length).toBeGreaterThan(40);
    expect(bodies.filter((body) => !body.ok).map((body) => body.where)).toEqual([]);
  });

  it('narrows the precondition answers (412, 428) to the codes their descriptions name, plus those any route may answer at that status (issue 34)', () => {
    const document = createOpenApiDocument(t.app) as unknown as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref?: string; allOf?: unknown[] } }> }> }>>;
    };
    const codesOf = (path: string, method: string, status: string) => {
      const schema = document.paths[path]![method]!.responses[status]!.content!['application/json']!.schema;
      return schema.allOf ? (schema.allOf[1] as { properties: { code: { enum: string[] } } }).properties.code.enum : 'any';
    };
    expect(codesOf('/api/content-items/{id}', 'delete', '428')).toEqual(['VERSION_REQUIRED']);
    expect(codesOf('/api/content-items/{id}', 'patch', '412')).toEqual(['STALE_VERSION']);
    expect(codesOf('/api/content-items/{id}', 'patch', '428')).toEqual(['VERSION_REQUIRED']);
    // Not narrowed yet: descriptions of other statuses do not name every code a route can throw.
    expect(codesOf('/api/content-items/{id}', 'patch', '409')).toBe('any');
    expect(codesNamedIn('Refused (CAPTION_REJECTED, params.max) or NOT A CODE')).toEqual(['CAPTION_REJECTED']);
  });
});
