import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import request from 'supertest';

import { SessionClient, setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../../../test/test-database.js';

const MIGRATION_FILES = readdirSync(join(process.cwd(), '../../migrations')).filter((f) => /^\d{3,}_[a-z0-9_]+\.sql$/.test(f)).length;

describe('GET /api/system (PostgreSQL)', () => {
  let db: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase('system');
    t = await startTestApp({ DATABASE_URL: db.url });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('answers 401 to an anonymous caller and a bad key, with the standard error body', async () => {
    const anonymous = await request(t.app.getHttpServer()).get('/api/system').expect(401);
    expect(anonymous.body).toEqual({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'Sign in, or send an API key as "Authorization: Bearer mwr_…"' });
    expect(JSON.stringify(anonymous.body)).not.toMatch(/PostgreSQL|0\.1\.0/);
    const badKey = await request(t.app.getHttpServer()).get('/api/system').set('authorization', 'Bearer mwr_nope').expect(401);
    expect(badKey.body.code).toBe('UNAUTHENTICATED');
  });

  it('shows version, database, migrations, queue driver and roles to a signed-in user and to a read key', async () => {
    const owner = await setupOwner(t.app.getHttpServer());
    const res = await owner.get('/api/system').expect(200);
    expect(res.body).toEqual({
      name: 'Marketing War Room',
      version: '0.1.0',
      installationId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      database: 'postgres',
      databaseVersion: expect.stringMatching(/^PostgreSQL \d+/),
      migrations: MIGRATION_FILES,
      queueDriver: 'postgres',
      roles: ['api', 'worker', 'scheduler'],
      startedAt: expect.any(String),
    });
    expect(Date.parse(res.body.startedAt)).toBeLessThanOrEqual(Date.now());

    const secret = (await owner.post('/api/api-keys', { name: 'status page', scopes: ['content:read'] }).expect(201)).body.secret;
    const viaKey = await SessionClient.withApiKey(t.app.getHttpServer(), secret).get('/api/system').expect(200);
    expect(viaKey.body.installationId).toBe(res.body.installationId);
  });

  it('reports the BullMQ driver and the configured roles of another process on the same database, with the same installation id', async () => {
    const owner = new SessionClient(t.app.getHttpServer());
    await owner.post('/api/auth/login', { email: 'owner@example.com', password: 'correct horse battery' }).expect(200);
    const first = (await owner.get('/api/system').expect(200)).body;

    const api = await startTestApp({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, ROLES: 'api' });
    try {
      const other = new SessionClient(api.app.getHttpServer());
      await other.post('/api/auth/login', { email: 'owner@example.com', password: 'correct horse battery' }).expect(200);
      const info = (await other.get('/api/system').expect(200)).body;
      expect(info).toMatchObject({ queueDriver: 'bullmq', roles: ['api'], installationId: first.installationId, migrations: MIGRATION_FILES });
    } finally {
      await api.close();
    }
  });
});
