import { createServer } from 'node:net';

import request from 'supertest';
import { DataSource } from 'typeorm';

import { insertSocialAccount } from '../../../test/factories.js';
import { setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../../../test/test-database.js';

/** A local port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('health and readiness (PostgreSQL, Redis)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let sql: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('health');
    // API role only: no worker claims the job inserted below, so the lag stays measurable.
    t = await startTestApp({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, ROLES: 'api' });
    sql = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const server = () => t.app.getHttpServer();

  it('answers liveness without signing in', async () => {
    const res = await request(server()).get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
  });

  it('reports database and Redis up and the queue lag, which moves when a due job waits', async () => {
    const ready = await request(server()).get('/api/health/ready').expect(200);
    const ms = expect.any(Number);
    expect(ready.body).toEqual({
      status: 'ok',
      info: {
        database: { status: 'up', responseTime: ms },
        redis: { status: 'up', responseTime: ms },
        queue: { status: 'up', lagSeconds: 0, due: 0, responseTime: ms },
      },
      error: {},
      details: {
        database: { status: 'up', responseTime: ms },
        redis: { status: 'up', responseTime: ms },
        queue: { status: 'up', lagSeconds: 0, due: 0, responseTime: ms },
      },
    });

    const owner = await setupOwner(server());
    const workspaceId = (await owner.get('/api/workspaces/current').expect(200)).body.id;
    const accountId = await insertSocialAccount(sql, workspaceId, 'tiktok');
    const [item] = await sql.query(
      `INSERT INTO content_items (workspace_id, title, status, scheduled_at) VALUES ($1, 'late', 'publishing', now()) RETURNING id`,
      [workspaceId],
    );
    const [pub] = await sql.query(
      `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform) VALUES ($1, $2, $3, 'tiktok') RETURNING id`,
      [workspaceId, item.id, accountId],
    );
    // Due 120 s ago, and one not due yet (it must not count).
    await sql.query(
      `INSERT INTO publish_jobs (workspace_id, publication_id, idempotency_key, account_id, platform, run_at) VALUES ($1, $2::uuid, 'late:' || $2::text, $3, 'tiktok', now() - interval '120 seconds')`,
      [workspaceId, pub.id, accountId],
    );
    const [pub2] = await sql.query(
      `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform) VALUES ($1, $2, $3, 'tiktok') RETURNING id`,
      [workspaceId, (await sql.query(`INSERT INTO content_items (workspace_id, title) VALUES ($1, 'later') RETURNING id`, [workspaceId]))[0].id, accountId],
    );
    await sql.query(
      `INSERT INTO publish_jobs (workspace_id, publication_id, idempotency_key, account_id, platform, run_at) VALUES ($1, $2::uuid, 'later:' || $2::text, $3, 'tiktok', now() + interval '1 hour')`,
      [workspaceId, pub2.id, accountId],
    );

    const lagging = await request(server()).get('/api/health/ready').expect(200);
    expect(lagging.body.status).toBe('ok');
    expect(lagging.body.info.queue.due).toBe(1);
    expect(lagging.body.info.queue.lagSeconds).toBeGreaterThanOrEqual(120);
    expect(lagging.body.info.queue.lagSeconds).toBeLessThan(180);

    await sql.query(`UPDATE publish_jobs SET status = 'succeeded', finished_at = now() WHERE publication_id = $1`, [pub.id]);
    const drained = await request(server()).get('/api/health/ready').expect(200);
    expect(drained.body.info.queue).toEqual({ status: 'up', lagSeconds: 0, due: 0, responseTime: expect.any(Number) });
  });

  it('is not ready (503) with the failing component named when Redis is unreachable', async () => {
    const port = await closedPort();
    const broken = await startTestApp({ DATABASE_URL: db.url, REDIS_URL: `redis://127.0.0.1:${port}`, ROLES: 'api' });
    try {
      await request(broken.app.getHttpServer()).get('/api/health').expect(200);
      const res = await request(broken.app.getHttpServer()).get('/api/health/ready').expect(503);
      expect(res.body).toEqual({
        statusCode: 503,
        code: 'NOT_READY',
        message: 'Not ready: redis (Connection is closed.)',
        details: {
          database: { status: 'up', responseTime: expect.any(Number) },
          redis: { status: 'down', message: 'Connection is closed.', responseTime: expect.any(Number) },
          queue: { status: 'up', lagSeconds: 0, due: 0, responseTime: expect.any(Number) },
        },
      });
    } finally {
      await broken.close();
    }
  });
});
