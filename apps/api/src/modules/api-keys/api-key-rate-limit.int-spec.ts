import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';

import { SessionClient, setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';

const REDIS_URL = 'redis://127.0.0.1:6379';

/** `"api-key";r=3;t=24` → { r: 3, t: 24 } */
const parse = (header: string | undefined) => Object.fromEntries([...(header ?? '').matchAll(/;(\w)=(\d+)/g)].map((m) => [m[1], Number(m[2])]));

describe.each([
  ['Postgres (no REDIS_URL)', false],
  ['Redis', true],
])('per-API-key rate limits: a token bucket per key with RateLimit headers — %s', (_name, withRedis) => {
  let db: TestDatabase;
  let t: TestApp;
  let sql: DataSource;
  let owner: SessionClient;
  let redis: Redis | undefined;

  beforeAll(async () => {
    db = await createTestDatabase(withRedis ? 'key_limits_redis' : 'key_limits_pg');
    t = await startTestApp({ DATABASE_URL: db.url, API_KEY_RATE_LIMIT_PER_MINUTE: '40', ...(withRedis ? { REDIS_URL } : {}) });
    sql = t.app.get(DataSource);
    owner = await setupOwner(t.app.getHttpServer());
    if (withRedis) redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    redis?.disconnect();
    await t?.close();
    await db?.drop();
  });

  const newKey = async (rateLimitPerMinute?: number) => {
    const created = (
      await owner.post('/api/api-keys', { name: 'limited', scopes: ['content:read'], ...(rateLimitPerMinute ? { rateLimitPerMinute } : {}) }).expect(201)
    ).body;
    return { id: created.apiKey.id as string, client: SessionClient.withApiKey(t.app.getHttpServer(), created.secret), apiKey: created.apiKey };
  };
  /** Moves the key's bucket back in time, as if `seconds` had passed. */
  const age = async (keyId: string, seconds: number) => {
    if (redis) {
      const bucket = `mwr:api-key-bucket:${keyId}`;
      await redis.hset(bucket, 'at', String(Number(await redis.hget(bucket, 'at')) - seconds * 1000));
    } else await sql.query(`UPDATE api_key_buckets SET updated_at = updated_at - make_interval(secs => $2) WHERE api_key_id = $1`, [keyId, seconds]);
  };

  it("spends the key's own limit, says what is left, then answers 429 with Retry-After and a code", async () => {
    const { id, client, apiKey } = await newKey(5);
    expect(apiKey.rateLimitPerMinute).toBe(5);
    for (let left = 4; left >= 0; left -= 1) {
      const ok = await client.get('/api/content-items').expect(200);
      expect(ok.headers['ratelimit-policy']).toBe('"api-key";q=5;w=60');
      expect(parse(ok.headers['ratelimit']).r).toBe(left);
    }
    const refused = await client.get('/api/content-items').expect(429);
    expect(refused.body).toEqual({
      statusCode: 429,
      code: 'API_KEY_RATE_LIMITED',
      message: expect.stringMatching(/^This API key made too many requests: retry in \d+ s$/),
      params: { retryAfterSeconds: expect.any(Number) },
      details: { retryAfterSeconds: expect.any(Number) },
    });
    // 5 a minute: a token every 12 s (less the time the five requests took on a busy machine); full again within a minute.
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(12);
    expect(refused.body.params.retryAfterSeconds).toBe(retryAfter);
    const after = parse(refused.headers['ratelimit']);
    expect(after.r).toBe(0);
    expect(after.t).toBeGreaterThan(retryAfter);
    expect(after.t).toBeLessThanOrEqual(60);

    // Twelve seconds later one token is back, and only one.
    await age(id, 12.5);
    await client.get('/api/content-items').expect(200);
    await client.get('/api/content-items').expect(429);
    if (!redis) expect((await sql.query('SELECT count(*)::int AS n FROM api_key_buckets WHERE api_key_id = $1', [id]))[0].n).toBe(1);
    else expect(await redis.exists(`mwr:api-key-bucket:${id}`)).toBe(1);
  });

  it('uses the server default (API_KEY_RATE_LIMIT_PER_MINUTE) for a key without its own, and keeps keys apart', async () => {
    const { client } = await newKey();
    const first = await client.get('/api/content-items').expect(200);
    expect(first.headers['ratelimit-policy']).toBe('"api-key";q=40;w=60');
    expect(parse(first.headers['ratelimit'])).toEqual({ r: 39, t: 2 });
    // Another key's bucket is its own.
    const { client: other } = await newKey(2);
    await other.get('/api/content-items').expect(200);
    await other.get('/api/content-items').expect(200);
    await other.get('/api/content-items').expect(429);
    // 38 left (39 if a token came back meanwhile: one every 1.5 s), whatever the other key spent.
    expect(parse((await client.get('/api/content-items').expect(200)).headers['ratelimit']).r).toBeGreaterThanOrEqual(38);
  });

  it("changes a key's limit in its settings (admin): the next request follows it; null goes back to the default", async () => {
    const { id, client } = await newKey(3);
    expect(parse((await client.get('/api/content-items').expect(200)).headers['ratelimit']).r).toBe(2);
    const changed = await owner.patch(`/api/api-keys/${id}`, { rateLimitPerMinute: 100 }).expect(200);
    expect(changed.body.rateLimitPerMinute).toBe(100);
    expect(changed.body.effectiveRateLimitPerMinute).toBe(100);
    const raised = await client.get('/api/content-items').expect(200);
    expect(raised.headers['ratelimit-policy']).toBe('"api-key";q=100;w=60');
    const reset = await owner.patch(`/api/api-keys/${id}`, { rateLimitPerMinute: null }).expect(200);
    expect(reset.body.rateLimitPerMinute).toBeNull();
    // Said by the API, so a client can word "default (40/min)" without knowing the server's setting.
    expect(reset.body.effectiveRateLimitPerMinute).toBe(40);
    expect((await client.get('/api/content-items').expect(200)).headers['ratelimit-policy']).toBe('"api-key";q=40;w=60');
    expect(
      (await sql.query("SELECT metadata FROM audit_log WHERE action = 'api_key.updated' AND target_id = $1 ORDER BY id", [id])).map(
        (r: { metadata: unknown }) => r.metadata,
      ),
    ).toEqual([{ rateLimitPerMinute: 100 }, { rateLimitPerMinute: null }]);
    expect((await owner.patch(`/api/api-keys/${id}`, { rateLimitPerMinute: 0 }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await owner.patch('/api/api-keys/00000000-0000-4000-8000-000000000000', { rateLimitPerMinute: 5 }).expect(404)).body.code).toBe('NOT_FOUND');
    // Only admins change keys, never a key itself.
    expect((await client.patch(`/api/api-keys/${id}`, { rateLimitPerMinute: 100_000 }).expect(403)).body.code).toBe('INSUFFICIENT_SCOPE');
  });

  it('never grants more than the bucket holds to concurrent requests', async () => {
    const { client } = await newKey(8);
    const statuses = await Promise.all(Array.from({ length: 20 }, () => client.get('/api/content-items').then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(8);
    expect(statuses.filter((s) => s === 429)).toHaveLength(12);
  });

  it('does not limit people (sessions) and refuses a bad limit at creation', async () => {
    const page = await owner.get('/api/content-items').expect(200);
    expect(page.headers['ratelimit']).toBeUndefined();
    const bad = await owner.post('/api/api-keys', { name: 'x', scopes: ['content:read'], rateLimitPerMinute: 0 }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
  });
});
