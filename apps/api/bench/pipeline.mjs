// npm run bench:pipeline — 10,000 posts over 2,000 sandbox accounts (1,000 TikTok, 1,000 Instagram;
// 5 posts each, 12 s apart, within each platform's per-account limits, which the sandbox enforces),
// due over one minute, published by 2 worker processes plus an api+scheduler process, once through
// the Postgres driver and once through the BullMQ driver (each on a fresh database and sandbox).
// Prints, per driver:
// - start lateness: from the item's scheduled time to the job's first platform call (the sandbox's
//   request log: the account's first-step request, matched to its posts in order), percentiles;
// - claim lateness: from the scheduled time to the job's first `claimed` event (the figure this bench
//   printed as start lateness until 2026-12-07; a claim is not a start when the job then waits on a
//   gate or a connection, so both are printed);
// - posting lateness, duplicates (the sandbox's own count of double posts), how many posts reached a
//   final state, platform HTTP calls per post and, with BENCH_SQL_TRACE_DIR, SQL round trips per post
//   (every statement each app process sent, counted by apps/api/bench/sql-trace.mjs) and the top statements,
//   with each role's CPU per post; the sandbox's CPU per post (it runs in this process) is always printed.
// Goal: start lateness p99 < 1 s, 0 duplicates, every post final.
// Options (env): BENCH_POSTS, BENCH_ACCOUNTS, BENCH_DRIVERS (postgres,bullmq), BENCH_CONCURRENCY, BENCH_KEEP_DB, BENCH_CPU_PROF_DIR,
// BENCH_SQL_TRACE_DIR.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Redis } from 'ioredis';
import pg from 'pg';

import { buildMp4, createSandbox, defaultSeedData } from '../../../libs/platform-sandbox/dist/index.js';
import { tokenAad, TokenCipher } from '../dist/modules/tokens/token-cipher.js';
import { createBenchDatabase, percentile } from './bench-db.mjs';

const POSTS = Number(process.env.BENCH_POSTS ?? process.argv[2] ?? 10_000);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 2000);
const DRIVERS = (process.env.BENCH_DRIVERS ?? 'postgres,bullmq').split(',');
const CONCURRENCY = process.env.BENCH_CONCURRENCY ?? '64';
const SPREAD_SECONDS = 60;
const LEAD_SECONDS = 20;
// A Redis database of its own: the queue's keys never meet another suite's (flushed before and after).
const REDIS_URL = `${(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379').replace(/\/\d*$/, '')}/14`;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const MAIN = join(ROOT, 'apps/api/dist/main.js');
const ENCRYPTION_KEY = Buffer.alloc(32, 5);
const log = (...a) => console.error('[bench:pipeline]', ...a);

const freePort = () =>
  new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function ready(url) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/api/health/ready`)).ok) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`${url} never became ready`);
}

async function flushRedis() {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  await redis.flushdb();
  redis.disconnect();
}

async function runDriver(driver) {
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
    // Every platform call of the run stays in the log: start lateness is read from it.
    requestLogLimit: 1_000_000,
    tiktok: { processingMs: 500, moderationMs: 200 },
    instagram: { processingMs: 500 },
  });
  const running = await sandbox.listen({ port: 0, host: '127.0.0.1' });
  const db = await createBenchDatabase(`pipeline_${driver}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'mwr-bench-'));
  const sqlTraceDir = process.env.BENCH_SQL_TRACE_DIR ? join(process.env.BENCH_SQL_TRACE_DIR, driver) : undefined;
  if (sqlTraceDir) {
    rmSync(sqlTraceDir, { recursive: true, force: true });
    mkdirSync(sqlTraceDir, { recursive: true });
  }
  const children = [];
  const start = (role, port, env) => {
    // BENCH_CPU_PROF_DIR: each worker writes a V8 CPU profile there when it exits (where the time goes per job).
    // BENCH_SQL_TRACE_DIR: every process counts the statements it sends (sql-trace.mjs) and writes them there on exit.
    const options = [
      ...(role === 'worker' && process.env.BENCH_CPU_PROF_DIR ? [`--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : []),
      ...(sqlTraceDir ? [`--import ${join(dirname(fileURLToPath(import.meta.url)), 'sql-trace.mjs')}`] : []),
    ];
    const profile = options.length ? { NODE_OPTIONS: options.join(' '), ...(sqlTraceDir ? { BENCH_SQL_TRACE_DIR: sqlTraceDir } : {}) } : {};
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH, ...env, ...profile, ROLES: role, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    return child;
  };
  if (driver === 'bullmq') await flushRedis();
  let result;
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
      ENCRYPTION_KEYS: `1:${ENCRYPTION_KEY.toString('base64')}`,
      SCHEDULER_TICK_MS: '1000',
      WORKER_CONCURRENCY: CONCURRENCY,
      // Every (re)claim passes the global start gate; 10,000 posts in a minute is ~170 starts/s plus the polls' re-claims.
      GLOBAL_JOB_STARTS_PER_SECOND: '1000',
      ...(driver === 'bullmq' ? { REDIS_URL } : {}),
    };
    start('api,scheduler', apiPort, env);
    await ready(api);

    // The owner, then 2,000 connected accounts with real sandbox tokens, inserted in bulk (the
    // connect flow itself is the accounts suite's concern, and 2,000 consent round trips are not this bench).
    const setup = await fetch(`${api}/api/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@example.com', password: 'bench password 1', name: 'Bench', workspaceName: 'Bench' }),
    });
    if (setup.status !== 201) throw new Error(`setup answered ${setup.status}`);
    const sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    const [{ id: workspaceId }] = (await sql.query('SELECT id FROM workspaces')).rows;
    const ttCapabilities = { privacyLevelOptions: ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'], maxVideoPostDurationSec: 300 };
    const accounts = (
      await sql.query(
        `INSERT INTO social_accounts (workspace_id, platform, remote_account_id, handle, capabilities)
         SELECT $1, p, r, h, c FROM unnest($2::text[], $3::text[], $4::text[], $5::jsonb[]) AS x(p, r, h, c) RETURNING id, platform, remote_account_id`,
        [
          workspaceId,
          [...tiktok.map(() => 'tiktok'), ...instagram.map(() => 'instagram')],
          [...tiktok.map((c) => c.openId), ...instagram.map((a) => a.igUserId)],
          [...tiktok.map((c) => c.username), ...instagram.map((a) => a.username)],
          [...tiktok.map(() => JSON.stringify(ttCapabilities)), ...instagram.map(() => '{}')],
        ],
      )
    ).rows;
    const cipher = new TokenCipher([{ version: 1, key: ENCRYPTION_KEY }]);
    const accountOfToken = new Map();
    const tokenRows = accounts.map((a) => {
      const minted =
        a.platform === 'tiktok'
          ? sandbox.actions.mintTikTokToken({ openId: a.remote_account_id })
          : sandbox.actions.mintInstagramToken({ igUserId: a.remote_account_id });
      accountOfToken.set(minted.access_token, a.id);
      return {
        id: a.id,
        access: cipher.seal(minted.access_token, tokenAad(workspaceId, a.id, 'access_token')).sealed,
        refresh: minted.refresh_token ? cipher.seal(minted.refresh_token, tokenAad(workspaceId, a.id, 'refresh_token')).sealed : null,
        expiresAt: new Date(Date.now() + minted.expires_in * 1000),
        scopes: a.platform === 'tiktok' ? '{video.publish}' : '{instagram_business_content_publish}',
      };
    });
    await sql.query(
      `INSERT INTO oauth_tokens (account_id, workspace_id, access_token_ciphertext, refresh_token_ciphertext, key_version, expires_at, scopes, issued_at, updated_at)
       SELECT a, $1, t, r, 1, e, s::text[], now(), now() FROM unnest($2::uuid[], $3::bytea[], $4::bytea[], $5::timestamptz[], $6::text[]) AS x(a, t, r, e, s)`,
      [
        workspaceId,
        tokenRows.map((t) => t.id),
        tokenRows.map((t) => t.access),
        tokenRows.map((t) => t.refresh),
        tokenRows.map((t) => t.expiresAt),
        tokenRows.map((t) => t.scopes),
      ],
    );

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

    const workerPorts = [await freePort(), await freePort()];
    for (const port of workerPorts) start('worker', port, env);
    for (const port of workerPorts) await ready(`http://127.0.0.1:${port}`);
    // Posts due over one minute starting LEAD_SECONDS from now; post g goes to account g mod ACCOUNTS.
    await sql.query(
      `WITH items AS (
         INSERT INTO content_items (workspace_id, title, caption, asset_id, scheduled_at, time_zone, status)
         SELECT $1, 'post ' || g, 'Bench post ' || g, ($2::uuid[])[1 + g / $5], date_trunc('second', now()) + make_interval(secs => $6) + (g * make_interval(secs => $7) / $3), 'UTC', 'scheduled'
           FROM generate_series(0, $3 - 1) g RETURNING id, title)
       INSERT INTO content_item_targets (workspace_id, content_item_id, social_account_id, options)
       SELECT $1, items.id, ($4::uuid[])[1 + (substring(items.title from 6)::int % $5)], '{"privacyLevel":"SELF_ONLY"}'::jsonb FROM items`,
      [workspaceId, assetIds, POSTS, accounts.map((a) => a.id), ACCOUNTS, LEAD_SECONDS, SPREAD_SECONDS],
    );
    const cpuAtPosts = process.cpuUsage();
    // The app processes count their CPU from here (sql-trace.mjs): boot and setup are not the posts' cost.
    if (sqlTraceDir) for (const child of children) child.kill('SIGUSR2');
    log(`${driver}: ${ACCOUNTS} accounts, ${POSTS} posts due in ${LEAD_SECONDS}–${LEAD_SECONDS + SPREAD_SECONDS} s; waiting for every post to finish`);

    const deadline = Date.now() + 15 * 60_000;
    let finished = 0;
    while (Date.now() < deadline) {
      finished = Number((await sql.query(`SELECT count(*) FROM platform_publications WHERE status IN ('posted', 'failed') OR needs_review`)).rows[0].count);
      if (finished >= POSTS) break;
      await sleep(1000);
    }
    const claims = (
      await sql.query(
        `SELECT extract(epoch FROM (min(e.at) - ci.scheduled_at)) * 1000 AS ms FROM job_events e
         JOIN platform_publications p ON p.id = e.publication_id JOIN content_items ci ON ci.id = p.content_item_id
        WHERE e.type = 'claimed' GROUP BY ci.id, ci.scheduled_at`,
      )
    ).rows
      .map((r) => Number(r.ms))
      .sort((a, b) => a - b);
    const starts = firstPlatformCalls(
      (
        await sql.query(
          `SELECT p.social_account_id AS account, extract(epoch FROM ci.scheduled_at) * 1000 AS at FROM platform_publications p
             JOIN content_items ci ON ci.id = p.content_item_id ORDER BY ci.scheduled_at`,
        )
      ).rows,
      sandbox.inspect.requests(),
      accountOfToken,
    );
    const posted = (
      await sql.query(
        `SELECT extract(epoch FROM (p.posted_at - ci.scheduled_at)) * 1000 AS ms FROM platform_publications p JOIN content_items ci ON ci.id = p.content_item_id WHERE p.status = 'posted'`,
      )
    ).rows
      .map((r) => Number(r.ms))
      .sort((a, b) => a - b);
    const failed = Number((await sql.query(`SELECT count(*) FROM platform_publications WHERE status = 'failed' OR needs_review`)).rows[0].count);
    const claimEvents = Number((await sql.query(`SELECT count(*) FROM job_events WHERE type = 'claimed'`)).rows[0].count);
    const platformCalls = sandbox.inspect.requests().filter((r) => r.host !== '__sandbox');
    // The sandbox answers in this process: its CPU (and the bench's own setup and polling) since the posts were inserted.
    const sandboxCpu = process.cpuUsage(cpuAtPosts);
    const duplicates = sandbox.inspect.duplicates().reduce((n, d) => n + d.duplicates.length, 0);
    await sql.end();
    const r = (x) => Math.round(x);
    result = {
      finished,
      posted: posted.length,
      failed,
      all_final: finished === POSTS,
      duplicates,
      claims: claimEvents,
      started_before_time: starts.filter((ms) => ms < 0).length,
      never_started: POSTS - starts.length,
      start_lateness_p50_ms: r(percentile(starts, 50)),
      start_lateness_p95_ms: r(percentile(starts, 95)),
      start_lateness_p99_ms: r(percentile(starts, 99)),
      start_lateness_max_ms: r(starts[starts.length - 1] ?? 0),
      claim_lateness_p50_ms: r(percentile(claims, 50)),
      claim_lateness_p99_ms: r(percentile(claims, 99)),
      platform_calls_per_post: Math.round((platformCalls.length / POSTS) * 100) / 100,
      bench_and_sandbox_cpu_ms_per_post: Math.round(((sandboxCpu.user + sandboxCpu.system) / 1000 / POSTS) * 100) / 100,
      posted_lateness_p50_ms: r(percentile(posted, 50)),
      posted_lateness_p95_ms: r(percentile(posted, 95)),
      posted_lateness_p99_ms: r(percentile(posted, 99)),
      goal_met: starts.length === POSTS && percentile(starts, 99) < 1000 && duplicates === 0 && finished === POSTS,
    };
    return result;
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? undefined : new Promise((r) => c.once('exit', r)))));
    await running.close();
    if (sqlTraceDir) Object.assign(result ?? {}, sqlTrace(sqlTraceDir));
    rmSync(dataDir, { recursive: true, force: true });
    // BENCH_KEEP_DB=1 leaves the database for a look at its job_events (dropped otherwise).
    if (process.env.BENCH_KEEP_DB === '1') log(`${driver}: database kept at ${db.url}`);
    else await db.drop();
    if (driver === 'bullmq') await flushRedis().catch(() => undefined);
  }
}

/**
 * Each post's first platform call − its scheduled time (ms). The account's first-step endpoint is the
 * one its first request went to (its first post's first step); its posts, in scheduled order, take
 * that endpoint's requests in order, each the first one at or after the post's scheduled time.
 */
function firstPlatformCalls(posts, requests, accountOfToken) {
  const byAccount = new Map();
  for (const request of requests) {
    const account = accountOfToken.get(request.token);
    if (!account) continue;
    if (!byAccount.has(account)) byAccount.set(account, { endpoint: request.endpoint, at: [] });
    const calls = byAccount.get(account);
    if (request.endpoint === calls.endpoint) calls.at.push(request.at);
  }
  const next = new Map();
  const lateness = [];
  for (const post of posts) {
    const calls = byAccount.get(post.account);
    if (!calls) continue;
    let i = next.get(post.account) ?? 0;
    while (i < calls.at.length && calls.at[i] < Number(post.at)) i++;
    if (i >= calls.at.length) continue;
    lateness.push(calls.at[i] - Number(post.at));
    next.set(post.account, i + 1);
  }
  return lateness.sort((a, b) => a - b);
}

/** SQL round trips per post from the processes' statement counts (sql-trace.mjs), with the most frequent statements. */
function sqlTrace(dir) {
  const byRole = {};
  const cpuByRole = {};
  const all = new Map();
  for (const file of readdirSync(dir).filter((f) => f.startsWith('sql-'))) {
    const { roles, cpuMs, statements } = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    byRole[roles] = (byRole[roles] ?? 0) + statements.reduce((n, s) => n + s.n, 0);
    cpuByRole[roles] = (cpuByRole[roles] ?? 0) + (cpuMs ?? 0);
    for (const { sql, n } of statements) all.set(sql, (all.get(sql) ?? 0) + n);
  }
  const total = [...all.values()].reduce((a, b) => a + b, 0);
  return {
    sql_round_trips_per_post: Math.round((total / POSTS) * 10) / 10,
    sql_round_trips_per_post_by_role: Object.fromEntries(Object.entries(byRole).map(([role, n]) => [role, Math.round((n / POSTS) * 10) / 10])),
    // Each app process's CPU (user + system, from the posts' insertion to its exit) per post: the 2-core budget at 167 posts/s is 12 ms per post for everything.
    cpu_ms_per_post_by_role: Object.fromEntries(Object.entries(cpuByRole).map(([role, ms]) => [role, Math.round((ms / POSTS) * 100) / 100])),
    sql_top_statements: [...all]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([sql, n]) => ({ per_post: Math.round((n / POSTS) * 100) / 100, sql: sql.slice(0, 120) })),
  };
}

const out = { bench: 'pipeline', posts: POSTS, accounts: ACCOUNTS, workers: 2, worker_concurrency: Number(CONCURRENCY), goal_start_lateness_p99_ms: 1000 };
let failures = 0;
for (const driver of DRIVERS) {
  try {
    out[driver] = await runDriver(driver);
  } catch (error) {
    failures++;
    out[driver] = { error: error.message };
  }
  log(driver, JSON.stringify(out[driver]));
}
out.goal_met = DRIVERS.every((d) => out[d].goal_met === true);
process.stdout.write(`${JSON.stringify(out)}\n`);
process.exit(failures ? 1 : 0);
