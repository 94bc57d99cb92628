import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { findProjectRoot } from '../../modules/config/app-config.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { SessionClient, setupOwner } from '../../../test/session-client.js';
import { inDays, insertAsset, insertSocialAccount } from '../../../test/factories.js';

interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  $ref?: string;
  allOf?: Schema[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
}
interface Operation {
  parameters?: { name: string; in: 'path' | 'query' | 'header'; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

const spec = JSON.parse(readFileSync(join(findProjectRoot(process.cwd()), 'apps/api/openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

/** Routes that end the session, delete the workspace under the test, or stream forever. */
const SKIP = new Set(['POST /api/auth/logout', 'DELETE /api/workspaces/{id}', 'GET /api/marketing-war-room/events', 'POST /api/auth/password']);

const resolve = (schema: Schema | undefined): Schema => {
  if (!schema) return {};
  if (schema.$ref) return resolve(spec.components.schemas[schema.$ref.split('/').pop()!]);
  if (schema.allOf) return schema.allOf.map(resolve).reduce((a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b.properties } }), {});
  return schema;
};

const nasty = fc.oneof(
  fc.constant(''),
  fc.constant('x'.repeat(5000)),
  fc.constant('💥\u0000\u202e<script>alert(1)</script>'),
  fc.constant('../../../etc/passwd'),
  fc.constant("' OR 1=1 --"),
  fc.constant('00000000-0000-0000-0000-000000000000'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer().map(String),
);
const wrongType = fc.oneof(fc.constant(null), fc.integer(), fc.double(), fc.boolean(), fc.constant([]), fc.constant({ nested: { deep: true } }), nasty);

function valueFor(schema: Schema, ids: Record<string, string>, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const plausible: fc.Arbitrary<unknown>[] = [];
  if (s.enum) plausible.push(fc.constantFrom(...s.enum));
  else if (s.format === 'uuid') plausible.push(fc.constantFrom(...Object.values(ids)), fc.uuid());
  else if (s.format === 'date-time') plausible.push(fc.constant(inDays(2)), fc.constant('2020-01-01T00:00:00Z'), fc.constant('2026-13-45T99:99'));
  else if (s.format === 'email') plausible.push(fc.constant('someone@example.com'), fc.constant('not-an-email'));
  else if (s.type === 'string') plausible.push(fc.string({ maxLength: 30 }));
  else if (s.type === 'integer' || s.type === 'number') plausible.push(fc.integer({ min: -5, max: 300 }));
  else if (s.type === 'boolean') plausible.push(fc.boolean());
  else if (s.type === 'array') plausible.push(depth > 2 ? fc.constant([]) : fc.array(valueFor(s.items ?? {}, ids, depth + 1), { maxLength: 3 }));
  else if (s.type === 'object' || s.properties) plausible.push(depth > 2 ? fc.constant({}) : objectFor(s, ids, depth + 1));
  else plausible.push(fc.string({ maxLength: 10 }));
  return fc.oneof({ arbitrary: fc.oneof(...plausible), weight: 3 }, { arbitrary: wrongType, weight: 1 });
}

function objectFor(schema: Schema, ids: Record<string, string>, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const s = resolve(schema);
  const entries = Object.entries(s.properties ?? {});
  const record = fc.record(Object.fromEntries(entries.map(([k, v]) => [k, valueFor(v, ids, depth)])), { requiredKeys: [] });
  return fc.tuple(record, fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), wrongType, { maxKeys: 2 }), { nil: undefined })).map(([r, extra]) => ({ ...r, ...(extra ?? {}) }));
}

describe('fuzzing every route of the OpenAPI document as a signed-in owner', () => {
  let db: TestDatabase;
  let t: TestApp;
  let owner: SessionClient;
  let sql: DataSource;
  let ids: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase('fuzz');
    t = await startTestApp({ DATABASE_URL: db.url, ROLES: 'api', LOGIN_ATTEMPTS_PER_IP: '100000', LOGIN_ATTEMPTS_PER_ACCOUNT: '100000' });
    sql = t.app.get(DataSource);
    owner = await setupOwner(t.app.getHttpServer());
    const me = (await owner.get('/api/auth/me')).body;
    const workspaceId: string = me.workspace.id;
    const accountId = await insertSocialAccount(sql, workspaceId, 'tiktok');
    const assetId = await insertAsset(sql, workspaceId);
    const item = (await owner.post('/api/content-items', { title: 'Fuzz', caption: 'c', assetId, scheduledAt: inDays(3), timeZone: 'UTC', targets: [{ accountId }] }).expect(201)).body;
    const key = (await owner.post('/api/api-keys', { name: 'fuzz', scopes: ['content:read'] }).expect(201)).body.apiKey;
    ids = { workspaceId, accountId, assetId, itemId: item.id, userId: me.user.id, keyId: key.id };
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  /** What a rejected request must leave untouched. */
  const fingerprint = async () =>
    JSON.stringify(
      await sql.query(`SELECT
        (SELECT count(*) FROM users) u, (SELECT count(*) FROM workspaces) w, (SELECT count(*) FROM memberships) m,
        (SELECT count(*) FROM api_keys WHERE revoked_at IS NULL) k, (SELECT count(*) FROM invitations) i,
        (SELECT count(*) FROM content_items) ci, (SELECT coalesce(sum(version), 0) FROM content_items) cv,
        (SELECT count(*) FROM content_item_targets) ct, (SELECT count(*) FROM social_accounts WHERE status = 'active') sa,
        (SELECT count(*) FROM content_assets) a, (SELECT count(*) FROM publish_jobs) j, (SELECT coalesce(max(id), 0) FROM audit_log) al`),
    );

  const operations = Object.entries(spec.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, op })));

  it('covers the document', () => {
    expect(operations.length).toBeGreaterThan(40);
  });

  it.each(operations.filter((o) => !SKIP.has(`${o.method} ${o.path}`)).map((o) => [`${o.method} ${o.path}`, o] as const))('%s answers every generated request without a 5xx', async (_name, { method, path, op }) => {
    const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
    const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
    const bodySchema = op.requestBody?.content?.['application/json']?.schema;
    const requestArb = fc.record({
      path: fc.tuple(...pathParams.map(() => fc.oneof(fc.constantFrom(...Object.values(ids)), fc.uuid(), nasty))),
      query: fc.tuple(...queryParams.map((p) => fc.option(valueFor(p.schema ?? { type: 'string' }, ids), { nil: undefined }))),
      body: bodySchema ? fc.oneof({ arbitrary: objectFor(bodySchema, ids), weight: 4 }, { arbitrary: wrongType, weight: 1 }) : fc.constant(undefined),
    });
    await fc.assert(
      fc.asyncProperty(requestArb, async ({ path: values, query, body }) => {
        let url = path;
        pathParams.forEach((p, i) => (url = url.replace(`{${p.name}}`, encodeURIComponent(String(values[i])))));
        const qs = new URLSearchParams();
        queryParams.forEach((p, i) => query[i] !== undefined && qs.set(p.name, typeof query[i] === 'object' ? JSON.stringify(query[i]) : String(query[i])));
        if ([...qs].length) url += `?${qs}`;
        const before = await fingerprint();
        // The body goes as JSON text whatever its type: numbers, nulls and strings are bad input too.
        const req = owner.call(method.toLowerCase() as 'get', url, body === undefined ? {} : { body: JSON.stringify(body) });
        const res = body === undefined ? await req : await req.set('content-type', 'application/json');
        const label = `${method} ${url.slice(0, 120)} → ${res.status}`;
        expect(res.status < 500 ? 'no 5xx' : `${label}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe('no 5xx');
        if (res.status >= 400 && method !== 'HEAD') {
          expect(res.body).toMatchObject({ statusCode: res.status, code: expect.any(String), message: expect.any(String) });
          expect(await fingerprint()).toBe(before);
        }
      }),
      { numRuns: 12, seed: 20261125, endOnFailure: true },
    );
  });
});
