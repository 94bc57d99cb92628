import { DataSource } from 'typeorm';

import { inDays, insertAsset, insertSocialAccount } from '../../../test/factories.js';
import { listRoutes, type RegisteredRoute } from '../../../test/routes.js';
import { addMember, SessionClient, setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { ACCESS_POLICY_KEY, AUTHENTICATED_KEY } from '../../common/auth/access.decorator.js';
import { IS_PUBLIC_KEY } from '../../common/auth/public.decorator.js';

const meta = (key: string, route: RegisteredRoute) => Reflect.getMetadata(key, route.handler) ?? Reflect.getMetadata(key, route.controller);

/**
 * Routes taking a secret rather than a tenant-scoped id. Each entry says why it is exempt from the
 * cross-tenant sweep; anything not here must have a fixture below.
 */
const NOT_TENANT_IDS: Record<string, string> = {
  'GET /api/auth/invitations/:token': 'the token is a 256-bit secret of the invitation link, not an id',
  'POST /api/accounts/connect/:platform': 'the parameter names a platform, not a row',
  'GET /api/accounts/callback/:platform': 'the platform redirect; the single-use state (covered by the accounts suite) names the workspace',
  'GET /api/media/:token': 'the token is an HMAC-signed, expiring link (served at /media, outside /api)',
  'HEAD /api/media/:token': 'the token is an HMAC-signed, expiring link (served at /media, outside /api)',
  'POST /api/marketing-war-room/automations/:key': "the parameter names an automation kind, not a row; the flag written is always the caller's workspace's",
  'GET /api/marketing-war-room/automations/:key/activity':
    "the parameter names an automation kind, not a row; the activity read is always the caller's workspace's",
  'GET /api/public/review/:token': 'the token is an HMAC-signed client review link; its row names the workspace and the items it shows',
  'POST /api/public/review/:token/items/:itemId/decision': 'the token is an HMAC-signed client review link; an item it does not show answers 404',
  'GET /api/branding/logos/:file': 'the parameter is the opaque file name of a logo a workspace shows publicly (login and review pages); it names no row',
  'POST /api/trends/sources/:key/run':
    "the parameter names a trend source (a registry key), not a row; the run and its ledgers are always the caller's workspace's",
  'POST /api/marketing-war-room/automations/:key/preview':
    'the parameter names an automation kind, not a row; a preview reads no other workspace and writes nothing',
};

describe('every route is guarded and tenant-scoped', () => {
  let db: TestDatabase;
  let t: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase('routes');
    t = await startTestApp({ DATABASE_URL: db.url, LOGIN_ATTEMPTS_PER_IP: '1000' });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  it('finds the routes it checks', () => {
    const routes = listRoutes(t.app);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['GET /api/health', 'POST /api/auth/login', 'DELETE /api/api-keys/:id']));
  });

  it('has no route that is neither public nor guarded by an access policy', () => {
    const unguarded = listRoutes(t.app)
      .filter((r) => !meta(IS_PUBLIC_KEY, r) && !meta(ACCESS_POLICY_KEY, r) && !meta(AUTHENTICATED_KEY, r))
      .map((r) => `${r.method} ${r.path}`);
    expect(unguarded).toEqual([]);
  });

  it('answers 401 to an anonymous caller on every non-public route', async () => {
    const anonymous = new SessionClient(t.app.getHttpServer());
    for (const route of listRoutes(t.app).filter((r) => !meta(IS_PUBLIC_KEY, r))) {
      const path = route.url.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');
      // A route taking every method (@All: the MCP endpoint) is asked with POST.
      const method = route.method === 'ALL' ? 'post' : (route.method.toLowerCase() as 'get');
      const res = await anonymous.call(method, path, { body: route.method === 'HEAD' ? undefined : {} });
      expect(`${route.method} ${route.path} → ${res.status}`).toBe(`${route.method} ${route.path} → 401`);
    }
  });

  it('answers 404 to workspace A for every id of workspace B, and changes nothing in B', async () => {
    const server = t.app.getHttpServer();
    const alice = await setupOwner(server);
    const sql = t.app.get(DataSource);

    // Workspace B: made by Alice, handed to Bob, then Alice leaves it.
    const wsB = (await alice.post('/api/workspaces', { name: 'Brand B' }).expect(201)).body;
    await alice.post('/api/auth/switch-workspace', { workspaceId: wsB.id }).expect(200);
    const bob = await addMember(server, alice, 'bob@example.com', 'owner');
    const aliceId = (await alice.get('/api/auth/me')).body.user.id;
    await bob.client.delete(`/api/members/${aliceId}`).expect(204);
    const keyB = (await bob.client.post('/api/api-keys', { name: 'B key', scopes: ['admin'] }).expect(201)).body.apiKey;
    const invitationB = (await bob.client.post('/api/invitations', { email: 'carol@example.com', role: 'viewer' }).expect(201)).body.invitation;
    const accountB = await insertSocialAccount(sql, wsB.id, 'tiktok');
    const itemB = (
      await bob.client
        .post('/api/content-items', { title: 'B post', caption: 'b', scheduledAt: inDays(2), timeZone: 'UTC', targets: [{ accountId: accountB }] })
        .expect(201)
    ).body;
    const assetB = await insertAsset(sql, wsB.id);
    const uploadB = String((await bob.client.post('/api/uploads').set('Tus-Resumable', '1.0.0').set('Upload-Length', '1000').expect(201)).headers.location)
      .split('/')
      .pop()!;
    const [pubB] = await sql.query(
      `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status) VALUES ($1, $2, $3, 'tiktok', 'failed') RETURNING id`,
      [wsB.id, itemB.id, accountB],
    );
    await sql.query(
      `INSERT INTO publish_jobs (workspace_id, publication_id, idempotency_key, status, account_id, platform) VALUES ($1, $2::uuid, 'publication:' || $2::text, 'failed', $3, 'tiktok')`,
      [wsB.id, pubB.id, accountB],
    );
    await sql.query(`INSERT INTO publication_metrics (publication_id, workspace_id, views) VALUES ($1, $2, 1234)`, [pubB.id, wsB.id]);
    const [trendB] = await sql.query(`INSERT INTO trend_entries (workspace_id, kind, label, source) VALUES ($1, 'hashtag', '#b-only', 'manual') RETURNING id`, [
      wsB.id,
    ]);
    const [watchB] = await sql.query(`INSERT INTO trend_watch_terms (workspace_id, term, kind) VALUES ($1, 'bonly', 'hashtag') RETURNING id`, [wsB.id]);
    const [slotB] = await sql.query(`INSERT INTO queue_slots (workspace_id, account_id, weekday, minute) VALUES ($1, $2, 1, 1110) RETURNING id`, [
      wsB.id,
      accountB,
    ]);
    const [experimentB] = await sql.query(
      `INSERT INTO experiments (workspace_id, content_item_id, platform, mode, metric) VALUES ($1, $2, 'tiktok', 'accounts', 'views') RETURNING id`,
      [wsB.id, itemB.id],
    );
    await bob.client.patch('/api/review-settings', { policy: 'required_internal' }).expect(200);
    const commentB = (await bob.client.post(`/api/content-items/${itemB.id}/comments`, { body: 'B only' }).expect(201)).body;
    const linkB = (await bob.client.post('/api/review-links', { contentItemIds: [itemB.id] }).expect(201)).body;
    const [webhookB] = await sql.query(
      `INSERT INTO webhook_endpoints (workspace_id, url, event_types, secret) VALUES ($1, 'https://hooks.example.com/b', '{alert.raised}', 'whsec_Yg==') RETURNING id`,
      [wsB.id],
    );
    const [webhookEventB] = await sql.query(`INSERT INTO webhook_events (workspace_id, type, data) VALUES ($1, 'alert.raised', '{}') RETURNING id`, [wsB.id]);
    const [deliveryB] = await sql.query(
      `INSERT INTO webhook_deliveries (workspace_id, endpoint_id, event_id, status) VALUES ($1, $2, $3, 'failed') RETURNING id`,
      [wsB.id, webhookB.id, webhookEventB.id],
    );
    const aliceMe = (await alice.get('/api/auth/me').expect(200)).body;
    expect(aliceMe.workspaces.map((w: { id: string }) => w.id)).not.toContain(wsB.id);

    const aliceKey = SessionClient.withApiKey(server, (await alice.post('/api/api-keys', { name: 'A admin', scopes: ['admin'] }).expect(201)).body.secret);
    const snapshot = () =>
      sql.query(
        `SELECT (SELECT row_to_json(w) FROM workspaces w WHERE id = $1) AS ws,
                (SELECT json_agg(m ORDER BY user_id) FROM memberships m WHERE workspace_id = $1) AS members,
                (SELECT json_agg(ma ORDER BY user_id, account_id) FROM member_account_access ma WHERE workspace_id = $1) AS "accountAccess",
                (SELECT json_agg(k ORDER BY id) FROM api_keys k WHERE workspace_id = $1) AS keys,
                (SELECT json_agg(i ORDER BY id) FROM invitations i WHERE workspace_id = $1) AS invitations,
                (SELECT json_agg(c ORDER BY id) FROM content_items c WHERE workspace_id = $1) AS items,
                (SELECT json_agg(x ORDER BY content_item_id) FROM content_item_targets x WHERE workspace_id = $1) AS targets,
                (SELECT json_agg(s ORDER BY id) FROM social_accounts s WHERE workspace_id = $1) AS accounts,
                (SELECT json_agg(p ORDER BY id) FROM platform_publications p WHERE workspace_id = $1) AS publications,
                (SELECT json_agg(j ORDER BY id) FROM publish_jobs j WHERE workspace_id = $1) AS jobs,
                (SELECT json_agg(tr ORDER BY id) FROM trend_entries tr WHERE workspace_id = $1) AS trends,
                (SELECT json_agg(aw ORDER BY account_id) FROM account_warmups aw WHERE workspace_id = $1) AS warmups,
                (SELECT json_agg(pm ORDER BY publication_id) FROM publication_metrics pm WHERE workspace_id = $1) AS metrics,
                (SELECT json_agg(qs ORDER BY id) FROM queue_slots qs WHERE workspace_id = $1) AS slots,
                (SELECT json_agg(ex ORDER BY id) FROM experiments ex WHERE workspace_id = $1) AS experiments,
                (SELECT row_to_json(rs) FROM review_settings rs WHERE workspace_id = $1) AS "reviewSettings",
                (SELECT json_agg(wa ORDER BY user_id) FROM workspace_approvers wa WHERE workspace_id = $1) AS approvers,
                (SELECT json_agg(cr ORDER BY content_item_id) FROM content_reviews cr WHERE workspace_id = $1) AS reviews,
                (SELECT json_agg(rd ORDER BY id) FROM review_decisions rd WHERE workspace_id = $1) AS decisions,
                (SELECT json_agg(cc ORDER BY id) FROM content_comments cc WHERE workspace_id = $1) AS comments,
                (SELECT json_agg(rl ORDER BY id) FROM review_links rl WHERE workspace_id = $1) AS "reviewLinks",
                (SELECT json_agg(n ORDER BY id) FROM notifications n WHERE workspace_id = $1) AS notifications,
                (SELECT json_agg(we ORDER BY id) FROM webhook_endpoints we WHERE workspace_id = $1) AS "webhookEndpoints",
                (SELECT json_agg(wd ORDER BY id) FROM webhook_deliveries wd WHERE workspace_id = $1) AS "webhookDeliveries"`,
        [wsB.id],
      );
    const before = await snapshot();

    // B's ids by route parameter; a new route with an unknown parameter fails the test until added.
    // Bodies are valid, so only the tenant check can stop the call.
    const fixtures: Record<string, { ids: Record<string, string>; body?: object }> = {
      '/api/workspaces/:id': { ids: { id: wsB.id }, body: { name: 'Hijacked' } },
      '/api/members/:userId': { ids: { userId: bob.userId }, body: { role: 'viewer' } },
      '/api/members/:userId/account-access': { ids: { userId: bob.userId }, body: { allAccounts: false, accountIds: [accountB] } },
      '/api/invitations/:id': { ids: { id: invitationB.id } },
      '/api/api-keys/:id': { ids: { id: keyB.id } },
      '/api/accounts/:id': { ids: { id: accountB } },
      '/api/accounts/:id/test': { ids: { id: accountB } },
      '/api/accounts/:id/warmup/restart': { ids: { id: accountB } },
      '/api/content-items/:id': { ids: { id: itemB.id }, body: { caption: 'Hijacked', version: 1 } },
      '/api/content-items/:id/reschedule': { ids: { id: itemB.id }, body: { scheduledAt: inDays(3), version: 1 } },
      '/api/content-items/:id/pause': { ids: { id: itemB.id } },
      '/api/content-items/:id/resume': { ids: { id: itemB.id } },
      '/api/content-items/:id/cancel': { ids: { id: itemB.id } },
      '/api/content-items/:id/duplicate': { ids: { id: itemB.id } },
      '/api/content-items/:id/restore': { ids: { id: itemB.id } },
      '/api/content-items/:id/uncancel': { ids: { id: itemB.id } },
      '/api/accounts/:id/impact': { ids: { id: accountB } },
      '/api/analytics/accounts/:id': { ids: { id: accountB } },
      '/api/analytics/posts/:id/snapshots': { ids: { id: pubB.id } },
      '/api/assets/:id': { ids: { id: assetB }, body: { tags: ['hijacked'] } },
      '/api/assets/:id/download': { ids: { id: assetB } },
      '/api/assets/:id/thumbnail': { ids: { id: assetB } },
      '/api/assets/:id/checks': { ids: { id: assetB } },
      '/api/uploads/:id': { ids: { id: uploadB } },
      '/api/publications/:id': { ids: { id: pubB.id } },
      '/api/publications/:id/retry': { ids: { id: pubB.id } },
      '/api/publications/:id/cancel': { ids: { id: pubB.id } },
      '/api/publications/:id/resolve': { ids: { id: pubB.id }, body: { outcome: 'failed' } },
      '/api/publications/:id/metrics': { ids: { id: pubB.id }, body: { views: 10 } },
      '/api/trends/:id': { ids: { id: trendB.id }, body: { status: 'retired' } },
      '/api/trends/:id/draft': { ids: { id: trendB.id } },
      '/api/trends/:id/vote': { ids: { id: trendB.id }, body: { vote: 'up' } },
      '/api/trends/watch-list/:id': { ids: { id: watchB.id } },
      '/api/queue-slots/:id': { ids: { id: slotB.id }, body: { time: '07:00' } },
      '/api/experiments/:id': { ids: { id: experimentB.id } },
      '/api/experiments/:id/cancel': { ids: { id: experimentB.id } },
      '/api/content-items/:id/review': { ids: { id: itemB.id } },
      '/api/content-items/:id/approve': { ids: { id: itemB.id }, body: { hash: 'a'.repeat(64) } },
      '/api/content-items/:id/request-changes': { ids: { id: itemB.id }, body: { comment: 'Hijacked' } },
      '/api/content-items/:id/comments': { ids: { id: itemB.id }, body: { body: 'Hijacked' } },
      '/api/comments/:id/resolve': { ids: { id: commentB.id } },
      '/api/comments/:id/reopen': { ids: { id: commentB.id } },
      '/api/review-settings/approvers/:userId': { ids: { userId: bob.userId }, body: { approver: true } },
      '/api/review-links/:id/revoke': { ids: { id: linkB.id } },
      '/api/webhooks/endpoints/:id': { ids: { id: webhookB.id }, body: { description: 'Hijacked' } },
      '/api/webhooks/endpoints/:id/rotate-secret': { ids: { id: webhookB.id } },
      '/api/webhooks/endpoints/:id/deliveries': { ids: { id: webhookB.id } },
      '/api/webhooks/endpoints/:id/deliveries/:deliveryId/resend': { ids: { id: webhookB.id, deliveryId: deliveryB.id } },
    };
    const probed: string[] = [];
    for (const route of listRoutes(t.app).filter((r) => r.params.length > 0)) {
      const name = `${route.method} ${route.path}`;
      if (NOT_TENANT_IDS[name]) continue;
      const fixture = fixtures[route.path];
      if (!fixture) throw new Error(`add a cross-tenant fixture for ${name}`);
      const path = route.path.replace(/:(\w+)/g, (_m, param: string) => fixture.ids[param]!);
      const body = fixture.body;
      const asAlice = await alice.call(route.method.toLowerCase() as 'get', path, { body });
      expect(`${name} → ${asAlice.status}`).toBe(`${name} → 404`);
      // Routes closed to API keys refuse them whatever the id, which leaks nothing either.
      const keysAllowed = Boolean((meta(ACCESS_POLICY_KEY, route) as { scope?: string } | undefined)?.scope);
      const asKey = await aliceKey.call(route.method.toLowerCase() as 'get', path, { body });
      expect(`${name} → ${asKey.status}`).toBe(`${name} → ${keysAllowed ? 404 : 403}`);
      probed.push(name);
    }
    expect(probed.length).toBeGreaterThanOrEqual(6);
    expect(await snapshot()).toEqual(before);
  });
});
