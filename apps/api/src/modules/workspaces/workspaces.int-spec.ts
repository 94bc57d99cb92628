import { DataSource } from 'typeorm';

import { inDays, insertSocialAccount } from '../../../test/factories.js';
import { addMember, SessionClient, setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';

describe('workspaces: settings, members and deletion (PostgreSQL)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let sql: DataSource;
  let seq = 0;

  beforeAll(async () => {
    db = await createTestDatabase('workspaces');
    t = await startTestApp({ DATABASE_URL: db.url, LOGIN_ATTEMPTS_PER_IP: '1000', AUTH_ATTEMPTS_PER_IP: '1000' });
    sql = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const server = () => t.app.getHttpServer();
  const count = async (query: string, params: unknown[]) => Number((await sql.query(query, params))[0].n);

  /** Each test gets its own owner in a workspace of its own (the first setup makes the installation owner). */
  async function freshOwner(): Promise<{ owner: SessionClient; workspaceId: string }> {
    seq += 1;
    if (seq === 1) {
      const owner = await setupOwner(server());
      return { owner, workspaceId: (await owner.get('/api/workspaces/current').expect(200)).body.id };
    }
    const installOwner = new SessionClient(server());
    await installOwner.post('/api/auth/login', { email: 'owner@example.com', password: 'correct horse battery' }).expect(200);
    const { client } = await addMember(server(), installOwner, `owner${seq}@example.com`, 'viewer');
    const ws = (await client.post('/api/workspaces', { name: `Brand ${seq}`, timeZone: 'Europe/Paris' }).expect(201)).body;
    await client.post('/api/auth/switch-workspace', { workspaceId: ws.id }).expect(200);
    return { owner: client, workspaceId: ws.id };
  }

  it('creates a workspace with a valid IANA time zone and refuses an invalid one with a field message', async () => {
    const { owner } = await freshOwner();
    const created = await owner.post('/api/workspaces', { name: 'Café Crème', timeZone: 'America/New_York' }).expect(201);
    expect(created.body).toMatchObject({ name: 'Café Crème', slug: 'cafe-creme', timeZone: 'America/New_York' });
    const mine = (await owner.get('/api/workspaces').expect(200)).body as { id: string; role: string }[];
    expect(mine.find((w) => w.id === created.body.id)?.role).toBe('owner');
    expect(await count('SELECT count(*)::int AS n FROM audit_log WHERE workspace_id = $1 AND action = $2', [created.body.id, 'workspace.created'])).toBe(1);

    const bad = await owner.post('/api/workspaces', { name: 'Nowhere', timeZone: 'Mars/Olympus_Mons' }).expect(400);
    expect(bad.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(bad.body.details).toMatchObject([{ field: 'timeZone', messages: ['timeZone must be an IANA time zone such as Europe/Paris'] }]);
    expect(await count('SELECT count(*)::int AS n FROM workspaces WHERE name = $1', ['Nowhere'])).toBe(0);
  });

  it('renames the current workspace and changes its time zone; other roles and other ids are refused', async () => {
    const { owner, workspaceId } = await freshOwner();
    const renamed = await owner.patch(`/api/workspaces/${workspaceId}`, { name: 'Renamed brand', timeZone: 'Asia/Tokyo' }).expect(200);
    expect(renamed.body).toMatchObject({ id: workspaceId, name: 'Renamed brand', timeZone: 'Asia/Tokyo' });
    expect((await owner.get('/api/workspaces/current').expect(200)).body).toMatchObject({ name: 'Renamed brand', timeZone: 'Asia/Tokyo' });

    const badZone = await owner.patch(`/api/workspaces/${workspaceId}`, { timeZone: 'UTC+25' }).expect(400);
    expect(badZone.body.code).toBe('VALIDATION_FAILED');
    expect((await owner.get('/api/workspaces/current').expect(200)).body.timeZone).toBe('Asia/Tokyo');

    const other = (await owner.post('/api/workspaces', { name: 'Elsewhere' }).expect(201)).body;
    const notCurrent = await owner.patch(`/api/workspaces/${other.id}`, { name: 'Hijack' }).expect(404);
    expect(notCurrent.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Workspace not found' });

    const admin = await addMember(server(), owner, `admin-rename-${seq}@example.com`, 'admin');
    const refused = await admin.client.patch(`/api/workspaces/${workspaceId}`, { name: 'By admin' }).expect(403);
    expect(refused.body).toEqual({ statusCode: 403, code: 'INSUFFICIENT_ROLE', message: 'Your role in this workspace cannot do this (needs owner)' });
    expect((await owner.get('/api/workspaces/current').expect(200)).body.name).toBe('Renamed brand');
  });

  it('lists members, changes roles with the owner rules, and keeps the last owner', async () => {
    const { owner, workspaceId } = await freshOwner();
    const ownerId = (await owner.get('/api/auth/me').expect(200)).body.user.id;
    const admin = await addMember(server(), owner, `admin-${seq}@example.com`, 'admin');
    const editor = await addMember(server(), owner, `editor-${seq}@example.com`, 'editor');

    const members = (await owner.get('/api/members').expect(200)).body as { userId: string; role: string }[];
    expect(members.map((m) => [m.userId, m.role])).toEqual([
      [ownerId, 'owner'],
      [admin.userId, 'admin'],
      [editor.userId, 'editor'],
    ]);

    expect((await admin.client.patch(`/api/members/${editor.userId}`, { role: 'viewer' }).expect(200)).body).toMatchObject({
      userId: editor.userId,
      role: 'viewer',
    });
    const ownerOnly = await admin.client.patch(`/api/members/${editor.userId}`, { role: 'owner' }).expect(403);
    expect(ownerOnly.body).toEqual({ statusCode: 403, code: 'OWNER_ONLY', message: 'Only an owner can grant, change or remove the owner role' });
    const notAdmin = await editor.client.patch(`/api/members/${admin.userId}`, { role: 'viewer' }).expect(403);
    expect(notAdmin.body.code).toBe('INSUFFICIENT_ROLE');
    const lastOwner = await owner.patch(`/api/members/${ownerId}`, { role: 'admin' }).expect(409);
    expect(lastOwner.body).toEqual({ statusCode: 409, code: 'LAST_OWNER', message: 'A workspace must keep at least one owner: make someone else owner first' });
    const badRole = await owner.patch(`/api/members/${admin.userId}`, { role: 'superuser' }).expect(400);
    expect(badRole.body.code).toBe('VALIDATION_FAILED');

    await owner.delete(`/api/members/${editor.userId}`).expect(204);
    const after = (await owner.get('/api/members').expect(200)).body as { userId: string }[];
    expect(after.map((m) => m.userId)).toEqual([ownerId, admin.userId]);
    const gone = await owner.delete(`/api/members/${editor.userId}`).expect(404);
    expect(gone.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Member not found' });
    expect(
      await count("SELECT count(*)::int AS n FROM audit_log WHERE workspace_id = $1 AND action IN ('member.role_changed', 'member.removed')", [workspaceId]),
    ).toBe(2);
  });

  it('deletes a workspace with everything in it for its owner, leaving another workspace untouched', async () => {
    const { owner, workspaceId: doomed } = await freshOwner();
    const ownerId = (await owner.get('/api/auth/me').expect(200)).body.user.id;
    // A second workspace with its own content, owned by the same user: it must survive.
    const kept = (await owner.post('/api/workspaces', { name: `Kept ${seq}` }).expect(201)).body.id as string;

    async function populate(workspaceId: string) {
      await owner.post('/api/auth/switch-workspace', { workspaceId }).expect(200);
      const accountId = await insertSocialAccount(sql, workspaceId, 'tiktok');
      const item = (
        await owner.post('/api/content-items', { title: 'Post', caption: 'c', scheduledAt: inDays(2), timeZone: 'UTC', targets: [{ accountId }] }).expect(201)
      ).body;
      const [pub] = await sql.query(
        `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform) VALUES ($1, $2, $3, 'tiktok') RETURNING id`,
        [workspaceId, item.id, accountId],
      );
      await sql.query(
        `INSERT INTO publish_jobs (workspace_id, publication_id, idempotency_key, account_id, platform) VALUES ($1, $2::uuid, 'publication:' || $2::text, $3, 'tiktok')`,
        [workspaceId, pub.id, accountId],
      );
      const key = (await owner.post('/api/api-keys', { name: 'integration', scopes: ['admin'] }).expect(201)).body.secret as string;
      return { accountId, itemId: item.id as string, key };
    }
    const inDoomed = await populate(doomed);
    const inKept = await populate(kept);
    await owner.post('/api/auth/switch-workspace', { workspaceId: doomed }).expect(200);
    const member = await addMember(server(), owner, `member-${seq}@example.com`, 'admin');

    const snapshot = async (workspaceId: string) => ({
      items: await count('SELECT count(*)::int AS n FROM content_items WHERE workspace_id = $1', [workspaceId]),
      accounts: await count('SELECT count(*)::int AS n FROM social_accounts WHERE workspace_id = $1', [workspaceId]),
      publications: await count('SELECT count(*)::int AS n FROM platform_publications WHERE workspace_id = $1', [workspaceId]),
      jobs: await count('SELECT count(*)::int AS n FROM publish_jobs WHERE workspace_id = $1', [workspaceId]),
      apiKeys: await count('SELECT count(*)::int AS n FROM api_keys WHERE workspace_id = $1', [workspaceId]),
      memberships: await count('SELECT count(*)::int AS n FROM memberships WHERE workspace_id = $1', [workspaceId]),
      sessions: await count('SELECT count(*)::int AS n FROM sessions WHERE workspace_id = $1', [workspaceId]),
    });
    const keptBefore = await snapshot(kept);
    expect(keptBefore).toMatchObject({ items: 1, accounts: 1, publications: 1, jobs: 1, apiKeys: 1, memberships: 1 });
    expect(await snapshot(doomed)).toMatchObject({ items: 1, accounts: 1, publications: 1, jobs: 1, apiKeys: 1, memberships: 2 });

    // Refusals first: an admin is not an owner, and only the current workspace can be deleted.
    const byAdmin = await member.client.delete(`/api/workspaces/${doomed}`).expect(403);
    expect(byAdmin.body).toEqual({ statusCode: 403, code: 'INSUFFICIENT_ROLE', message: 'Your role in this workspace cannot do this (needs owner)' });
    const notCurrent = await owner.delete(`/api/workspaces/${kept}`).expect(404);
    expect(notCurrent.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: 'Workspace not found' });
    const badId = await owner.delete('/api/workspaces/not-a-uuid').expect(404);
    expect(badId.body.code).toBe('NOT_FOUND');
    expect(await count('SELECT count(*)::int AS n FROM workspaces WHERE id = ANY($1::uuid[])', [[doomed, kept]])).toBe(2);

    await owner.delete(`/api/workspaces/${doomed}`).expect(204);

    expect(await count('SELECT count(*)::int AS n FROM workspaces WHERE id = $1', [doomed])).toBe(0);
    expect(await snapshot(doomed)).toEqual({ items: 0, accounts: 0, publications: 0, jobs: 0, apiKeys: 0, memberships: 0, sessions: 0 });
    expect(await snapshot(kept)).toEqual(keptBefore);

    // The deleted workspace's API key no longer authenticates; the other one still does.
    const deadKey = await SessionClient.withApiKey(server(), inDoomed.key).get('/api/workspaces/current').expect(401);
    expect(deadKey.body).toEqual({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'The API key is invalid, expired or revoked' });
    expect((await SessionClient.withApiKey(server(), inKept.key).get('/api/workspaces/current').expect(200)).body.id).toBe(kept);

    // The owner's session falls back to a workspace that remains; the deleted one is not listed.
    const me = (await owner.get('/api/auth/me').expect(200)).body;
    expect(me.user.id).toBe(ownerId);
    const remaining = me.workspaces.map((w: { id: string }) => w.id) as string[];
    expect(remaining).toContain(kept);
    expect(remaining).not.toContain(doomed);
    expect(me.workspace.id).toBe(remaining[0]);
    await owner.post('/api/auth/switch-workspace', { workspaceId: kept }).expect(200);
    await owner.get(`/api/content-items/${inDoomed.itemId}`).expect(404);
    expect((await owner.get(`/api/content-items/${inKept.itemId}`).expect(200)).body.id).toBe(inKept.itemId);

    // A member who belonged only to the deleted workspace keeps a session but no workspace access.
    const memberMe = (await member.client.get('/api/auth/me').expect(200)).body;
    expect(memberMe.workspace).toBeNull();
    expect(memberMe.workspaces).toEqual([]);
    const noAccess = await member.client.get('/api/content-items').expect(403);
    expect(noAccess.body.code).toBe('INSUFFICIENT_ROLE');
    // Deleting it again is a plain 404, not a 500.
    await owner.post('/api/auth/switch-workspace', { workspaceId: doomed }).expect(404);
  });
});
