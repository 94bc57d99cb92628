// npm run bench:analytics — issue 21. (1) Ingestion: 10,000 live posts over 100 sandbox accounts
// (50 TikTok, 50 Instagram, seeded in bulk, posts spread over the last 29 days) read by the
// analytics ingestion at every age they reached, over real HTTP to the sandbox: calls per post and
// wall time. (2) Queries: with 1,000,000 snapshot rows in PostgreSQL, the API's p95 (over HTTP,
// signed in) for the summary and the posts table, against the bare SQL of the same statements
// run on the same database in the same run. Ends with one JSON line of figures.
import 'reflect-metadata';

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { NestFactory } from '@nestjs/core';
import { SchedulerRegistry } from '@nestjs/schedule';
import pg from 'pg';
import { DataSource } from 'typeorm';

import { createSandbox } from '../../../libs/platform-sandbox/dist/index.js';
import { benchConfig, createBenchDatabase, percentile } from './bench-db.mjs';

const POSTS = Number(process.argv[2] ?? 10_000);
const SNAPSHOT_ROWS = Number(process.argv[3] ?? 1_000_000);
const ACCOUNTS = 100;
const SAMPLES = 200;
const DAY = 86_400_000;
const TIKTOK_SCOPES = ['user.info.basic', 'user.info.stats', 'video.publish', 'video.upload', 'video.list'];
const IG_SCOPES = ['instagram_business_basic', 'instagram_business_content_publish', 'instagram_business_manage_insights'];

// Every request is kept in the sandbox's log, so the calls are counted where the platform sees them.
const sandbox = createSandbox({ requestLogLimit: 500_000 });
const running = await sandbox.listen({ port: 0, host: '127.0.0.1' });
const db = await createBenchDatabase('analytics');
const dataDir = mkdtempSync(join(tmpdir(), 'mwr-bench-'));
let app;
try {
  const config = await benchConfig({
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    ROLES: 'api,scheduler',
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
    ENCRYPTION_KEYS: `1:${randomBytes(32).toString('base64')}`,
    LOGIN_ATTEMPTS_PER_IP: '1000',
  });
  const { AppModule } = await import('../dist/app.module.js');
  const { configureApp } = await import('../dist/bootstrap.js');
  const { TokensService } = await import('../dist/modules/tokens/tokens.service.js');
  const { AnalyticsIngestion } = await import('../dist/modules/analytics/ingestion/ingestion.service.js');
  const { summarySql, postsPageSql } = await import('../dist/modules/analytics/analytics-query.repository.js');
  app = await NestFactory.create(AppModule.forRoot(config), { logger: ['error'], bodyParser: false });
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();
  const sql = app.get(DataSource);
  // The bench drives the ingestion itself: the scheduler role's periodic tasks are stopped so that
  // nothing else reads the platforms or loads the database while it measures.
  const registry = app.get(SchedulerRegistry);
  for (const name of registry.getIntervals()) registry.deleteInterval(name);

  // A signed-in owner (the API is measured as a client sees it: session, validation, service, SQL).
  const setup = await fetch(`${base}/api/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.com', password: 'correct horse battery', name: 'Bench', workspaceName: 'Bench' }),
  });
  if (setup.status !== 201) throw new Error(`setup: ${setup.status} ${await setup.text()}`);
  const cookie = setup.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const get = async (path) => {
    const res = await fetch(`${base}${path}`, { headers: { cookie } });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const workspaceId = (await get('/api/auth/me')).workspace.id;

  // (1) 100 accounts with 10,000 live posts in the sandbox, and the same posts as our publications.
  const perAccount = Math.ceil(POSTS / ACCOUNTS);
  const seeded = [
    ...sandbox.actions
      .seedTikTokAnalytics({ accounts: ACCOUNTS / 2, postsPerAccount: perAccount, spreadMs: 29 * DAY, scopes: TIKTOK_SCOPES })
      .map((a) => ({ platform: 'tiktok', remoteId: a.openId, scopes: TIKTOK_SCOPES, tokens: a.tokens, posts: a.posts.map((p) => ({ ...p, id: p.postId })) })),
    ...sandbox.actions
      .seedInstagramAnalytics({ accounts: ACCOUNTS / 2, postsPerAccount: perAccount, spreadMs: 29 * DAY })
      .map((a) => ({ platform: 'instagram', remoteId: a.igUserId, scopes: IG_SCOPES, tokens: a.tokens, posts: a.posts.map((p) => ({ ...p, id: p.mediaId })) })),
  ];
  const tokens = app.get(TokensService);
  for (const account of seeded) {
    const [row] = await sql.query(
      `INSERT INTO social_accounts (workspace_id, platform, remote_account_id, handle, scopes) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [workspaceId, account.platform, account.remoteId, `${account.platform}.${account.remoteId.slice(-5)}`, account.scopes],
    );
    account.accountId = row.id;
    await tokens.store(workspaceId, row.id, {
      accessToken: account.tokens.access_token,
      ...(account.tokens.refresh_token ? { refreshToken: account.tokens.refresh_token } : {}),
      expiresInSec: 86_400,
      scopes: account.scopes,
    });
    await sql.query(
      `WITH input AS (SELECT * FROM unnest($2::text[], $3::text[], $4::timestamptz[]) AS t(remote_id, caption, posted_at)),
            items AS (INSERT INTO content_items (workspace_id, title, caption, status, scheduled_at)
                      SELECT $1, 'bench', caption, 'published', posted_at FROM input RETURNING id, caption, scheduled_at)
       INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status, remote_media_id, remote_publish_id, posted_at)
       SELECT $1, items.id, $5, $6, 'posted', input.remote_id, 'pub-' || input.remote_id, input.posted_at
         FROM items JOIN input ON input.caption = items.caption AND input.posted_at = items.scheduled_at`,
      [
        workspaceId,
        account.posts.map((p) => p.id),
        account.posts.map((p) => p.caption),
        account.posts.map((p) => new Date(p.publishedAt)),
        account.accountId,
        account.platform,
      ],
    );
  }
  const [{ n: publications }] = await sql.query(`SELECT count(*)::int AS n FROM platform_publications`);
  if (publications !== perAccount * ACCOUNTS) throw new Error(`expected ${perAccount * ACCOUNTS} publications, got ${publications}`);

  // Every call the product made to the platforms' API hosts (token endpoints excluded) during the ingestion.
  const platformCalls = () =>
    sandbox.inspect.requests().filter((r) => (r.host === 'tiktok' || r.host === 'instagram-graph') && !/oauth/.test(r.endpoint)).length;
  const callsBefore = platformCalls();
  const ingestion = app.get(AnalyticsIngestion);
  let t = performance.now();
  let passes = 0;
  let clientCalls = 0;
  for (;;) {
    const pass = await ingestion.runOnce();
    passes += 1;
    clientCalls += pass.calls;
    if (pass.claimed === 0 || passes > 50) break;
  }
  const ingestMs = performance.now() - t;
  if (process.env.BENCH_DEBUG) {
    const byEndpoint = {};
    for (const r of sandbox.inspect.requests()) byEndpoint[r.endpoint] = (byEndpoint[r.endpoint] ?? 0) + 1;
    console.error(JSON.stringify(byEndpoint));
  }
  const calls = platformCalls() - callsBefore;
  if (calls !== clientCalls) console.error(`the sandbox saw ${calls} calls, the clients counted ${clientCalls}`);
  const [{ pending }] = await sql.query(`SELECT count(*) FILTER (WHERE done_at IS NULL)::int AS pending FROM metric_reads`);
  const [{ rows: ingestedRows }] = await sql.query(`SELECT count(*)::int AS rows FROM metric_snapshots`);

  // (2) Up to 1,000,000 snapshot rows: synthetic posts of the same accounts over the last year, each
  // read at all six ages with seven metrics (42 rows a post), plus their latest figures.
  const extraPosts = Math.max(0, Math.ceil((SNAPSHOT_ROWS - ingestedRows) / 42));
  const accountIds = seeded.map((a) => a.accountId);
  const platforms = seeded.map((a) => a.platform);
  await sql.query(
    `WITH items AS (
       INSERT INTO content_items (workspace_id, title, caption, status, scheduled_at)
       SELECT $1, 'history', 'history post ' || g, 'published', now() - make_interval(secs => (g * 365.0 * 86400 / $2)::int + 40 * 86400) FROM generate_series(1, $2) g
       RETURNING id, scheduled_at),
     numbered AS (SELECT id, scheduled_at, row_number() OVER () AS g FROM items),
     pubs AS (
       INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status, remote_media_id, posted_at)
       SELECT $1, n.id, ($3::uuid[])[1 + n.g % $5], ($4::text[])[1 + n.g % $5], 'posted', 'hist-' || n.g, n.scheduled_at FROM numbered n
       RETURNING id, social_account_id, platform, posted_at)
     INSERT INTO metric_snapshots (workspace_id, account_id, publication_id, platform, source, age_bucket, bucket_date, metric, value, read_at, posted_at)
     SELECT $1, p.social_account_id, p.id, p.platform, 'platform', b.bucket, (p.posted_at AT TIME ZONE 'UTC')::date, m.metric,
            floor(random() * 10000 * b.f * m.f), p.posted_at + b.age, p.posted_at
       FROM pubs p
       CROSS JOIN (VALUES ('1h', interval '1 hour', 0.05), ('6h', interval '6 hours', 0.2), ('24h', interval '24 hours', 0.5), ('72h', interval '72 hours', 0.8),
                          ('7d', interval '7 days', 0.95), ('30d', interval '30 days', 1.0)) AS b(bucket, age, f)
       CROSS JOIN (VALUES ('views', 1.0), ('likes', 0.08), ('comments', 0.01), ('shares', 0.005), ('saves', 0.01), ('reach', 0.7), ('engagement_rate', 0.00001)) AS m(metric, f)`,
    [workspaceId, extraPosts, accountIds, platforms, accountIds.length],
  );
  await sql.query(
    `INSERT INTO metric_latest (publication_id, workspace_id, account_id, platform, posted_at, views, likes, comments, shares, saves, reach, engagement_rate, source, read_at)
     SELECT publication_id, workspace_id, account_id, platform, posted_at, max(value) FILTER (WHERE metric = 'views'), max(value) FILTER (WHERE metric = 'likes'), max(value) FILTER (WHERE metric = 'comments'), max(value) FILTER (WHERE metric = 'shares'), max(value) FILTER (WHERE metric = 'saves'), max(value) FILTER (WHERE metric = 'reach'), max(value) FILTER (WHERE metric = 'engagement_rate'), 'platform', max(read_at)
       FROM metric_snapshots WHERE age_bucket = '30d' AND publication_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM metric_latest l WHERE l.publication_id = metric_snapshots.publication_id)
      GROUP BY publication_id, workspace_id, account_id, platform, posted_at`,
  );
  for (const table of ['metric_snapshots', 'metric_latest', 'platform_publications', 'content_items', 'social_accounts'])
    await sql.query(`VACUUM ANALYZE ${table}`);
  const [{ rows: snapshotRows }] = await sql.query(`SELECT count(*)::int AS rows FROM metric_snapshots`);

  // The queries: the summary of the last 30 days (latest figures, the page's default), and the
  // posts table at 24 h sorted by views (first page of 50).
  const today = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 29 * DAY).toISOString().slice(0, 10);
  const summaryPath = `/api/analytics/summary?from=${from}&to=${today}&timeZone=UTC`;
  const postsPath = '/api/analytics/posts?age=24h&sort=views&order=desc&limit=50';
  const METRICS = ['views', 'likes', 'comments', 'shares', 'saves', 'watch_time', 'avg_watch_time', 'reach'];
  const summaryStatement = summarySql({ workspaceId, age: 'latest', range: { from, to: today, timeZone: 'UTC' } }, METRICS);
  const postsStatement = postsPageSql({ workspaceId, age: '24h' }, 'views', 'desc', 50, 0);
  // The API runs the page and its count on two pooled connections at once: so does the baseline.
  const bare = new pg.Client({ connectionString: db.url });
  const bareCount = new pg.Client({ connectionString: db.url });
  await bare.connect();
  await bareCount.connect();

  const p95 = async (fn) => {
    for (let i = 0; i < 20; i++) await fn();
    const times = [];
    for (let i = 0; i < SAMPLES; i++) {
      const start = performance.now();
      await fn();
      times.push(performance.now() - start);
    }
    return (
      Math.round(
        percentile(
          times.sort((a, b) => a - b),
          95,
        ) * 100,
      ) / 100
    );
  };
  const summaryBody = await get(summaryPath);
  const postsBody = await get(postsPath);
  if (!summaryBody.platforms?.length || postsBody.items?.length !== 50) throw new Error('the queries returned nothing');
  // The floor of any signed-in call (session, guards, one small read): what the API adds to any query.
  const floorP95 = await p95(() => get('/api/auth/me'));
  const summaryP95 = await p95(() => get(summaryPath));
  const summarySqlP95 = await p95(() => bare.query(summaryStatement.sql, summaryStatement.params));
  const postsP95 = await p95(() => get(postsPath));
  const postsSqlP95 = await p95(() =>
    Promise.all([bare.query(postsStatement.sql, postsStatement.params), bareCount.query(postsStatement.countSql, postsStatement.countParams)]),
  );
  await bare.end();
  await bareCount.end();

  console.log(
    JSON.stringify({
      bench: 'analytics',
      posts: publications,
      accounts: ACCOUNTS,
      platform_calls: calls,
      calls_per_post: Math.round((calls / publications) * 1000) / 1000,
      ingest_ms: Math.round(ingestMs),
      ingest_passes: passes,
      reads_pending_after: pending,
      ingested_snapshot_rows: ingestedRows,
      snapshot_rows: snapshotRows,
      api_floor_p95_ms: floorP95,
      summary_p95_ms: summaryP95,
      summary_sql_p95_ms: summarySqlP95,
      posts_p95_ms: postsP95,
      posts_sql_p95_ms: postsSqlP95,
    }),
  );
} finally {
  await app?.close();
  await running.close();
  if (process.env.BENCH_KEEP_DB) console.error(`kept ${db.url}`);
  else await db.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
