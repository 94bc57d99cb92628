import { createHash } from 'node:crypto';

import { DataSource } from 'typeorm';

import { inDays, insertSocialAccount } from '../../../test/factories.js';
import { addMember, SessionClient, setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('API keys: secret shown once, scopes, revocation, workspace isolation (PostgreSQL)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let sql: DataSource;
  let owner: SessionClient;
  let workspaceId: string;
  let accountId: string;

  beforeAll(async () => {
    db = await createTestDatabase('api_keys');
    t = await startTestApp({ DATABASE_URL: db.url });
    sql = t.app.get(DataSource);
    owner = await setupOwner(server());
    workspaceId = (await owner.get('/api/workspaces/current').expect(200)).body.id;
    accountId = await insertSocialAccount(sql, workspaceId, 'tiktok');
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const server = () => t.app.getHttpServer();
  const newPost = () => ({ title: 'From an integration', caption: 'c', scheduledAt: inDays(3), timeZone: 'UTC', targets: [{ accountId }] });
  const itemCount = async () => Number((await sql.query('SELECT count(*)::int AS n FROM content_items WHERE workspace_id = $1', [workspaceId]))[0].n);

  it('returns the secret once and stores only its prefix and hash', async () => {
    const created = await owner.post('/api/api-keys', { name: 'Zapier', scopes: ['content:read'] }).expect(201);
    const secret = created.body.secret as string;
    expect(secret).toMatch(/^mwr_[0-9A-Za-z]{43}$/);
    expect(created.body.apiKey).toEqual({
      id: expect.any(String),
      name: 'Zapier',
      prefix: secret.slice(0, 12),
      scopes: ['content:read'],
      createdAt: expect.any(String),
      lastUsedAt: null,
      expiresAt: null,
      revokedAt: null,
      rateLimitPerMinute: null,
      effectiveRateLimitPerMinute: 600,
    });

    const [row] = await sql.query('SELECT * FROM api_keys WHERE id = $1', [created.body.apiKey.id]);
    expect(row.prefix).toBe(secret.slice(0, 12));
    expect(row.secret_hash).toBe(sha256(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    const audit = await sql.query("SELECT actor_user_id, target_id, metadata FROM audit_log WHERE action = 'api_key.created' AND target_id = $1", [
      created.body.apiKey.id,
    ]);
    expect(audit).toHaveLength(1);
    expect(audit[0].metadata).toEqual({ name: 'Zapier', scopes: ['content:read'] });
    expect(JSON.stringify(audit[0])).not.toContain(secret.slice(12));

    const listed = (await owner.get('/api/api-keys').expect(200)).body as Record<string, unknown>[];
    const mine = listed.find((k) => k.id === created.body.apiKey.id);
    expect(mine).toEqual(created.body.apiKey);
    expect(JSON.stringify(listed)).not.toContain(secret.slice(12));
  });

  it('refuses invalid input with a 400 and stores nothing', async () => {
    const before = Number((await sql.query('SELECT count(*)::int AS n FROM api_keys'))[0].n);
    const badScope = await owner.post('/api/api-keys', { name: 'x', scopes: ['content:delete'] }).expect(400);
    expect(badScope.body.code).toBe('VALIDATION_FAILED');
    expect(badScope.body.details.map((d: { field: string }) => d.field)).toEqual(['scopes']);
    const past = await owner.post('/api/api-keys', { name: 'x', scopes: ['content:read'], expiresAt: '2001-01-01T00:00:00Z' }).expect(400);
    expect(past.body).toEqual({ statusCode: 400, code: 'VALIDATION_FAILED', message: 'expiresAt must be in the future' });
    expect(Number((await sql.query('SELECT count(*)::int AS n FROM api_keys'))[0].n)).toBe(before);
  });

  it('enforces scopes: a read-only key reads but cannot write, a write key writes', async () => {
    const readOnly = SessionClient.withApiKey(
      server(),
      (await owner.post('/api/api-keys', { name: 'reader', scopes: ['content:read'] }).expect(201)).body.secret,
    );
    const writer = SessionClient.withApiKey(
      server(),
      (await owner.post('/api/api-keys', { name: 'writer', scopes: ['content:write'] }).expect(201)).body.secret,
    );
    const before = await itemCount();

    await readOnly.get('/api/content-items').expect(200);
    const refused = await readOnly.post('/api/content-items', newPost()).expect(403);
    expect(refused.body).toEqual({ statusCode: 403, code: 'INSUFFICIENT_SCOPE', message: 'This API key needs the content:write scope' });
    expect(await itemCount()).toBe(before);
    const adminOnly = await readOnly.get('/api/api-keys').expect(403);
    expect(adminOnly.body).toEqual({ statusCode: 403, code: 'INSUFFICIENT_SCOPE', message: 'This API key needs the admin scope' });

    // content:write implies content:read.
    const created = await writer.post('/api/content-items', newPost()).expect(201);
    expect((await writer.get(`/api/content-items/${created.body.id}`).expect(200)).body.id).toBe(created.body.id);
    expect(await itemCount()).toBe(before + 1);
    const writerId = (await sql.query("SELECT id FROM api_keys WHERE name = 'writer'"))[0].id;
    const writerAudit = await sql.query("SELECT actor_user_id, actor_api_key_id FROM audit_log WHERE action = 'content_item.created' AND target_id = $1", [
      created.body.id,
    ]);
    expect(writerAudit).toEqual([{ actor_user_id: null, actor_api_key_id: writerId }]);
  });

  it('records when a key was last used', async () => {
    const created = (await owner.post('/api/api-keys', { name: 'usage', scopes: ['content:read'] }).expect(201)).body;
    await SessionClient.withApiKey(server(), created.secret).get('/api/content-items').expect(200);
    const [row] = await sql.query('SELECT last_used_at FROM api_keys WHERE id = $1', [created.apiKey.id]);
    expect(row.last_used_at).toBeInstanceOf(Date);
  });

  it('stops a revoked or expired key at once', async () => {
    const created = (await owner.post('/api/api-keys', { name: 'to revoke', scopes: ['admin'] }).expect(201)).body;
    const key = SessionClient.withApiKey(server(), created.secret);
    await key.get('/api/content-items').expect(200);

    const revoked = await owner.delete(`/api/api-keys/${created.apiKey.id}`).expect(200);
    expect(revoked.body).toMatchObject({ id: created.apiKey.id, revokedAt: expect.any(String) });
    const refused = await key.get('/api/content-items').expect(401);
    expect(refused.body).toEqual({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'The API key is invalid, expired or revoked' });
    const listed = (await owner.get('/api/api-keys').expect(200)).body as { id: string; revokedAt: string | null }[];
    expect(listed.find((k) => k.id === created.apiKey.id)?.revokedAt).toBe(revoked.body.revokedAt);
    expect((await sql.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'api_key.revoked' AND target_id = $1", [created.apiKey.id]))[0].n).toBe(1);

    const expiring = (await owner.post('/api/api-keys', { name: 'expiring', scopes: ['admin'], expiresAt: inDays(1) }).expect(201)).body;
    const expiringKey = SessionClient.withApiKey(server(), expiring.secret);
    await expiringKey.get('/api/content-items').expect(200);
    await sql.query("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = $1", [expiring.apiKey.id]);
    expect((await expiringKey.get('/api/content-items').expect(401)).body.code).toBe('UNAUTHENTICATED');

    const garbage = await SessionClient.withApiKey(server(), 'mwr_not-a-real-key').get('/api/content-items').expect(401);
    expect(garbage.body.code).toBe('UNAUTHENTICATED');
  });

  it('hides a key from another workspace: it cannot list or revoke it (404) and the key keeps working', async () => {
    const created = (await owner.post('/api/api-keys', { name: 'private', scopes: ['content:read'] }).expect(201)).body;
    const other = await addMember(server(), owner, 'other-owner@example.com', 'viewer');
    const otherWorkspace = (await other.client.post('/api/workspaces', { name: 'Other brand' }).expect(201)).body.id;
    await other.client.post('/api/auth/switch-workspace', { workspaceId: otherWorkspace }).expect(200);

    const theirs = (await other.client.get('/api/api-keys').expect(200)).body as { id: string }[];
    expect(theirs.map((k) => k.id)).toEqual([]);
    const notFound = await other.client.delete(`/api/api-keys/${created.apiKey.id}`).expect(404);
    expect(notFound.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'API key not found' });
    const [row] = await sql.query('SELECT revoked_at FROM api_keys WHERE id = $1', [created.apiKey.id]);
    expect(row.revoked_at).toBeNull();
    await SessionClient.withApiKey(server(), created.secret).get('/api/content-items').expect(200);

    // A key of the other workspace sees that workspace only.
    const theirKey = (await other.client.post('/api/api-keys', { name: 'theirs', scopes: ['content:read'] }).expect(201)).body.secret;
    expect((await SessionClient.withApiKey(server(), theirKey).get('/api/workspaces/current').expect(200)).body.id).toBe(otherWorkspace);
  });

  it('lets only admins and owners manage keys', async () => {
    const editor = await addMember(server(), owner, 'editor@example.com', 'editor');
    const refused = await editor.client.post('/api/api-keys', { name: 'sneaky', scopes: ['admin'] }).expect(403);
    expect(refused.body).toEqual({ statusCode: 403, code: 'INSUFFICIENT_ROLE', message: 'Your role in this workspace cannot do this (needs admin)' });
    expect((await editor.client.get('/api/api-keys').expect(403)).body.code).toBe('INSUFFICIENT_ROLE');
    expect(Number((await sql.query("SELECT count(*)::int AS n FROM api_keys WHERE name = 'sneaky'"))[0].n)).toBe(0);
  });
});
