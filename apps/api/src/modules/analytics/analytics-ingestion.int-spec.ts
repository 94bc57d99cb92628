import { randomBytes } from 'node:crypto';

import { DataSource } from 'typeorm';

import { createSandbox, type RunningSandbox, type Sandbox } from '@mwr/platform-sandbox';

import { setupOwner, type SessionClient } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { TokensService } from '../tokens/tokens.service.js';
import { AnalyticsIngestion } from './ingestion/ingestion.service.js';

const HOUR = 3_600_000;
const AGES: [string, number][] = [
  ['1h', HOUR],
  ['6h', 6 * HOUR],
  ['24h', 24 * HOUR],
  ['72h', 72 * HOUR],
  ['7d', 7 * 24 * HOUR],
  ['30d', 30 * 24 * HOUR],
];
const TIKTOK_SCOPES = ['user.info.basic', 'video.publish', 'video.upload', 'video.list'];

interface SeededPost {
  postId?: string;
  mediaId?: string;
  publishId?: string;
  caption: string;
  publishedAt: number;
}

/**
 * Analytics (issue 21) end to end: the ingestion reads the sandbox's TikTok and Instagram
 * simulators over real HTTP into PostgreSQL, and the analytics API answers from what it wrote.
 */
describe('analytics ingestion and the analytics API', () => {
  let db: TestDatabase;
  let sandbox: Sandbox;
  let running: RunningSandbox;
  let t: TestApp;
  let owner: SessionClient;
  let sql: DataSource;
  let ingestion: AnalyticsIngestion;
  let workspaceId: string;

  beforeAll(async () => {
    db = await createTestDatabase('analytics_ingest');
    sandbox = createSandbox({});
    running = await sandbox.listen({ port: 0, host: '127.0.0.1' });
    t = await startTestApp({
      DATABASE_URL: db.url,
      LOGIN_ATTEMPTS_PER_IP: '1000',
      PLATFORM_MODE: 'live',
      TIKTOK_API_BASE_URL: running.urls.tiktokApiBaseUrl,
      TIKTOK_AUTH_URL: running.urls.tiktokAuthUrl,
      INSTAGRAM_AUTH_URL: running.urls.instagramAuthUrl,
      INSTAGRAM_GRAPH_BASE_URL: running.urls.instagramGraphBaseUrl,
      FACEBOOK_GRAPH_BASE_URL: running.urls.facebookGraphBaseUrl,
      TIKTOK_CLIENT_KEY: 'sbx_tiktok_client_key',
      TIKTOK_CLIENT_SECRET: 'sbx_tiktok_client_secret',
      META_APP_ID: '990000000000001',
      META_APP_SECRET: 'sbx_instagram_app_secret',
      // v21.0 still lists `plays`, retired since: Graph refuses it, the rest must still be read.
      GRAPH_API_VERSION: 'v21.0',
      ENCRYPTION_KEYS: `1:${randomBytes(32).toString('base64')}`,
    });
    owner = await setupOwner(t.app.getHttpServer());
    sql = t.app.get(DataSource);
    ingestion = t.app.get(AnalyticsIngestion);
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
  });
  afterAll(async () => {
    await t?.close();
    await running?.close();
    await db?.drop();
  });
  afterEach(() => sandbox.clearFaults());

  const account = async (platform: 'tiktok' | 'instagram', remoteId: string, scopes: string[], tokens: Record<string, unknown>): Promise<string> => {
    const [row] = await sql.query(
      `INSERT INTO social_accounts (workspace_id, platform, remote_account_id, handle, scopes) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [workspaceId, platform, remoteId, `${platform}.${remoteId.slice(-6)}`, scopes],
    );
    await t.app.get(TokensService).store(workspaceId, row.id, {
      accessToken: tokens['access_token'] as string,
      ...(tokens['refresh_token'] ? { refreshToken: tokens['refresh_token'] as string } : {}),
      expiresInSec: Number(tokens['expires_in'] ?? 3600),
      scopes,
    });
    return row.id as string;
  };
  /** Our publication of a post the sandbox has live; `remoteMediaId` null: its id never reached us. */
  const publication = async (accountId: string, platform: string, post: SeededPost, remoteMediaId: string | null): Promise<string> => {
    const [item] = await sql.query(
      `INSERT INTO content_items (workspace_id, title, caption, status, scheduled_at) VALUES ($1, 'p', $2, 'published', $3) RETURNING id`,
      [workspaceId, post.caption, new Date(post.publishedAt)],
    );
    const publishId = post.publishId ?? `container-${randomBytes(4).toString('hex')}`;
    const [pub] = await sql.query(
      `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status, remote_media_id, remote_publish_id, posted_at)
       VALUES ($1, $2, $3, $4, 'posted', $5, $6, $7) RETURNING id`,
      [workspaceId, item.id, accountId, platform, remoteMediaId ?? publishId, publishId, new Date(post.publishedAt)],
    );
    return pub.id as string;
  };
  const bucketsReached = (publishedAt: number): string[] => AGES.filter(([, ms]) => publishedAt + ms <= Date.now()).map(([b]) => b);
  const snapshots = (publicationId: string): Promise<{ age_bucket: string; metric: string; value: number; evidence: unknown }[]> =>
    sql.query(
      `SELECT age_bucket, metric, value, evidence FROM metric_snapshots WHERE publication_id = $1 AND source = 'platform' ORDER BY age_bucket, metric`,
      [publicationId],
    );
  const requests = (endpoint: string) => sandbox.inspect.requests({ endpoint }).length;

  let ttPosts: { id: string; post: SeededPost }[] = [];
  let lateId: { id: string; post: SeededPost };
  let igPosts: { id: string; post: SeededPost }[] = [];
  let igAccountId: string;

  it('reads every live post at each age it reached, once, matches a late id with its evidence, and degrades a retired Instagram metric only', async () => {
    const [tt] = sandbox.actions.seedTikTokAnalytics({
      accounts: 1,
      postsPerAccount: 24,
      spreadMs: 72 * HOUR,
      scopes: TIKTOK_SCOPES,
      captionPrefix: 'Spring drop',
    });
    const [ig] = sandbox.actions.seedInstagramAnalytics({ accounts: 1, postsPerAccount: 3, spreadMs: 9 * 24 * HOUR });
    const ttAccount = await account('tiktok', tt!.openId, TIKTOK_SCOPES, tt!.tokens!);
    const igAccount = await account('instagram', ig!.igUserId, ['instagram_business_basic', 'instagram_business_manage_insights'], ig!.tokens!);
    const posts = tt!.posts as SeededPost[];
    for (const [i, post] of posts.entries()) {
      // The 20th post's id never reached us (status/fetch never gave it): only create time and caption can find it.
      const id = await publication(ttAccount, 'tiktok', post, i === 19 ? null : (post.postId as string));
      if (i === 19) lateId = { id, post };
      else ttPosts.push({ id, post });
    }
    igAccountId = igAccount;
    for (const post of ig!.posts as SeededPost[]) igPosts.push({ id: await publication(igAccount, 'instagram', post, post.mediaId as string), post });

    const queriesBefore = requests('tiktok.video.query');
    const pass = await ingestion.runOnce();
    expect(pass.postponed).toBe(0);
    // 23 known ids: two video/query calls of at most 20; the late one costs one video/list page or two.
    expect(requests('tiktok.video.query') - queriesBefore).toBe(2);

    for (const { id, post } of ttPosts) {
      const rows = await snapshots(id);
      expect([...new Set(rows.map((r) => r.age_bucket))].sort()).toEqual(bucketsReached(post.publishedAt).sort());
      const truth = sandbox.actions.tiktokVideoNumbers(post.postId as string) as Record<string, number>;
      for (const bucket of bucketsReached(post.publishedAt)) {
        const values = Object.fromEntries(rows.filter((r) => r.age_bucket === bucket).map((r) => [r.metric, r.value]));
        expect(values).toMatchObject({ views: truth['views'], likes: truth['likes'], comments: truth['comments'], shares: truth['shares'] });
        // TikTok has no saves, reach or watch time: no row, never a 0.
        expect(values).not.toHaveProperty('saves');
        expect(values).not.toHaveProperty('reach');
      }
    }
    const late = await snapshots(lateId.id);
    expect(late.length).toBeGreaterThan(0);
    expect(late[0]?.evidence).toMatchObject({ method: 'create_time_and_caption', remoteId: lateId.post.postId, captionSimilarity: 1 });
    const curve = await owner.get(`/api/analytics/posts/${lateId.id}/snapshots`).expect(200);
    expect(curve.body.snapshots[0]).toMatchObject({ source: 'platform', evidence: { remoteId: lateId.post.postId, method: 'create_time_and_caption' } });
    expect(curve.body.snapshots.map((s: { age: string }) => s.age)).toEqual(bucketsReached(lateId.post.publishedAt));

    for (const { id, post } of igPosts) {
      const values = Object.fromEntries((await snapshots(id)).filter((r) => r.age_bucket === '1h').map((r) => [r.metric, r.value]));
      const truth = (sandbox.actions.instagramMediaNumbers(post.mediaId as string) as { insights: Record<string, number> }).insights;
      expect(values).toMatchObject({ reach: truth['reach'], likes: truth['likes'], saves: truth['saves'], watch_time: truth['watchTimeTotalMs'] });
      expect(values).not.toHaveProperty('views');
    }
    const igPost = await owner.get(`/api/analytics/posts/${igPosts[0]!.id}/snapshots`).expect(200);
    expect(igPost.body.snapshots[0].metrics).toMatchObject({ views: null, engagement_rate: null });
    expect(igPost.body.snapshots[0].metrics.reach).toEqual(expect.any(Number));
    // The refusal is remembered for the Trend Radar's platform watch (issue 33).
    expect(await sql.query(`SELECT platform, metric FROM platform_retired_metrics`)).toContainEqual({ platform: 'instagram', metric: 'plays' });

    // The daily account reads.
    const daily = await owner.get(`/api/analytics/accounts/${igAccount}`).expect(200);
    expect(daily.body).toMatchObject({ analytics: 'enabled', missingScopes: [], platform: 'instagram' });
    expect(daily.body.daily[0].followers).toEqual(expect.any(Number));
    // Followers online per Pacific hour (the best-times seed): 24 metrics a day, kept out of the daily figures.
    const online = await sql.query(
      `SELECT count(*)::int AS n, count(DISTINCT metric)::int AS hours FROM metric_snapshots WHERE account_id = $1 AND metric LIKE 'online_followers_h%'`,
      [igAccount],
    );
    expect(online[0]).toMatchObject({ hours: 24 });
    expect(online[0].n % 24).toBe(0);
    expect(daily.body.daily.every((d: { followers: number | null; accountViews: number | null }) => d.followers !== null || d.accountViews !== null)).toBe(
      true,
    );

    // Again: nothing is due, nothing is read twice.
    const count = (await sql.query(`SELECT count(*)::int AS n FROM metric_snapshots`))[0].n;
    const again = await ingestion.runOnce();
    expect(again).toMatchObject({ planned: 0, claimed: 0 });
    expect((await sql.query(`SELECT count(*)::int AS n FROM metric_snapshots`))[0].n).toBe(count);
  });

  it('moves the reads a 429 stopped, drops none, and two schedulers at once read each bucket once', async () => {
    const [tt] = sandbox.actions.seedTikTokAnalytics({ accounts: 1, postsPerAccount: 45, spreadMs: 4 * HOUR, scopes: TIKTOK_SCOPES });
    const accountId = await account('tiktok', tt!.openId, TIKTOK_SCOPES, tt!.tokens!);
    const ids: string[] = [];
    for (const post of tt!.posts as SeededPost[]) ids.push(await publication(accountId, 'tiktok', post, post.postId as string));
    sandbox.addFault({ match: { endpoint: 'tiktok.video.query' }, kind: 'rate_limit_429', nth: 2, retryAfterSec: 120 });
    await ingestion.runOnce();
    const reads: { done: boolean; later: boolean }[] = await sql.query(
      `SELECT done_at IS NOT NULL AS done, next_attempt_at > now() + interval '100 seconds' AS later FROM metric_reads WHERE account_id = $1 AND age_bucket = '1h'`,
      [accountId],
    );
    const expected = (tt!.posts as SeededPost[]).filter((p) => p.publishedAt + HOUR <= Date.now()).length;
    expect(reads).toHaveLength(expected);
    expect(reads.filter((r) => r.done)).toHaveLength(20);
    expect(reads.filter((r) => !r.done).every((r) => r.later)).toBe(true);
    expect(reads.filter((r) => !r.done).length).toBe(expected - 20);

    // The wait is over (moved back in time here); two schedulers run at once.
    await sql.query(`UPDATE metric_reads SET next_attempt_at = now() - interval '1 second' WHERE account_id = $1 AND done_at IS NULL`, [accountId]);
    const before = requests('tiktok.video.query');
    await Promise.all([ingestion.runOnce(), ingestion.runOnce()]);
    expect(requests('tiktok.video.query') - before).toBe(Math.ceil((expected - 20) / 20));
    const rows: { n: number; posts: number }[] = await sql.query(
      `SELECT count(*)::int AS n, count(DISTINCT publication_id)::int AS posts FROM metric_snapshots WHERE account_id = $1 AND age_bucket = '1h' AND metric = 'views'`,
      [accountId],
    );
    expect(rows[0]).toEqual({ n: expected, posts: expected });
  });

  it('skips an account connected without the analytics scope and says "reconnect to enable analytics"', async () => {
    const [tt] = sandbox.actions.seedTikTokAnalytics({ accounts: 1, postsPerAccount: 2, spreadMs: 3 * HOUR, scopes: ['user.info.basic', 'video.publish'] });
    const accountId = await account('tiktok', tt!.openId, ['user.info.basic', 'video.publish'], tt!.tokens!);
    for (const post of tt!.posts as SeededPost[]) await publication(accountId, 'tiktok', post, post.postId as string);
    await ingestion.runOnce();
    expect((await sql.query(`SELECT count(*)::int AS n FROM metric_reads WHERE account_id = $1`, [accountId]))[0].n).toBe(0);
    const res = await owner.get(`/api/analytics/accounts/${accountId}`).expect(200);
    expect(res.body).toMatchObject({ analytics: 'reconnect_required', missingScopes: ['video.list'], posts: 0 });
    const summary = await owner.get('/api/analytics/summary').expect(200);
    expect(summary.body.accounts.find((a: { accountId: string }) => a.accountId === accountId)).toMatchObject({ analytics: 'reconnect_required', posts: 0 });
    // Account Health reads the ingested numbers too.
    const health = (await owner.get('/api/marketing-war-room/state').expect(200)).body.health as { accountId: string; analytics: Record<string, unknown> }[];
    expect(health.find((h) => h.accountId === accountId)?.analytics).toMatchObject({
      status: 'reconnect_required',
      missingScopes: ['video.list'],
      followers: null,
    });
    const [{ followers }] = await sql.query(`SELECT value AS followers FROM metric_snapshots WHERE account_id = $1 AND metric = 'followers'`, [igAccountId]);
    const [{ views }] = await sql.query(
      `SELECT sum(views)::float8 AS views FROM metric_latest WHERE account_id = $1 AND posted_at > now() - interval '7 days'`,
      [igAccountId],
    );
    expect(health.find((h) => h.accountId === igAccountId)?.analytics).toMatchObject({ status: 'enabled', followers, views7d: views, readsWaiting: 0 });
  });

  it('answers the summary, the posts table at an age, and the exports from the readings; hand-entered figures count as manual', async () => {
    // A hand-entered reading of a post the platform also read at 1h: the platform's figure counts, once.
    const both = ttPosts.at(-1)!;
    await owner
      .call('put', `/api/publications/${both.id}/metrics`, {
        body: { views: 123_456_789, recordedAt: new Date(both.post.publishedAt + 90 * 60_000).toISOString() },
      })
      .expect(200);
    expect(
      (
        await sql.query(`SELECT source FROM metric_snapshots WHERE publication_id = $1 AND age_bucket = '1h' AND metric = 'views' ORDER BY source`, [both.id])
      ).map((r: { source: string }) => r.source),
    ).toEqual(['manual', 'platform']);
    const summary = await owner.get('/api/analytics/summary?age=1h').expect(200);
    const tiktok = summary.body.platforms.find((p: { platform: string }) => p.platform === 'tiktok');
    const [{ views, posts }] = await sql.query(
      `SELECT sum(value)::float8 AS views, count(*)::int AS posts FROM metric_snapshots
        WHERE workspace_id = $1 AND platform = 'tiktok' AND age_bucket = '1h' AND metric = 'views' AND source = 'platform'`,
      [workspaceId],
    );
    expect(tiktok).toMatchObject({ posts, totals: { views, saves: null, reach: null } });
    expect(views).toBeLessThan(123_456_789);
    expect(summary.body.combined.platforms).toEqual(['instagram', 'tiktok']);
    expect(summary.body.separatePlatforms).toEqual([]);
    expect(tiktok.trend.reduce((n: number, d: { posts: number }) => n + d.posts, 0)).toBe(posts);

    const page = await owner.get('/api/analytics/posts?age=1h&sort=likes&order=desc&limit=5&platform=tiktok').expect(200);
    expect(page.body.items).toHaveLength(5);
    expect(page.body.total).toBe(posts);
    const likes = page.body.items.map((i: { metrics: { likes: number } }) => i.metrics.likes);
    expect(likes).toEqual([...likes].sort((a, b) => b - a));
    const next = await owner.get('/api/analytics/posts?age=1h&sort=likes&order=desc&limit=5&offset=5&platform=tiktok').expect(200);
    expect(next.body.items[0].metrics.likes).toBeLessThanOrEqual(likes[4]);

    // A hand-entered reading of a post the platform never gave numbers for counts as `manual`.
    const [acc] = await sql.query(`SELECT id FROM social_accounts WHERE workspace_id = $1 AND platform = 'tiktok' LIMIT 1`, [workspaceId]);
    const manual = await publication(acc.id, 'tiktok', { caption: 'typed in', publishedAt: Date.now() - 3 * HOUR, publishId: 'v_pub_manual' }, null);
    await owner.call('put', `/api/publications/${manual}/metrics`, { body: { views: 99_999_999, likes: 5 } }).expect(200);
    const top = await owner.get('/api/analytics/posts?sort=views&limit=1').expect(200);
    expect(top.body.items[0]).toMatchObject({ publicationId: manual, source: 'manual', metrics: { views: 99_999_999, likes: 5 } });

    const csv = await owner.get('/api/analytics/export?format=csv&dataset=posts&age=1h&platform=tiktok').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toContain('publicationId');
    expect(lines[0]).toContain('views');
    // The header, the platform's posts and the hand-entered one (recorded 3 h after it went live: its 1h reading).
    expect(lines).toHaveLength(posts + 2);
    const json = await owner.get(`/api/analytics/export?format=json&dataset=snapshots&age=1h`).expect(200);
    expect(json.body.length).toBe(
      (await sql.query(`SELECT count(*)::int AS n FROM metric_snapshots WHERE workspace_id = $1 AND age_bucket = '1h'`, [workspaceId]))[0].n,
    );
    expect(json.body[0]).toEqual(
      expect.objectContaining({ publicationId: expect.any(String), metric: expect.any(String), value: expect.any(Number), age: '1h' }),
    );
  });

  it('refuses an unknown metric or age naming the allowed values, a range over 400 days, and a day that does not exist', async () => {
    const metric = await owner.get('/api/analytics/posts?sort=plays').expect(400);
    expect(metric.body.code).toBe('VALIDATION_FAILED');
    expect(metric.body.message).toContain('sort must be one of views, likes, comments, shares, saves, watch_time, avg_watch_time, reach, engagement_rate');
    const age = await owner.get('/api/analytics/summary?age=2h').expect(400);
    expect(age.body.message).toContain('age must be one of 1h, 6h, 24h, 72h, 7d, 30d, latest');
    const range = await owner.get('/api/analytics/summary?from=2025-01-01&to=2026-02-05').expect(400);
    expect(range.body).toMatchObject({ code: 'ANALYTICS_RANGE_TOO_LONG', params: { days: 401, max: 400 } });
    await owner.get('/api/analytics/summary?from=2025-01-01&to=2026-02-04').expect(200);
    expect((await owner.get('/api/analytics/summary?from=2026-02-31&to=2026-03-04').expect(400)).body.code).toBe('ANALYTICS_INVALID_RANGE');
    expect((await owner.get('/api/analytics/summary?from=2026-03-05&to=2026-03-04').expect(400)).body.code).toBe('ANALYTICS_INVALID_RANGE');
    expect((await owner.get('/api/analytics/export?format=xml').expect(400)).body.message).toContain('format must be one of csv, json');
    await owner.get('/api/analytics/posts/6d1f4a55-8c5e-4c7e-9f55-000000000000/snapshots').expect(404);
  });
});
