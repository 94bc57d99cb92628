import request from 'supertest';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../../../test/test-database.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { addMember, setupOwner } from '../../../test/session-client.js';

describe('queue dashboard (bull-board)', () => {
  let db: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase('dashboard');
    t = await startTestApp({ DATABASE_URL: db.url, REDIS_URL: `${TEST_REDIS_URL}/12`, ROLES: 'api' });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('is shown to admins only, read-only, when the BullMQ driver runs', async () => {
    const server = t.app.getHttpServer();
    expect((await request(server).get('/admin/queues').expect(401)).body.code).toBe('UNAUTHENTICATED');
    const owner = await setupOwner(server);
    const page = await owner.get('/admin/queues').expect(200);
    expect(page.text).toMatch(/<div id="root">|bull/i);
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const queues = await owner.get('/admin/queues/api/queues').expect(200);
    expect(JSON.stringify(queues.body)).toContain('mwr-publish');
    const viewer = await addMember(server, owner, 'viewer@example.com', 'viewer');
    await viewer.client.get('/admin/queues').expect(403);
  });
});

describe('queue dashboard with the Postgres driver', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ROLES: 'api' });
  });
  afterAll(() => t?.close());

  it('is not mounted (the jobs view of the war-room API covers it)', async () => {
    const owner = await setupOwner(t.app.getHttpServer());
    const res = await owner.get('/admin/queues/api/queues');
    expect(res.text).not.toContain('mwr-publish');
  });
});
