import type { AddressInfo } from 'node:net';

import { DataSource } from 'typeorm';

import { roleAtLeast, type AccessPolicy } from '@mwr/domain';

import { inDays, insertAsset, insertSocialAccount } from '../../../test/factories.js';
import { listRoutes, type RegisteredRoute } from '../../../test/routes.js';
import { addMember, SessionClient, setupOwner } from '../../../test/session-client.js';
import { openSse, type SseStream } from '../../../test/sse-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { ACCESS_POLICY_KEY } from '../../common/auth/access.decorator.js';
import { IS_PUBLIC_KEY } from '../../common/auth/public.decorator.js';

const meta = (key: string, route: RegisteredRoute) => Reflect.getMetadata(key, route.handler) ?? Reflect.getMetadata(key, route.controller);

/**
 * Rows that belong to the workspace as a whole, not to one social account: a member limited to
 * some accounts reaches them like any member of their role (issue 25). Each prefix says why.
 */
const WORKSPACE_WIDE: Record<string, string> = {
  '/api/assets/': 'videos are a workspace library, shared by every client team (the posts that use them are what is limited)',
  '/api/media/': 'an HMAC-signed, expiring link to a video of the library',
  '/api/uploads/': 'an upload becomes a library video',
  '/api/workspaces/': 'the workspace itself (owner only)',
  '/api/members/': 'members are managed by admins, who see every account',
  '/api/invitations/': 'invitations are managed by admins',
  '/api/api-keys/': 'API keys are managed by admins and carry scopes, not accounts',
  '/api/webhooks/': 'webhook endpoints are managed by admins',
  '/api/trends/': 'trends are the workspace’s notes and signals, not an account’s posts',
  '/api/review-settings/': 'the approval policy is set by admins',
  '/api/marketing-war-room/automations/': 'the parameter names an automation kind; automations are set by admins',
  '/api/auth/': 'a token of an invitation link',
  '/api/public/': 'the client review link: its signed token names what it shows',
  '/api/accounts/connect/': 'the parameter names a platform; connecting is for admins',
  '/api/accounts/callback/': 'the platform redirect of a connect flow',
  '/api/branding/': 'the workspace’s branding',
};
const workspaceWide = (path: string) => Object.keys(WORKSPACE_WIDE).some((prefix) => path.startsWith(prefix));

describe('per-account access for members (issue 25)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let sql: DataSource;
  let owner: SessionClient;
  let workspaceId: string;
  let accountA: string;
  let accountB: string;
  let member: { client: SessionClient; userId: string };

  beforeAll(async () => {
    db = await createTestDatabase('member_access');
    t = await startTestApp({ DATABASE_URL: db.url, LOGIN_ATTEMPTS_PER_IP: '1000' });
    sql = t.app.get(DataSource);
    owner = await setupOwner(t.app.getHttpServer());
    workspaceId = (await owner.get('/api/auth/me').expect(200)).body.workspace.id;
    accountA = await insertSocialAccount(sql, workspaceId, 'tiktok', 'client_a');
    accountB = await insertSocialAccount(sql, workspaceId, 'tiktok', 'client_b');
    member = await addMember(t.app.getHttpServer(), owner, 'agency@example.com', 'editor');
    await owner.call('put', `/api/members/${member.userId}/account-access`, { body: { allAccounts: false, accountIds: [accountA] } }).expect(200);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const item = async (title: string, accountIds: string[]) =>
    (
      await owner
        .post('/api/content-items', { title, caption: title, scheduledAt: inDays(2), timeZone: 'UTC', targets: accountIds.map((accountId) => ({ accountId })) })
        .expect(201)
    ).body as { id: string };

  it('lets admins limit a member to some accounts, and refuses what it cannot mean', async () => {
    const members = (await owner.get('/api/members').expect(200)).body as { userId: string; accountIds: string[] | null; role: string }[];
    expect(members.find((m) => m.userId === member.userId)?.accountIds).toEqual([accountA]);
    expect(members.find((m) => m.role === 'owner')?.accountIds).toBeNull();
    const ownerId = members.find((m) => m.role === 'owner')!.userId;
    const forAdmin = await owner.call('put', `/api/members/${ownerId}/account-access`, { body: { allAccounts: false, accountIds: [accountA] } }).expect(409);
    expect(forAdmin.body.code).toBe('ACCOUNT_ACCESS_NOT_FOR_ADMINS');
    const unknown = await owner
      .call('put', `/api/members/${member.userId}/account-access`, { body: { allAccounts: false, accountIds: ['00000000-0000-4000-8000-000000000000'] } })
      .expect(422);
    expect(unknown.body.code).toBe('ACCOUNT_ACCESS_UNKNOWN_ACCOUNT');
    // Nothing changed by the refused call.
    const again = (await owner.get('/api/members').expect(200)).body as { userId: string; accountIds: string[] | null }[];
    expect(again.find((m) => m.userId === member.userId)?.accountIds).toEqual([accountA]);
    await member.client.call('put', `/api/members/${member.userId}/account-access`, { body: { allAccounts: true, accountIds: [] } }).expect(403);
  });

  it('lists only the accounts, posts, queue, calendar and war-room rows of the member’s accounts', async () => {
    const itemA = await item('A only', [accountA]);
    const itemB = await item('B only', [accountB]);
    const mixed = await item('A and B', [accountA, accountB]);
    const ownDraft = (await member.client.post('/api/content-items', { title: 'my idea', timeZone: 'UTC', targets: [] }).expect(201)).body as { id: string };
    const othersDraft = (await owner.post('/api/content-items', { title: 'owner idea', timeZone: 'UTC', targets: [] }).expect(201)).body as { id: string };

    const accounts = (await member.client.get('/api/accounts').expect(200)).body as { id: string }[];
    expect(accounts.map((a) => a.id)).toEqual([accountA]);
    expect(((await owner.get('/api/accounts').expect(200)).body as { id: string }[]).map((a) => a.id).sort()).toEqual([accountA, accountB].sort());

    const listed = ((await member.client.get('/api/content-items').expect(200)).body.items as { id: string }[]).map((i) => i.id);
    expect(listed.sort()).toEqual([itemA.id, ownDraft.id].sort());
    const queue = ((await member.client.get('/api/calendar/queue').expect(200)).body.items as { id: string }[]).map((i) => i.id);
    expect(queue).toContain(itemA.id);
    expect(queue).not.toContain(itemB.id);
    expect(queue).not.toContain(mixed.id);
    expect(queue).not.toContain(othersDraft.id);
    const from = inDays(0).slice(0, 10);
    const to = inDays(7).slice(0, 10);
    const calendar = ((await member.client.get(`/api/calendar?fromDate=${from}&toDate=${to}`).expect(200)).body.items as { id: string }[]).map((i) => i.id);
    expect(calendar).toEqual([itemA.id]);

    const state = (await member.client.get('/api/marketing-war-room/state').expect(200)).body as {
      queue: { upcoming: { contentItemId: string }[] };
      health: { accountId: string }[];
    };
    expect(state.queue.upcoming.map((u) => u.contentItemId)).toEqual([itemA.id]);
    expect(state.health.map((h) => h.accountId)).toEqual([accountA]);
    const ownerState = (await owner.get('/api/marketing-war-room/state').expect(200)).body as { queue: { upcoming: unknown[] } };
    expect(ownerState.queue.upcoming).toHaveLength(3);

    // Writing to a forbidden account fails as for an account of another workspace.
    const sneak = await member.client
      .post('/api/content-items', { title: 'sneak', caption: 'x', timeZone: 'UTC', status: 'draft', targets: [{ accountId: accountB }] })
      .expect(400);
    expect(JSON.stringify(sneak.body)).toContain('ACCOUNT_NOT_IN_WORKSPACE');
    await member.client.post('/api/queue-slots', { accountId: accountB, weekday: 1, time: '09:00' }).expect(404);
    await member.client.post('/api/review-links', { contentItemIds: [itemB.id] }).expect(404);
    await member.client.get(`/api/analytics/best-times?accountId=${accountB}`).expect(404);
    await member.client.get(`/api/queue-slots/next?accountIds=${accountB}`).expect(404);
  });

  it('filters analytics to the member’s accounts', async () => {
    const itemA = await item('measured A', [accountA]);
    const itemB = await item('measured B', [accountB]);
    for (const [itemId, accountId, views] of [
      [itemA.id, accountA, 100],
      [itemB.id, accountB, 900],
    ] as const) {
      const [pub] = await sql.query(
        `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status, posted_at)
         VALUES ($1, $2, $3, 'tiktok', 'posted', now() - interval '2 days') RETURNING id`,
        [workspaceId, itemId, accountId],
      );
      await owner.call('put', `/api/publications/${pub.id}/metrics`, { body: { views } }).expect(200);
    }
    const posts = (await member.client.get('/api/analytics/posts').expect(200)).body as { items: { accountId: string }[] };
    expect(posts.items.length).toBeGreaterThan(0);
    expect(new Set(posts.items.map((p) => p.accountId))).toEqual(new Set([accountA]));
    const everyone = (await owner.get('/api/analytics/posts').expect(200)).body as { items: { accountId: string }[] };
    expect(new Set(everyone.items.map((p) => p.accountId))).toEqual(new Set([accountA, accountB]));
  });

  it('leaves other accounts out of automation activity and the video library’s “where used”', async () => {
    const itemA = await item('warm-up A', [accountA]);
    const itemB = await item('warm-up B', [accountB]);
    const audit = (action: string, targetType: string, targetId: string, metadata: Record<string, unknown> = {}) =>
      sql.query(`INSERT INTO audit_log (workspace_id, action, target_type, target_id, metadata) VALUES ($1, $2, $3, $4, $5) RETURNING id::text AS id`, [
        workspaceId,
        action,
        targetType,
        targetId,
        JSON.stringify(metadata),
      ]) as Promise<{ id: string }[]>;
    const [[refusedA], [refusedB], [spreadA], [spreadB], [switched], [repostOfA], [repostOfB]] = await Promise.all([
      audit('automation.tiktok_warmup.refused', 'social_account', accountA),
      audit('automation.tiktok_warmup.refused', 'social_account', accountB),
      audit('automation.tiktok_warmup.spread', 'content_item', itemA.id),
      audit('automation.tiktok_warmup.spread', 'content_item', itemB.id),
      audit('automation.enabled', 'automation', 'tiktok_warmup'),
      audit('automation.auto_reposter.reposted', 'social_account', accountA, { sourceContentItemId: itemA.id }),
      // Reposted to A, but from a post of B: the entry would show B's post.
      audit('automation.auto_reposter.reposted', 'social_account', accountA, { sourceContentItemId: itemB.id }),
    ]);
    const activityIds = async (client: SessionClient, key: string) =>
      ((await client.get(`/api/marketing-war-room/automations/${key}/activity?limit=50`).expect(200)).body.items as { id: string }[]).map((e) => e.id).sort();
    expect(await activityIds(member.client, 'tiktok_warmup')).toEqual([refusedA!.id, spreadA!.id, switched!.id].sort());
    expect(await activityIds(owner, 'tiktok_warmup')).toEqual([refusedA!.id, refusedB!.id, spreadA!.id, spreadB!.id, switched!.id].sort());
    expect(await activityIds(member.client, 'auto_reposter')).toEqual([repostOfA!.id]);
    expect(await activityIds(owner, 'auto_reposter')).toEqual([repostOfA!.id, repostOfB!.id].sort());

    const assetId = await insertAsset(sql, workspaceId, 'shared.mp4');
    await sql.query(`UPDATE content_items SET asset_id = $1 WHERE id = ANY ($2::uuid[])`, [assetId, [itemA.id, itemB.id]]);
    const usedBy = (asset: { usedBy: { id: string; title: string }[] }) => asset.usedBy.map((use) => use.id).sort();
    const one = (await member.client.get(`/api/assets/${assetId}`).expect(200)).body;
    expect(usedBy(one)).toEqual([itemA.id]);
    expect(JSON.stringify(one)).not.toContain('warm-up B');
    const listed = ((await member.client.get('/api/assets').expect(200)).body.items as { id: string; usedBy: { id: string; title: string }[] }[]).find(
      (a) => a.id === assetId,
    )!;
    expect(usedBy(listed)).toEqual([itemA.id]);
    expect(usedBy((await owner.get(`/api/assets/${assetId}`).expect(200)).body)).toEqual([itemA.id, itemB.id].sort());
  });

  it('answers 404 to the member for every route naming a row of another account, and changes nothing', async () => {
    const itemB = await item('B post', [accountB]);
    const mixed = await item('mixed post', [accountA, accountB]);
    const [pubB] = await sql.query(
      `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status) VALUES ($1, $2, $3, 'tiktok', 'failed') RETURNING id`,
      [workspaceId, itemB.id, accountB],
    );
    await sql.query(
      `INSERT INTO publish_jobs (workspace_id, publication_id, idempotency_key, status, account_id, platform) VALUES ($1, $2::uuid, 'publication:' || $2::text, 'failed', $3, 'tiktok')`,
      [workspaceId, pubB.id, accountB],
    );
    const [slotB] = await sql.query(`INSERT INTO queue_slots (workspace_id, account_id, weekday, minute) VALUES ($1, $2, 1, 1110) RETURNING id`, [
      workspaceId,
      accountB,
    ]);
    const [experimentB] = await sql.query(
      `INSERT INTO experiments (workspace_id, content_item_id, platform, mode, metric) VALUES ($1, $2, 'tiktok', 'accounts', 'views') RETURNING id`,
      [workspaceId, itemB.id],
    );
    const commentB = (await owner.post(`/api/content-items/${itemB.id}/comments`, { body: 'B only' }).expect(201)).body;
    const linkB = (await owner.post('/api/review-links', { contentItemIds: [itemB.id] }).expect(201)).body;

    const snapshot = () =>
      sql.query(
        `SELECT (SELECT json_agg(m ORDER BY user_id) FROM memberships m WHERE workspace_id = $1) AS members,
                (SELECT json_agg(ma ORDER BY user_id, account_id) FROM member_account_access ma WHERE workspace_id = $1) AS access,
                (SELECT json_agg(c ORDER BY id) FROM content_items c WHERE workspace_id = $1) AS items,
                (SELECT json_agg(x ORDER BY content_item_id, social_account_id) FROM content_item_targets x WHERE workspace_id = $1) AS targets,
                (SELECT json_agg(s ORDER BY id) FROM social_accounts s WHERE workspace_id = $1) AS accounts,
                (SELECT json_agg(p ORDER BY id) FROM platform_publications p WHERE workspace_id = $1) AS publications,
                (SELECT json_agg(j ORDER BY id) FROM publish_jobs j WHERE workspace_id = $1) AS jobs,
                (SELECT json_agg(aw ORDER BY account_id) FROM account_warmups aw WHERE workspace_id = $1) AS warmups,
                (SELECT json_agg(pm ORDER BY publication_id) FROM publication_metrics pm WHERE workspace_id = $1) AS metrics,
                (SELECT json_agg(qs ORDER BY id) FROM queue_slots qs WHERE workspace_id = $1) AS slots,
                (SELECT json_agg(ex ORDER BY id) FROM experiments ex WHERE workspace_id = $1) AS experiments,
                (SELECT json_agg(cr ORDER BY content_item_id) FROM content_reviews cr WHERE workspace_id = $1) AS reviews,
                (SELECT json_agg(rd ORDER BY id) FROM review_decisions rd WHERE workspace_id = $1) AS decisions,
                (SELECT json_agg(cc ORDER BY id) FROM content_comments cc WHERE workspace_id = $1) AS comments,
                (SELECT json_agg(rl ORDER BY id) FROM review_links rl WHERE workspace_id = $1) AS "reviewLinks",
                (SELECT json_agg(n ORDER BY id) FROM notifications n WHERE workspace_id = $1) AS notifications`,
        [workspaceId],
      );
    const before = await snapshot();

    // Rows of account B by route parameter; a new account-bound route fails the test until it has one.
    // Bodies are valid, so only the account check can stop the call.
    const fixtures: Record<string, { ids: Record<string, string>; body?: object }> = {
      '/api/accounts/:id': { ids: { id: accountB } },
      '/api/accounts/:id/test': { ids: { id: accountB } },
      '/api/accounts/:id/impact': { ids: { id: accountB } },
      '/api/accounts/:id/warmup/restart': { ids: { id: accountB } },
      '/api/analytics/accounts/:id': { ids: { id: accountB } },
      '/api/content-items/:id': { ids: { id: itemB.id }, body: { caption: 'Hijacked', version: 1 } },
      '/api/content-items/:id/reschedule': { ids: { id: itemB.id }, body: { scheduledAt: inDays(3), version: 1 } },
      '/api/content-items/:id/pause': { ids: { id: itemB.id } },
      '/api/content-items/:id/resume': { ids: { id: itemB.id } },
      '/api/content-items/:id/cancel': { ids: { id: itemB.id } },
      '/api/content-items/:id/duplicate': { ids: { id: itemB.id } },
      '/api/content-items/:id/restore': { ids: { id: itemB.id } },
      '/api/content-items/:id/uncancel': { ids: { id: itemB.id } },
      '/api/content-items/:id/review': { ids: { id: itemB.id } },
      '/api/content-items/:id/approve': { ids: { id: itemB.id }, body: { hash: 'a'.repeat(64) } },
      '/api/content-items/:id/request-changes': { ids: { id: itemB.id }, body: { comment: 'Hijacked' } },
      '/api/content-items/:id/comments': { ids: { id: itemB.id }, body: { body: 'Hijacked' } },
      '/api/comments/:id/resolve': { ids: { id: commentB.id } },
      '/api/comments/:id/reopen': { ids: { id: commentB.id } },
      '/api/publications/:id': { ids: { id: pubB.id } },
      '/api/publications/:id/retry': { ids: { id: pubB.id } },
      '/api/publications/:id/cancel': { ids: { id: pubB.id } },
      '/api/publications/:id/resolve': { ids: { id: pubB.id }, body: { outcome: 'failed' } },
      '/api/publications/:id/metrics': { ids: { id: pubB.id }, body: { views: 10 } },
      '/api/analytics/posts/:id/snapshots': { ids: { id: pubB.id } },
      '/api/queue-slots/:id': { ids: { id: slotB.id }, body: { time: '07:00' } },
      '/api/experiments/:id': { ids: { id: experimentB.id } },
      '/api/experiments/:id/cancel': { ids: { id: experimentB.id } },
      '/api/review-links/:id/revoke': { ids: { id: linkB.id } },
    };
    const probed: string[] = [];
    for (const route of listRoutes(t.app).filter((r) => r.params.length > 0 && !meta(IS_PUBLIC_KEY, r))) {
      const name = `${route.method} ${route.path}`;
      if (workspaceWide(route.path)) continue;
      const fixture = fixtures[route.path];
      if (!fixture) throw new Error(`add a per-account fixture for ${name}, or list it as workspace-wide with the reason`);
      const path = route.path.replace(/:(\w+)/g, (_m, param: string) => fixture.ids[param]!);
      const policy = meta(ACCESS_POLICY_KEY, route) as AccessPolicy | undefined;
      // A route above the member's role refuses them whatever the id, which leaks nothing either.
      const expected = !policy || roleAtLeast('editor', policy.role) ? 404 : 403;
      const res = await member.client.call(route.method.toLowerCase() as 'get', path, { body: fixture.body });
      expect(`${name} → ${res.status}`).toBe(`${name} → ${expected}`);
      probed.push(name);
    }
    expect(probed.length).toBeGreaterThanOrEqual(25);
    // An item that also targets a forbidden account is invisible as a whole.
    await member.client.get(`/api/content-items/${mixed.id}`).expect(404);
    expect(await snapshot()).toEqual(before);
    // The owner reaches the same rows: the 404s above are the member's limit, not missing rows.
    await owner.get(`/api/content-items/${itemB.id}`).expect(200);
    await owner.get(`/api/publications/${pubB.id}`).expect(200);
    await owner.get(`/api/experiments/${experimentB.id}`).expect(200);
  });

  it('gives the member every account again when the limit is lifted', async () => {
    await owner.call('put', `/api/members/${member.userId}/account-access`, { body: { allAccounts: true, accountIds: [] } }).expect(200);
    const accounts = (await member.client.get('/api/accounts').expect(200)).body as { id: string }[];
    expect(accounts.map((a) => a.id).sort()).toEqual([accountA, accountB].sort());
    await owner.call('put', `/api/members/${member.userId}/account-access`, { body: { allAccounts: false, accountIds: [accountA] } }).expect(200);
    expect(((await member.client.get('/api/accounts').expect(200)).body as { id: string }[]).map((a) => a.id)).toEqual([accountA]);
  });
});

describe('the contributor role (issue 25)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let owner: SessionClient;
  let contributor: { client: SessionClient; userId: string };
  let accountId: string;

  beforeAll(async () => {
    db = await createTestDatabase('contributor');
    t = await startTestApp({ DATABASE_URL: db.url, LOGIN_ATTEMPTS_PER_IP: '1000' });
    owner = await setupOwner(t.app.getHttpServer());
    const workspaceId = (await owner.get('/api/auth/me').expect(200)).body.workspace.id;
    accountId = await insertSocialAccount(t.app.get(DataSource), workspaceId, 'tiktok');
    contributor = await addMember(t.app.getHttpServer(), owner, 'writer@example.com', 'contributor');
    await owner.patch('/api/review-settings', { policy: 'required_internal' }).expect(200);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const draft = async (client: SessionClient, title: string) =>
    (await client.post('/api/content-items', { title, caption: title, timeZone: 'UTC', status: 'draft', targets: [{ accountId }] }).expect(201)).body as {
      id: string;
      version: number;
      status: string;
    };

  it('writes and edits its own drafts and asks for review', async () => {
    const mine = await draft(contributor.client, 'first cut');
    expect(mine.status).toBe('draft');
    const edited = await contributor.client
      .patch(`/api/content-items/${mine.id}`, { caption: 'second cut', scheduledAt: inDays(2), version: mine.version })
      .expect(200);
    expect(edited.body.status).toBe('draft');
    await contributor.client.post(`/api/content-items/${mine.id}/review`).expect(200);
    const copy = await contributor.client.post(`/api/content-items/${mine.id}/duplicate`).expect(201);
    expect(copy.body.status).toBe('draft');
  });

  it('never schedules: 403 ROLE_CONTRIBUTOR_CANNOT_SCHEDULE on every way a post would become scheduled', async () => {
    const created = await contributor.client
      .post('/api/content-items', { title: 'now', caption: 'now', scheduledAt: inDays(2), timeZone: 'UTC', targets: [{ accountId }] })
      .expect(403);
    expect(created.body.code).toBe('ROLE_CONTRIBUTOR_CANNOT_SCHEDULE');
    const mine = await draft(contributor.client, 'mine');
    const patched = await contributor.client
      .patch(`/api/content-items/${mine.id}`, { status: 'scheduled', scheduledAt: inDays(2), version: mine.version })
      .expect(403);
    expect(patched.body.code).toBe('ROLE_CONTRIBUTOR_CANNOT_SCHEDULE');
    for (const action of ['reschedule', 'resume', 'uncancel']) {
      const res = await contributor.client.post(`/api/content-items/${mine.id}/${action}`, { scheduledAt: inDays(3), version: mine.version });
      expect(`${action} → ${res.status} ${res.body.code}`).toBe(`${action} → 403 ROLE_CONTRIBUTOR_CANNOT_SCHEDULE`);
    }
    // Still a draft: nothing was scheduled.
    expect((await owner.get(`/api/content-items/${mine.id}`).expect(200)).body.status).toBe('draft');
  });

  it('changes no one else’s post, approves nothing, and touches no accounts or settings', async () => {
    const ownersDraft = await draft(owner, 'owner draft');
    const res = await contributor.client.patch(`/api/content-items/${ownersDraft.id}`, { caption: 'mine now', version: ownersDraft.version }).expect(403);
    expect(res.body.code).toBe('ROLE_CONTRIBUTOR_OWN_DRAFTS_ONLY');
    await contributor.client.post(`/api/content-items/${ownersDraft.id}/approve`, { hash: 'a'.repeat(64) }).expect(403);
    await contributor.client.post(`/api/content-items/${ownersDraft.id}/cancel`).expect(403);
    await contributor.client.post(`/api/accounts/${accountId}/test`).expect(403);
    await contributor.client.call('put', '/api/ai/settings', { body: { enabled: false } }).expect(403);
    await contributor.client.patch('/api/review-settings', { policy: 'none' }).expect(403);
  });

  it('leaves API keys to their scopes: a content:write key still schedules', async () => {
    const key = SessionClient.withApiKey(
      t.app.getHttpServer(),
      (await owner.post('/api/api-keys', { name: 'integration', scopes: ['content:write'] }).expect(201)).body.secret,
    );
    const res = await key
      .post('/api/content-items', { title: 'api', caption: 'api', scheduledAt: inDays(2), timeZone: 'UTC', targets: [{ accountId }] })
      .expect(201);
    expect(res.body.status).toBe('scheduled');
  });
});

describe('the live event stream of a member limited to some accounts (issue 25)', () => {
  let db: TestDatabase;
  let t: TestApp;
  const streams: SseStream[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('member_access_sse');
    // No worker in this process: a retried job stays queued, its events are what the streams see.
    t = await startTestApp({ DATABASE_URL: db.url, ROLES: 'api', LOGIN_ATTEMPTS_PER_IP: '1000' });
    await t.app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await t?.close();
    await db?.drop();
  });

  it('sends the member the lane updates of their accounts only, while the owner gets both', async () => {
    const sql = t.app.get(DataSource);
    const owner = await setupOwner(t.app.getHttpServer());
    const workspaceId = (await owner.get('/api/auth/me').expect(200)).body.workspace.id as string;
    const accountA = await insertSocialAccount(sql, workspaceId, 'tiktok', 'live_a');
    const accountB = await insertSocialAccount(sql, workspaceId, 'tiktok', 'live_b');
    const member = await addMember(t.app.getHttpServer(), owner, 'live@example.com', 'editor');
    await owner.call('put', `/api/members/${member.userId}/account-access`, { body: { allAccounts: false, accountIds: [accountA] } }).expect(200);
    const failedPublication = async (accountId: string) => {
      const itemId = (
        await owner
          .post('/api/content-items', { title: 'live', caption: 'live', scheduledAt: inDays(2), timeZone: 'UTC', targets: [{ accountId }] })
          .expect(201)
      ).body.id as string;
      const [pub] = await sql.query(
        `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status) VALUES ($1, $2, $3, 'tiktok', 'failed') RETURNING id`,
        [workspaceId, itemId, accountId],
      );
      await sql.query(
        `INSERT INTO publish_jobs (workspace_id, publication_id, idempotency_key, status, account_id, platform) VALUES ($1, $2::uuid, 'publication:' || $2::text, 'failed', $3, 'tiktok')`,
        [workspaceId, pub.id, accountId],
      );
      return pub.id as string;
    };
    const pubA = await failedPublication(accountA);
    const pubB = await failedPublication(accountB);

    const url = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/api/marketing-war-room/events`;
    const ownerStream = await openSse(url, { cookie: `mwr_session=${owner.sessionToken}` });
    const memberStream = await openSse(url, { cookie: `mwr_session=${member.client.sessionToken}` });
    streams.push(ownerStream, memberStream);
    expect([ownerStream.status, memberStream.status]).toEqual([200, 200]);
    const about = (id: string) => (e: { event: string; data: unknown }) =>
      e.event === 'QUEUE_UPDATED' && (e.data as { publicationId?: string }).publicationId === id;

    // B's event first, then A's: once the member has A's, B's would have arrived before it.
    await owner.post(`/api/publications/${pubB}/retry`).expect((res) => expect(res.status).toBeLessThan(300));
    await ownerStream.waitFor(about(pubB), 'the owner gets B');
    await owner.post(`/api/publications/${pubA}/retry`).expect((res) => expect(res.status).toBeLessThan(300));
    await ownerStream.waitFor(about(pubA), 'the owner gets A');
    await memberStream.waitFor(about(pubA), 'the member gets A');
    expect(memberStream.events.filter(about(pubB))).toEqual([]);
    expect(memberStream.events.filter((e) => e.event === 'HEALTH_UPDATED' && (e.data as { accountId?: string }).accountId === accountB)).toEqual([]);
  });
});
