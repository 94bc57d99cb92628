import { randomBytes } from 'node:crypto';

import { DataSource } from 'typeorm';

import { createSandbox, type RunningSandbox, type Sandbox } from '@mwr/platform-sandbox';

import { consent } from '../../../test/sandbox-browser.js';
import { setupOwner, type SessionClient } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { AnalyticsIngestion } from '../analytics/ingestion/ingestion.service.js';
import { PublicationLinkBackfill } from '../publishing/publication-links.backfill.js';
import { TokensService } from '../tokens/tokens.service.js';

/**
 * Instagram's second connect option (issue 33): Facebook Login, the one Hashtag Search needs
 * (platform-apis.md §3.1, §4.1). The product is in live mode, pointed at the sandbox over HTTP.
 */
describe('accounts: connecting Instagram through Facebook Login (PostgreSQL + sandbox over HTTP)', () => {
  let db: TestDatabase;
  let sandbox: Sandbox;
  let running: RunningSandbox;
  let t: TestApp;
  let sql: DataSource;
  let owner: SessionClient;

  beforeAll(async () => {
    sandbox = createSandbox({ clock: 'real' });
    running = await sandbox.listen({ port: 0, host: '127.0.0.1' });
    db = await createTestDatabase('fb_login_connect');
    t = await startTestApp({
      DATABASE_URL: db.url,
      PLATFORM_MODE: 'live',
      INSTAGRAM_AUTH_URL: running.urls.instagramAuthUrl,
      INSTAGRAM_GRAPH_BASE_URL: running.urls.instagramGraphBaseUrl,
      FACEBOOK_GRAPH_BASE_URL: running.urls.facebookGraphBaseUrl,
      FACEBOOK_AUTH_URL: running.urls.facebookAuthUrl,
      META_APP_ID: '990000000000001',
      META_APP_SECRET: 'sbx_instagram_app_secret',
      ENCRYPTION_KEYS: `1:${randomBytes(32).toString('base64')}`,
    });
    sql = t.app.get(DataSource);
    owner = await setupOwner(t.app.getHttpServer());
  });
  afterAll(async () => {
    await t?.close();
    await running?.close();
    await db?.drop();
  });

  const connect = async (query: string) => {
    const started = await owner.post(`/api/accounts/connect/instagram${query}`).expect(200);
    const back = await consent(started.body.authorizeUrl, { decision: 'approve', field: 'ig_user_id' });
    expect(`${back.origin}${back.pathname}`).toBe('http://localhost:3000/api/accounts/callback/instagram');
    const res = await owner.get(`${back.pathname}${back.search}`).expect(302);
    return { authorizeUrl: new URL(started.body.authorizeUrl as string), connected: new URL(res.headers.location!).searchParams.get('connected') };
  };
  const capabilitiesOf = async (id: string | null): Promise<Record<string, unknown>> =>
    ((await sql.query('SELECT capabilities FROM social_accounts WHERE id = $1', [id])) as { capabilities: Record<string, unknown> }[])[0]?.capabilities ?? {};

  it('connects through the Facebook dialog: the account says facebook_login, its token is a Facebook one and refreshes there', async () => {
    const { authorizeUrl, connected } = await connect('?flavour=facebook_login');
    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${running.urls.facebookAuthUrl}/v26.0/dialog/oauth`);
    expect(authorizeUrl.searchParams.get('scope')).toContain('instagram_basic');
    expect(sandbox.inspect.requests({ endpoint: 'facebook.oauth.access_token' }).map((r) => r.status)).toEqual([200, 200]);
    expect(sandbox.inspect.requests({ endpoint: 'facebook.me.accounts' }).at(-1)?.status).toBe(200);
    const account = (await owner.get('/api/accounts').expect(200)).body.find((a: { id: string }) => a.id === connected);
    expect(account).toMatchObject({ platform: 'instagram', handle: 'sandbox.business', accountType: 'BUSINESS', status: 'active' });
    expect(await capabilitiesOf(connected)).toMatchObject({ loginFlavour: 'facebook_login', facebookPageId: '100000000000001' });

    // The token test and a forced refresh go to graph.facebook.com, not graph.instagram.com.
    const instagramCallsBefore = sandbox.inspect.requests({ host: 'instagram-graph' }).length;
    const tested = await owner.post(`/api/accounts/${connected}/test`).expect(200);
    expect(tested.body).toMatchObject({ ok: true, handle: 'sandbox.business' });
    const tokens = t.app.get(TokensService);
    const before = await tokens.peekAccessToken(connected!);
    const fresh = await tokens.refresh(connected!, Number.MAX_SAFE_INTEGER);
    expect(fresh).toMatch(/^EAA/);
    expect(fresh).not.toBe(before);
    expect(sandbox.inspect.requests({ endpoint: 'facebook.oauth.access_token' })).toHaveLength(3);
    expect(sandbox.inspect.requests({ host: 'instagram-graph' })).toHaveLength(instagramCallsBefore);
  });

  it('keeps Instagram Login as the default, and refuses a flavour the platform does not offer', async () => {
    const { authorizeUrl, connected } = await connect('');
    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${running.urls.instagramAuthUrl}/oauth/authorize`);
    expect((await capabilitiesOf(connected))['loginFlavour']).toBeUndefined();
    const unknown = await owner.post('/api/accounts/connect/instagram?flavour=google_login').expect(400);
    expect(unknown.body).toMatchObject({ code: 'CONNECT_FLAVOUR_UNKNOWN' });
    expect((await owner.post('/api/accounts/connect/tiktok?flavour=facebook_login').expect(400)).body).toMatchObject({ code: 'CONNECT_FLAVOUR_UNKNOWN' });
    expect((await owner.post('/api/accounts/connect/instagram?flavour=Bad%20Key').expect(400)).body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it("reads the account's results and backfills its links on graph.facebook.com, the only host its token opens", async () => {
    const { connected } = await connect('?flavour=facebook_login');
    const [account] = (await sql.query('SELECT workspace_id, remote_account_id, scopes FROM social_accounts WHERE id = $1', [connected])) as {
      workspace_id: string;
      remote_account_id: string;
      scopes: string[];
    }[];
    // Facebook Login grants instagram_manage_insights, not Instagram Login's instagram_business_manage_insights.
    expect(account!.scopes).toContain('instagram_manage_insights');
    expect(account!.scopes).not.toContain('instagram_business_manage_insights');
    const health = (await owner.get(`/api/analytics/accounts/${connected}`).expect(200)).body;
    expect(health).toMatchObject({ analytics: 'enabled', missingScopes: [] });

    const [seeded] = sandbox.actions.seedInstagramAnalytics({ igUserIds: [account!.remote_account_id], postsPerAccount: 2, spreadMs: 3 * 3_600_000 });
    const publications: { id: string; mediaId: string }[] = [];
    for (const [i, post] of seeded!.posts.entries()) {
      const [item] = await sql.query(
        `INSERT INTO content_items (workspace_id, title, caption, status, scheduled_at) VALUES ($1, 'p', $2, 'published', $3) RETURNING id`,
        [account!.workspace_id, post.caption, new Date(post.publishedAt)],
      );
      // The second one's link is still to be asked for (the backfill's case).
      const [pub] = await sql.query(
        `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status, remote_media_id, posted_at,
                                            link_status, link_ref, link_next_check_at, link_deadline_at)
         VALUES ($1, $2, $3, 'instagram', 'posted', $4, $5, $6, $7::jsonb, now() - interval '1 minute', now() + interval '1 day') RETURNING id`,
        [
          account!.workspace_id,
          item.id,
          connected,
          post.mediaId,
          new Date(post.publishedAt),
          i === 1 ? 'pending' : 'ready',
          i === 1 ? JSON.stringify({ platform: 'instagram', igUserId: account!.remote_account_id, mediaId: post.mediaId }) : null,
        ],
      );
      publications.push({ id: pub.id as string, mediaId: post.mediaId });
    }

    const instagramHostBefore = sandbox.inspect.requests({ host: 'instagram-graph' }).length;
    const pass = await t.app.get(AnalyticsIngestion).runOnce();
    expect(pass).toMatchObject({ postponed: 0 });
    expect(sandbox.inspect.requests({ endpoint: 'facebook.insights' }).filter((r) => r.status === 200).length).toBeGreaterThan(0);
    for (const { id, mediaId } of publications) {
      const truth = (sandbox.actions.instagramMediaNumbers(mediaId) as { insights: Record<string, number> }).insights;
      const rows = (await sql.query(`SELECT metric, value FROM metric_snapshots WHERE publication_id = $1 AND age_bucket = '1h'`, [id])) as {
        metric: string;
        value: number;
      }[];
      expect(Object.fromEntries(rows.map((r) => [r.metric, r.value]))).toMatchObject({ reach: truth['reach'], likes: truth['likes'] });
    }
    const followers = await sql.query(`SELECT value FROM metric_snapshots WHERE account_id = $1 AND publication_id IS NULL AND metric = 'followers'`, [
      connected,
    ]);
    expect(followers).toHaveLength(1);

    expect(await t.app.get(PublicationLinkBackfill).runOnce()).toMatchObject({ ready: 1 });
    const [linked] = await sql.query('SELECT link_status, permalink FROM platform_publications WHERE id = $1', [publications[1]!.id]);
    expect(linked).toMatchObject({ link_status: 'ready', permalink: expect.stringMatching(/^https:\/\//) });
    // Not one call went to graph.instagram.com, where this token means nothing.
    expect(sandbox.inspect.requests({ host: 'instagram-graph' })).toHaveLength(instagramHostBefore);
  });
});
