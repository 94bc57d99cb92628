// npm run bench:pipeline — 1,000 posts across 100 sandbox accounts (50 TikTok, 50 Instagram), due
// spread over one minute, published by 2 worker processes (plus an api+scheduler process) through
// the Postgres driver. Prints start and posting lateness percentiles and the duplicate count.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import pg from 'pg';

import { buildMp4, createSandbox, defaultSeedData } from '../../../libs/platform-sandbox/dist/index.js';
import { createBenchDatabase, percentile } from './bench-db.mjs';

const POSTS = Number(process.argv[2] ?? 1000);
const ACCOUNTS = 100;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const MAIN = join(ROOT, 'apps/api/dist/main.js');

const freePort = () =>
  new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// 50 TikTok creators and 50 Instagram accounts in the sandbox.
const seeds = defaultSeedData();
const tiktok = Array.from({ length: ACCOUNTS / 2 }, (_, i) => ({
  ...seeds.tiktokCreators[0],
  openId: `bench-tt-${i}`,
  unionId: `bench-u-${i}`,
  username: `bench.tt${i}`,
}));
const instagram = Array.from({ length: ACCOUNTS / 2 }, (_, i) => ({
  ...seeds.instagramAccounts[0],
  igUserId: `1784149${String(i).padStart(10, '0')}`,
  appScopedUserId: `2600049${String(i).padStart(10, '0')}`,
  username: `bench.ig${i}`,
}));
const apiPort = await freePort();
const api = `http://127.0.0.1:${apiPort}`;
// The product serves the media on loopback: the sandbox's crawlers may fetch from exactly its origin.
const sandbox = createSandbox({
  allowedFetchOrigins: [api],
  clock: 'real',
  seedData: { tiktokCreators: tiktok, instagramAccounts: instagram },
  tiktok: { processingMs: 500, moderationMs: 200 },
  instagram: { processingMs: 500 },
});
const running = await sandbox.listen({ port: 0, host: '127.0.0.1' });
const db = await createBenchDatabase('pipeline');
const dataDir = mkdtempSync(join(tmpdir(), 'mwr-bench-'));
const children = [];

function start(role, port, env) {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, ...env, ROLES: role, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}
async function ready(url) {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/api/health/ready`)).ok) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`${url} never became ready`);
}

try {
  const env = {
    DATABASE_URL: db.url,
    DATA_DIR: dataDir,
    PUBLIC_URL: api,
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    PLATFORM_MODE: 'live',
    TIKTOK_AUTH_URL: running.urls.tiktokAuthUrl,
    TIKTOK_API_BASE_URL: running.urls.tiktokApiBaseUrl,
    INSTAGRAM_AUTH_URL: running.urls.instagramAuthUrl,
    INSTAGRAM_GRAPH_BASE_URL: running.urls.instagramGraphBaseUrl,
    FACEBOOK_GRAPH_BASE_URL: running.urls.facebookGraphBaseUrl,
    TIKTOK_CLIENT_KEY: 'sbx_tiktok_client_key',
    TIKTOK_CLIENT_SECRET: 'sbx_tiktok_client_secret',
    META_APP_ID: '990000000000001',
    META_APP_SECRET: 'sbx_instagram_app_secret',
    ENCRYPTION_KEYS: `1:${Buffer.alloc(32, 5).toString('base64')}`,
    SCHEDULER_TICK_MS: '1000',
    WORKER_CONCURRENCY: '24',
    GLOBAL_JOB_STARTS_PER_SECOND: '100',
  };
  start('api,scheduler', apiPort, env);
  await ready(api);

  // Owner session and 100 connected accounts, through the real connect flow.
  const cookies = new Map();
  const call = async (method, path, body) => {
    const headers = { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (body) headers['content-type'] = 'application/json';
    if (cookies.get('mwr_csrf') && method !== 'GET') headers['x-csrf-token'] = cookies.get('mwr_csrf');
    const res = await fetch(`${api}${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [k, ...v] = pair.split('=');
      if (v.join('=')) cookies.set(k, v.join('='));
    }
    return res;
  };
  await call('POST', '/api/auth/setup', { email: 'bench@example.com', password: 'bench password 1', name: 'Bench', workspaceName: 'Bench' });
  const connect = async (platform, field, value) => {
    const { authorizeUrl } = await (await call('POST', `/api/accounts/connect/${platform}`)).json();
    const form = new URLSearchParams(new URL(authorizeUrl).search);
    form.set('decision', 'approve');
    form.set(field, value);
    const back = new URL(
      (
        await fetch(authorizeUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
          redirect: 'manual',
        })
      ).headers.get('location'),
    );
    await call('GET', `${back.pathname}${back.search}`);
  };
  for (const c of tiktok) await connect('tiktok', 'open_id', c.openId);
  for (const a of instagram) await connect('instagram', 'ig_user_id', a.igUserId);

  const sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
  const accounts = (await sql.query('SELECT id, platform FROM social_accounts ORDER BY platform, handle')).rows;
  if (accounts.length !== ACCOUNTS) throw new Error(`connected ${accounts.length} accounts, expected ${ACCOUNTS}`);
  const [{ id: workspaceId }] = (await sql.query('SELECT id FROM workspaces')).rows;
  // Each account gets different videos, so the sandbox's duplicate check counts only true double posts.
  mkdirSync(join(dataDir, 'media', 'assets'), { recursive: true });
  const assetIds = [];
  for (let k = 0; k < Math.ceil(POSTS / ACCOUNTS); k++) {
    const video = buildMp4({ durationSec: 10, width: 1080, height: 1920, seed: k + 1 });
    writeFileSync(join(dataDir, 'media', 'assets', `bench-${k}.mp4`), video);
    const [{ id }] = (
      await sql.query(
        `INSERT INTO content_assets (workspace_id, storage_key, original_filename, mime, bytes, sha256, status) VALUES ($1, $2, $2, 'video/mp4', $3, $4, 'ready') RETURNING id`,
        [workspaceId, `assets/bench-${k}.mp4`, video.length, createHash('sha256').update(video).digest('hex')],
      )
    ).rows;
    assetIds.push(id);
  }

  // Two workers, then 1,000 posts due over one minute starting 20 s from now.
  for (let i = 0; i < 2; i++) {
    const port = await freePort();
    start('worker', port, env);
    await ready(`http://127.0.0.1:${port}`);
  }
  await sql.query(
    `WITH items AS (
       INSERT INTO content_items (workspace_id, title, caption, asset_id, scheduled_at, time_zone, status)
       SELECT $1, 'post ' || g, 'Bench post ' || g, ($2::uuid[])[1 + g / $5], date_trunc('second', now()) + interval '20 seconds' + (g * interval '60 seconds' / $3), 'UTC', 'scheduled'
         FROM generate_series(0, $3 - 1) g RETURNING id, title)
     INSERT INTO content_item_targets (workspace_id, content_item_id, social_account_id, options)
     SELECT $1, items.id, ($4::uuid[])[1 + (substring(items.title from 6)::int % $5)], '{"privacyLevel":"SELF_ONLY"}'::jsonb FROM items`,
    [workspaceId, assetIds, POSTS, accounts.map((a) => a.id), ACCOUNTS],
  );

  const deadline = Date.now() + 15 * 60_000;
  let finished = 0;
  while (Date.now() < deadline) {
    finished = Number((await sql.query(`SELECT count(*) FROM platform_publications WHERE status IN ('posted', 'failed') OR needs_review`)).rows[0].count);
    if (finished >= POSTS) break;
    await sleep(1000);
  }
  const starts = (
    await sql.query(
      `SELECT extract(epoch FROM (min(e.at) - ci.scheduled_at)) * 1000 AS ms FROM job_events e
       JOIN platform_publications p ON p.id = e.publication_id JOIN content_items ci ON ci.id = p.content_item_id
      WHERE e.type = 'claimed' GROUP BY ci.id, ci.scheduled_at`,
    )
  ).rows
    .map((r) => Number(r.ms))
    .sort((a, b) => a - b);
  const posted = (
    await sql.query(
      `SELECT extract(epoch FROM (p.posted_at - ci.scheduled_at)) * 1000 AS ms FROM platform_publications p JOIN content_items ci ON ci.id = p.content_item_id WHERE p.status = 'posted'`,
    )
  ).rows
    .map((r) => Number(r.ms))
    .sort((a, b) => a - b);
  const failed = Number((await sql.query(`SELECT count(*) FROM platform_publications WHERE status = 'failed' OR needs_review`)).rows[0].count);
  const early = starts.filter((ms) => ms < 0).length;
  const duplicates = sandbox.inspect.duplicates().reduce((n, d) => n + d.duplicates.length, 0);
  await sql.end();
  const r = (x) => Math.round(x);
  process.stdout.write(
    `${JSON.stringify({
      bench: 'pipeline',
      posts: POSTS,
      accounts: ACCOUNTS,
      workers: 2,
      finished,
      posted: posted.length,
      failed,
      duplicates,
      started_before_time: early,
      start_lateness_p50_ms: r(percentile(starts, 50)),
      start_lateness_p95_ms: r(percentile(starts, 95)),
      start_lateness_p99_ms: r(percentile(starts, 99)),
      posted_lateness_p50_ms: r(percentile(posted, 50)),
      posted_lateness_p95_ms: r(percentile(posted, 95)),
      posted_lateness_p99_ms: r(percentile(posted, 99)),
      goal_start_lateness_p99_ms: 1000,
    })}\n`,
  );
} finally {
  for (const child of children) child.kill('SIGTERM');
  await sleep(1000);
  await running.close();
  rmSync(dataDir, { recursive: true, force: true });
  await db.drop();
  process.exit(0);
}
