import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import fc from 'fast-check';
import { DataSource } from 'typeorm';

import { inDays, insertAsset, insertSocialAccount } from '../../../test/factories.js';
import { OWNER, SessionClient, setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { findProjectRoot } from '../../modules/config/app-config.js';

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

/**
 * Every route is fuzzed. Three need care, handled where the requests are made:
 * - POST /api/auth/logout ends the session it is sent with: it is sent from a throwaway session.
 * - DELETE /api/workspaces/{id} would delete the workspace under test: its id is never generated
 *   for that route (random, foreign and malformed ids are).
 * - GET /api/marketing-war-room/events streams forever once accepted: its status and headers are
 *   read, then the connection is closed; a refusal is read in full like any other.
 * POST /api/auth/password is fuzzed as is: it cannot succeed without the current password, which
 * is never generated.
 */
const STREAMING = 'GET /api/marketing-war-room/events';
const ENDS_SESSION = 'POST /api/auth/logout';
const DELETES_WORKSPACE = 'DELETE /api/workspaces/{id}';

const resolve = (schema: Schema | undefined): Schema => {
  if (!schema) return {};
  if (schema.$ref) return resolve(spec.components.schemas[schema.$ref.split('/').pop()!]);
  if (schema.allOf) return schema.allOf.map(resolve).reduce((a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b.properties } }), {});
  return schema;
};

/** JSON text sent as is: nesting deeper than JSON.stringify (or a stack) would handle. */
class RawJson {
  constructor(readonly text: string) {}
}
const toJson = (value: unknown): string => {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
};
/** Objects and arrays nested past the body parser's limit (32), up to what overflowed class-transformer. */
const deepNesting = fc
  .tuple(fc.integer({ min: 33, max: 20_000 }), fc.boolean())
  .map(([depth, arrays]) => new RawJson(arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`));
const controlCharacter = fc
  .integer({ min: 0, max: 0x9f })
  .filter((c) => c < 0x20 || c >= 0x7f)
  .map((c) => String.fromCharCode(c));
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const nasty = fc.oneof(
  fc.constant(''),
  fc.constant('x'.repeat(5000)),
  fc.constant('💥\u0000\u202e<script>alert(1)</script>'),
  fc.constant('../../../etc/passwd'),
  fc.constant("' OR 1=1 --"),
  fc.constant('00000000-0000-0000-0000-000000000000'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer().map(String),
  // NUL and other control characters, and ill-formed UTF-16, inside otherwise plausible text.
  fc.tuple(fc.string({ maxLength: 8 }), controlCharacter, fc.string({ maxLength: 8 })).map(([a, c, b]) => `${a}${c}${b}`),
  fc.tuple(fc.string({ maxLength: 8 }), loneSurrogate, fc.string({ maxLength: 8 })).map(([a, c, b]) => `${a}${c}${b}`),
);
const wrongType = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant([]),
  fc.constant({ nested: { deep: true } }),
  nasty,
  deepNesting,
);

/** A path segment or query value: a lone surrogate cannot be UTF-8, so it goes as the bytes of one. */
const encodeSegment = (value: string): string => {
  try {
    return encodeURIComponent(value);
  } catch {
    return Array.from(value, (c) => (/^[\ud800-\udfff]$/.test(c) ? '%ED%A0%80' : encodeURIComponent(c))).join('');
  }
};

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
  return fc
    .tuple(record, fc.option(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), wrongType, { maxKeys: 2 }), { nil: undefined }))
    .map(([r, extra]) => ({ ...r, ...(extra ?? {}) }));
}

/** Every field of a body schema, nested ones and array items included: ['targets', 0, 'options', 'caption']. */
function fieldPaths(schema: Schema | undefined, prefix: (string | number)[] = [], depth = 0): (string | number)[][] {
  const s = resolve(schema);
  if (depth > 4) return [];
  return Object.entries(s.properties ?? {}).flatMap(([name, child]) => {
    const path = [...prefix, name];
    const c = resolve(child);
    if (c.type === 'array') {
      const item = resolve(c.items);
      return [path, [...path, 0], ...(item.properties ? fieldPaths(item, [...path, 0], depth + 1) : [])];
    }
    return [path, ...(c.properties ? fieldPaths(c, path, depth + 1) : [])];
  });
}

/** `base` with the field at `path` set to `value`, creating the objects and arrays on the way. */
function withField(base: Record<string, unknown>, path: (string | number)[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(base);
  let node: Record<string | number, unknown> = copy;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      node[key] = value;
      return;
    }
    const next = path[i + 1];
    const existing = node[key];
    if (typeof next === 'number') node[key] = Array.isArray(existing) && existing.length > 0 ? existing : [{}];
    else if (!existing || typeof existing !== 'object' || Array.isArray(existing)) node[key] = {};
    node = node[key] as Record<string | number, unknown>;
  });
  return copy;
}

const fieldName = (path: (string | number)[]) =>
  path
    .map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`))
    .join('')
    .slice(1);

describe('fuzzing every route of the OpenAPI document as a signed-in owner', () => {
  let db: TestDatabase;
  let t: TestApp;
  let owner: SessionClient;
  let sql: DataSource;
  let ids: Record<string, string>;
  let ownerEmail: string;
  let requests = 0;

  beforeAll(async () => {
    db = await createTestDatabase('fuzz');
    t = await startTestApp({ DATABASE_URL: db.url, ROLES: 'api', LOGIN_ATTEMPTS_PER_IP: '100000', LOGIN_ATTEMPTS_PER_ACCOUNT: '100000' });
    // Listening, so the event stream can be read with a plain request and closed.
    const server = t.app.getHttpServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    sql = t.app.get(DataSource);
    owner = await setupOwner(server);
    const me = (await owner.get('/api/auth/me')).body;
    ownerEmail = me.user.email;
    const workspaceId: string = me.workspace.id;
    const accountId = await insertSocialAccount(sql, workspaceId, 'tiktok');
    const assetId = await insertAsset(sql, workspaceId);
    const item = (
      await owner
        .post('/api/content-items', { title: 'Fuzz', caption: 'c', assetId, scheduledAt: inDays(3), timeZone: 'UTC', targets: [{ accountId }] })
        .expect(201)
    ).body;
    const key = (await owner.post('/api/api-keys', { name: 'fuzz', scopes: ['content:read'] }).expect(201)).body.apiKey;
    const trend = (await owner.post('/api/trends', { label: 'Fuzz trend', kind: 'sound' }).expect(201)).body;
    ids = { workspaceId, accountId, assetId, itemId: item.id, userId: me.user.id, keyId: key.id, trendId: trend.id };
  });
  afterAll(async () => {
    console.info(`fuzz: ${requests} requests`);
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
        (SELECT count(*) FROM content_assets) a, (SELECT count(*) FROM publish_jobs) j, (SELECT coalesce(max(id), 0) FROM audit_log) al,
        ${['trend_entries', 'workspaces', 'users', 'automations', 'publication_metrics'].map((table) => `(SELECT md5(coalesce(string_agg(r::text, ',' ORDER BY r::text), '')) FROM ${table} r) "${table}"`).join(', ')}`),
    );

  /** A status and the parsed body; the event stream is closed as soon as it is accepted. */
  const send = async (client: SessionClient, method: string, url: string, body: string | undefined): Promise<{ status: number; body: unknown }> => {
    requests++;
    if (`${method} ${url.split('?')[0]}` === STREAMING) {
      const address = t.app.getHttpServer().address() as AddressInfo;
      const cookie = `mwr_session=${owner.sessionToken}`;
      return new Promise((done, fail) => {
        const req = httpRequest({ host: '127.0.0.1', port: address.port, path: url, method, headers: { cookie } }, (res) => {
          if (res.statusCode === 200) {
            req.destroy();
            return done({ status: 200, body: undefined });
          }
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => done({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
        });
        req.on('error', fail);
        req.end();
      });
    }
    const req = client.call(method.toLowerCase() as 'get', url, body === undefined ? {} : { body });
    const res = body === undefined ? await req : await req.set('content-type', 'application/json');
    return { status: res.status, body: res.body };
  };

  /** No 5xx; a refusal has the standard body and changes nothing. */
  const expectHandled = async (label: string, before: string, res: { status: number; body: unknown }, method: string) => {
    expect(res.status < 500 ? 'no 5xx' : `${label} → ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe('no 5xx');
    if (res.status >= 400 && method !== 'HEAD') {
      expect(res.body).toMatchObject({ statusCode: res.status, code: expect.any(String), message: expect.any(String) });
      expect([label, await fingerprint()]).toEqual([label, before]);
    }
  };

  const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );

  it('covers the document', () => {
    expect(operations.length).toBeGreaterThan(40);
  });

  it.each(operations.map((o) => [`${o.method} ${o.path}`, o] as const))(
    '%s answers every generated request without a 5xx',
    async (name, { method, path, op }) => {
      const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
      const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      const knownIds = Object.entries(ids)
        .filter(([k]) => !(name === DELETES_WORKSPACE && k === 'workspaceId'))
        .map(([, v]) => v);
      const requestArb = fc.record({
        path: fc.tuple(...pathParams.map(() => fc.oneof(fc.constantFrom(...knownIds), fc.uuid(), nasty))),
        query: fc.tuple(...queryParams.map((p) => fc.option(valueFor(p.schema ?? { type: 'string' }, ids), { nil: undefined }))),
        body: bodySchema ? fc.oneof({ arbitrary: objectFor(bodySchema, ids), weight: 4 }, { arbitrary: wrongType, weight: 1 }) : fc.constant(undefined),
      });
      await fc.assert(
        fc.asyncProperty(requestArb, async ({ path: values, query, body }) => {
          let url = path;
          pathParams.forEach((p, i) => (url = url.replace(`{${p.name}}`, encodeSegment(String(values[i])))));
          const qs = new URLSearchParams();
          // Deep nesting is a body concern: in a URL it would pass Node's header size limit (a reset, not an answer).
          queryParams.forEach(
            (p, i) => query[i] !== undefined && qs.set(p.name, typeof query[i] === 'object' ? toJson(query[i]).slice(0, 2000) : String(query[i])),
          );
          if ([...qs].length) url += `?${qs}`;
          // Logging out is tried from a session of its own, so the owner's stays.
          let client = owner;
          if (name === ENDS_SESSION) {
            client = new SessionClient(t.app.getHttpServer());
            await client.post('/api/auth/login', { email: OWNER.email, password: OWNER.password }).expect(200);
          }
          const before = await fingerprint();
          // The body goes as JSON text whatever its type: numbers, nulls and strings are bad input too.
          const res = await send(client, method, url, body === undefined ? undefined : toJson(body));
          await expectHandled(`${method} ${url.slice(0, 120)}`, before, res, method);
        }),
        { numRuns: 12, seed: 20261125, endOnFailure: true },
      );
    },
  );

  /**
   * The field sweep: each field of each JSON body (nested ones included), alone set to null, to
   * text with a NUL and to a lone surrogate, in a body otherwise valid for the route, so the value
   * reaches as far as it can. NUL and lone surrogates can never be stored: they must be refused.
   */
  const sweepValues: [string, unknown][] = [
    ['null', null],
    ['NUL', 'a\u0000b'],
    ['lone surrogate', 'a\ud800b'],
  ];
  const automationConfigs: Record<string, string> = {
    ig_welcome_dm: 'IgWelcomeDmConfigDto',
    tiktok_warmup: 'TiktokWarmupConfigDto',
    auto_reposter: 'AutoReposterConfigDto',
  };
  /** Valid bodies (read when used: versions move) and path ids; routes not listed get {} and the ids by name. */
  const validBody = async (route: string): Promise<Record<string, unknown>> => {
    const itemVersion = async () => (await owner.get(`/api/content-items/${ids.itemId}`)).body.version as number;
    switch (route) {
      case 'POST /api/api-keys':
        return { name: 'sweep', scopes: ['content:read'] };
      case 'POST /api/auth/invitations/accept':
        return { token: 't'.repeat(32), password: 'a long password 1', name: 'Invitee' };
      case 'POST /api/auth/login':
        return { email: ownerEmail, password: 'not the password' };
      case 'POST /api/auth/password':
        return { currentPassword: 'not the password', newPassword: 'another long password' };
      case 'POST /api/auth/setup':
        return { email: 'second@example.com', password: 'a long password 1', name: 'Second', workspaceName: 'Second', timeZone: 'UTC' };
      case 'POST /api/auth/switch-workspace':
        return { workspaceId: ids.workspaceId };
      case 'POST /api/content-items':
        return { title: 'Sweep', caption: 'c', scheduledAt: inDays(4), timeZone: 'UTC', targets: [{ accountId: ids.accountId, options: {} }], options: {} };
      case 'PATCH /api/content-items/{id}':
        return { version: await itemVersion() };
      case 'POST /api/content-items/{id}/reschedule':
        return { scheduledAt: inDays(5), version: await itemVersion() };
      case 'POST /api/invitations':
        return { email: 'invitee@example.com', role: 'editor' };
      case 'POST /api/marketing-war-room/automations/{key}/preview':
        return { template: 'Hi {{username}}' };
      case 'PATCH /api/members/{userId}':
        return { role: 'owner' };
      case 'PUT /api/publications/{id}/metrics':
        return { views: 1, likes: 1, comments: 1, shares: 1, saves: 1 };
      case 'POST /api/publications/{id}/resolve':
        return { outcome: 'failed', note: 'checked' };
      case 'POST /api/trends':
        return { label: 'Sweep trend', kind: 'topic' };
      case 'POST /api/workspaces':
        return { name: 'Sweep', timeZone: 'UTC' };
      default:
        return {};
    }
  };
  const pathIds: Record<string, string> = {
    '/api/content-items/': 'itemId',
    '/api/trends/': 'trendId',
    '/api/workspaces/': 'workspaceId',
    '/api/members/': 'userId',
    '/api/publications/': 'itemId',
  };
  const sweepCases = operations
    .filter((o) => o.op.requestBody?.content?.['application/json'])
    .flatMap(({ method, path, op }) => {
      const route = `${method} ${path}`;
      // The automations' config is free-form in the route's schema; each key's own schema says what it holds.
      const bodies =
        route === 'POST /api/marketing-war-room/automations/{key}'
          ? Object.entries(automationConfigs).map(([key, schema]) => ({
              key,
              paths: [['enabled'], ...fieldPaths({ $ref: `#/components/schemas/${schema}` }, ['config'])],
            }))
          : [{ key: 'ig_welcome_dm', paths: fieldPaths(op.requestBody!.content!['application/json']!.schema) }];
      return bodies.flatMap(({ key, paths }) =>
        paths.flatMap((field) => sweepValues.map(([valueName, value]) => ({ route, method, path, key, field, valueName, value }))),
      );
    });

  it('sweeps a known number of fields', () => {
    expect(sweepCases.length).toBeGreaterThan(300);
  });

  it.each(sweepCases.map((c) => [`${c.route}${c.route.includes('{key}') ? ` (${c.key})` : ''} ${fieldName(c.field)} = ${c.valueName}`, c] as const))(
    'sweep: %s is handled without a 5xx',
    async (label, { route, method, path, key, field, value, valueName }) => {
      const prefix = Object.keys(pathIds).find((p) => path.startsWith(p));
      const url = path.replace('{key}', key).replace(/\{[^}]+\}/, prefix ? ids[pathIds[prefix]!]! : ids.itemId!);
      const base = route.includes('/automations/{key}') && !route.endsWith('/preview') ? { enabled: false, config: {} } : await validBody(route);
      const before = await fingerprint();
      const res = await send(owner, method, url, toJson(withField(base, field, value)));
      await expectHandled(label, before, res, method);
      if (valueName !== 'null') expect([label, res.status]).toEqual([label, 400]);
    },
  );
});
