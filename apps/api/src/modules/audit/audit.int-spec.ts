import { DataSource } from 'typeorm';

import { inDays, insertSocialAccount } from '../../../test/factories.js';
import { addMember, OWNER, SessionClient, setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';

interface Entry {
  id: string;
  action: string;
  actorUserId: string | null;
  actorApiKeyId: string | null;
  targetType: string | null;
  targetId: string | null;
  metadata: Record<string, unknown>;
  at: string;
}

describe('audit log (PostgreSQL)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let sql: DataSource;
  let owner: SessionClient;
  let ownerId: string;
  let workspaceId: string;
  /** Everything secret the actions below handled: none may appear in the audit log. */
  const secrets: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('audit');
    t = await startTestApp({ DATABASE_URL: db.url });
    sql = t.app.get(DataSource);
    owner = await setupOwner(server());
    secrets.push(OWNER.password);
    const me = (await owner.get('/api/auth/me').expect(200)).body;
    ownerId = me.user.id;
    workspaceId = me.workspace.id;
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const server = () => t.app.getHttpServer();
  const all = async (client: SessionClient): Promise<Entry[]> => (await client.get('/api/audit-log?limit=200').expect(200)).body.items;

  it('records who did what to which target in which workspace, for members and for API keys', async () => {
    const key = (await owner.post('/api/api-keys', { name: 'CMS sync', scopes: ['content:write'] }).expect(201)).body;
    secrets.push(key.secret);
    const invite = (await owner.post('/api/invitations', { email: 'Editor@Example.com', role: 'editor' }).expect(201)).body;
    secrets.push(String(invite.acceptUrl).split('/invite/')[1]!);
    await owner
      .post('/api/auth/password', { currentPassword: OWNER.password, newPassword: 'a brand new passphrase 9' })
      .expect((res) => expect(res.status).toBeLessThan(300));
    secrets.push('a brand new passphrase 9');
    const accountId = await insertSocialAccount(sql, workspaceId, 'instagram');
    const item = (
      await SessionClient.withApiKey(server(), key.secret)
        .post('/api/content-items', { title: 'via key', caption: 'c', scheduledAt: inDays(2), timeZone: 'UTC', targets: [{ accountId }] })
        .expect(201)
    ).body;

    const rows = await sql.query(
      `SELECT workspace_id, actor_user_id, actor_api_key_id, action, target_type, target_id, metadata FROM audit_log WHERE action IN ('api_key.created', 'invitation.created', 'content_item.created') ORDER BY id`,
    );
    expect(rows).toEqual([
      {
        workspace_id: workspaceId,
        actor_user_id: ownerId,
        actor_api_key_id: null,
        action: 'api_key.created',
        target_type: 'api_key',
        target_id: key.apiKey.id,
        metadata: { name: 'CMS sync', scopes: ['content:write'] },
      },
      {
        workspace_id: workspaceId,
        actor_user_id: ownerId,
        actor_api_key_id: null,
        action: 'invitation.created',
        target_type: 'invitation',
        target_id: invite.invitation.id,
        metadata: { email: 'editor@example.com', role: 'editor' },
      },
      {
        workspace_id: workspaceId,
        actor_user_id: null,
        actor_api_key_id: key.apiKey.id,
        action: 'content_item.created',
        target_type: 'content_item',
        target_id: item.id,
        metadata: { status: 'scheduled' },
      },
    ]);

    // The list shows the same, newest first.
    const listed = await all(owner);
    const ours = listed.filter((e) => ['api_key.created', 'invitation.created', 'content_item.created'].includes(e.action));
    expect(ours.map((e) => [e.action, e.targetId, e.actorUserId, e.actorApiKeyId])).toEqual([
      ['content_item.created', item.id, null, key.apiKey.id],
      ['invitation.created', invite.invitation.id, ownerId, null],
      ['api_key.created', key.apiKey.id, ownerId, null],
    ]);
    expect(listed.map((e) => Number(e.id))).toEqual(listed.map((e) => Number(e.id)).sort((a, b) => b - a));
  });

  it('keeps secrets out of the audit log: no API key secret, invitation token or password', async () => {
    expect(secrets).toHaveLength(4);
    const rows = await sql.query('SELECT * FROM audit_log');
    expect(rows.length).toBeGreaterThanOrEqual(5);
    const stored = JSON.stringify(rows);
    const listed = JSON.stringify(await all(owner));
    for (const secret of secrets) {
      expect(stored).not.toContain(secret);
      expect(listed).not.toContain(secret);
    }
    expect(stored).toContain('auth.password_changed');
  });

  it('pages newest first with limit and nextCursor, to a last page with a null cursor', async () => {
    const total = Number((await sql.query('SELECT count(*)::int AS n FROM audit_log WHERE workspace_id = $1', [workspaceId]))[0].n);
    expect(total).toBeGreaterThanOrEqual(5);
    const expected = (await sql.query('SELECT id::text AS id FROM audit_log WHERE workspace_id = $1 ORDER BY id DESC', [workspaceId])).map(
      (r: { id: string }) => r.id,
    );

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: Entry[]; nextCursor: string | null } = (await owner.get(`/api/audit-log?limit=2${cursor ? `&cursor=${cursor}` : ''}`).expect(200))
        .body;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 100);
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(total / 2));

    const defaultPage = (await owner.get('/api/audit-log').expect(200)).body;
    expect(defaultPage.items.map((e: Entry) => e.id)).toEqual(expected.slice(0, 50));
    expect(defaultPage.nextCursor).toBeNull();
  });

  it('refuses bad paging input with a 400, never a 500', async () => {
    for (const query of ['limit=0', 'limit=201', 'limit=abc', 'cursor=abc', 'cursor=-1', 'cursor=99999999999999999999', 'cursor=9999999999999999999']) {
      const res = await owner.get(`/api/audit-log?${query}`);
      expect([query, res.status, res.body.code]).toEqual([query, 400, query.startsWith('cursor') ? 'INVALID_CURSOR' : 'VALIDATION_FAILED']);
    }
  });

  it('shows a workspace only its own entries, and only to admins (exact 403 otherwise)', async () => {
    const editor = await addMember(server(), owner, 'plain-editor@example.com', 'editor');
    const refused = await editor.client.get('/api/audit-log').expect(403);
    expect(refused.body).toEqual({ statusCode: 403, code: 'INSUFFICIENT_ROLE', message: 'Your role in this workspace cannot do this (needs admin)' });
    const readKey = (await owner.post('/api/api-keys', { name: 'reader', scopes: ['content:read'] }).expect(201)).body.secret;
    const keyRefused = await SessionClient.withApiKey(server(), readKey).get('/api/audit-log').expect(403);
    expect(keyRefused.body).toEqual({ statusCode: 403, code: 'INSUFFICIENT_SCOPE', message: 'This API key needs the admin scope' });

    const admin = await addMember(server(), owner, 'auditor@example.com', 'admin');
    const adminView = await all(admin.client);
    expect(adminView.map((e) => e.id)).toEqual((await all(owner)).map((e) => e.id));

    // The admin makes a workspace of their own: it holds only its creation entry.
    const other = (await admin.client.post('/api/workspaces', { name: 'Auditor brand' }).expect(201)).body.id;
    await admin.client.post('/api/auth/switch-workspace', { workspaceId: other }).expect(200);
    const otherView = await all(admin.client);
    expect(otherView.map((e) => [e.action, e.targetId])).toEqual([['workspace.created', other]]);
  });
});
