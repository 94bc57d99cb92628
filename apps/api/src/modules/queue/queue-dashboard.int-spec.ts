import request from 'supertest';

import { addMember, setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../../../test/test-database.js';

const UNAUTHENTICATED = { statusCode: 401, code: 'UNAUTHENTICATED', message: 'Sign in as the installation owner to see the queue dashboard' };
const FORBIDDEN = {
  statusCode: 403,
  code: 'INSTALLATION_OWNER_ONLY',
  message: "Only the installation owner (the first account) can see the queue dashboard: it shows every workspace's jobs",
};

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

  it('is shown, read-only, to the installation owner only: not to members, nor to admins or owners of other workspaces', async () => {
    const server = t.app.getHttpServer();
    for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
      const anonymous = await request(server).get(path).expect(401);
      expect(anonymous.body).toEqual(UNAUTHENTICATED);
    }

    const owner = await setupOwner(server);
    const page = await owner.get('/admin/queues').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<div id="root">');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    const queues = await owner.get('/admin/queues/api/queues').expect(200);
    expect(queues.body.queues.map((q: { name: string; readOnlyMode: boolean }) => [q.name, q.readOnlyMode])).toEqual([['mwr-publish', true]]);

    // A member of the owner's workspace.
    const viewer = await addMember(server, owner, 'viewer@example.com', 'viewer');
    for (const path of ['/admin/queues', '/admin/queues/api/queues']) expect((await viewer.client.get(path).expect(403)).body).toEqual(FORBIDDEN);

    // An admin of a second workspace (invited there by the installation owner).
    const second = await owner.post('/api/workspaces', { name: 'Second brand' }).expect(201);
    await owner.post('/api/auth/switch-workspace', { workspaceId: second.body.id }).expect(200);
    const admin = await addMember(server, owner, 'admin2@example.com', 'admin');
    expect((await admin.client.get('/api/auth/me').expect(200)).body).toMatchObject({ role: 'admin', workspace: { id: second.body.id } });
    for (const path of ['/admin/queues', '/admin/queues/api/queues']) expect((await admin.client.get(path).expect(403)).body).toEqual(FORBIDDEN);

    // Owning a workspace of one's own is not owning the installation.
    const own = await viewer.client.post('/api/workspaces', { name: 'Viewer Co' }).expect(201);
    await viewer.client.post('/api/auth/switch-workspace', { workspaceId: own.body.id }).expect(200);
    expect((await viewer.client.get('/api/auth/me').expect(200)).body.role).toBe('owner');
    expect((await viewer.client.get('/admin/queues/api/queues').expect(403)).body).toEqual(FORBIDDEN);
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
    const res = await owner.get('/admin/queues/api/queues').expect(404);
    // Express's own 404 for a path nothing serves (the Postgres driver mounts no dashboard).
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('<pre>Cannot GET /admin/queues/api/queues</pre>');
  });
});
