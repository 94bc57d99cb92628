// npm run chaos — exactly-once under faults. Starts its OWN PostgreSQL and Redis (so it can kill
// them), the platform sandbox with faults, and the product as 1 API, 2 scheduler and 3 worker
// processes; a seeded nemesis kills and pauses them while items come due; then the checker
// compares the database with what the platforms received. Exits non-zero on any duplicate, loss or
// disagreement, stray post, unexpected or excess failure, or fault that did not fire.
// Usage: npm run chaos -- [--items 1000] [--seconds 240] [--driver both|postgres|bullmq] [--seed 42] [--max-failed-percent 2]
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import pg from 'pg';

import { buildMp4, createSandbox, defaultSeedData, sandboxEnv } from '../../../libs/platform-sandbox/dist/index.js';
import { PLATFORM_DESCRIPTORS } from '../../../libs/publishers/dist/index.js';
import { checkChaos, checkWebhooks, requiredFaults, summaryLine, webhookSummaryLine } from './checker.mjs';
import { CHAOS_PLATFORMS } from './platforms.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const ITEMS = Number(arg('items', 1000));
const WINDOW_S = Number(arg('seconds', 240));
const SEED = Number(arg('seed', 42));
// A run fails when more than this share of its targets failed (all for an expected reason).
const MAX_FAILED_PERCENT = Number(arg('max-failed-percent', 2));
const DRIVERS = arg('driver', 'both') === 'both' ? ['postgres', 'bullmq'] : [arg('driver')];
const ACCOUNTS = 50;
const LEASE_S = 10;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const MAIN = join(ROOT, 'apps/api/dist/main.js');
const PG_BIN = execFileSync('sh', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1'], { encoding: 'utf8' }).trim();

/**
 * The run's webhook endpoint (issue 26): records every POST's webhook-id; the first attempt of
 * about one event in ten answers 503, so retries are part of the run. Its own seeded generator:
 * the nemesis's sequence stays what it was for a seed.
 */
async function webhookReceiver() {
  let state = (SEED * 7919 + 1) >>> 0;
  const roll = () => (state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
  const deliveries = [];
  const refusedOnce = new Set();
  let refused = 0;
  const server = createHttpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const eventId = req.headers['webhook-id'];
      if (typeof eventId !== 'string') return void res.writeHead(400).end();
      if (!refusedOnce.has(eventId) && roll() < 0.1) {
        refusedOnce.add(eventId);
        refused += 1;
        return void res.writeHead(503).end('try again');
      }
      refusedOnce.add(eventId);
      deliveries.push({ eventId });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}/hooks`, deliveries, refused: () => refused, close: () => server.close() };
}

let rngState = SEED >>> 0;
const rand = () => (rngState = (Math.imul(rngState ^ (rngState >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ARTIFACTS = join(process.env.E2E_ARTIFACTS_DIR ?? join(ROOT, 'apps/e2e/artifacts'), 'chaos');
let artifactLog;
const log = (line) => {
  const stamped = `[chaos ${new Date().toISOString().slice(11, 19)}] ${line}\n`;
  process.stdout.write(stamped);
  if (artifactLog) appendFileSync(artifactLog, stamped);
};
const freePort = () =>
  new Promise((ok) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
const asRoot = process.getuid?.() === 0;
const pgCmd = (bin, args) =>
  asRoot
    ? execFileSync('runuser', ['-u', 'postgres', '--', join(PG_BIN, bin), ...args], { stdio: 'pipe' })
    : execFileSync(join(PG_BIN, bin), args, { stdio: 'pipe' });

async function ownPostgres(dir) {
  const port = await freePort();
  const data = join(dir, 'pgdata');
  mkdirSync(data, { recursive: true });
  if (asRoot) {
    chownSync(dir, 101, 104);
    chownSync(data, 101, 104);
  }
  chmodSync(data, 0o700);
  pgCmd('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const ctl = (action, extra = []) => pgCmd('pg_ctl', ['-D', data, '-l', join(dir, 'pg.log'), '-o', opts, '-w', ...extra, action]);
  ctl('start');
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: () => ctl('restart', ['-m', 'fast']),
    stop: () => {
      try {
        ctl('stop', ['-m', 'immediate']);
      } catch {}
    },
  };
}

async function ownRedis() {
  const port = await freePort();
  let child;
  const start = () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  };
  start();
  await sleep(300);
  const cli = (...a) => execFileSync('redis-cli', ['-p', String(port), ...a], { stdio: 'pipe' });
  return {
    url: `redis://127.0.0.1:${port}`,
    flush: () => cli('FLUSHALL'),
    restart: async () => {
      child.kill('SIGKILL');
      await sleep(300);
      start();
      await sleep(300);
    },
    stop: () => child.kill('SIGKILL'),
  };
}

/**
 * The registry's platforms that the sandbox mounts, each with its chaos entry (platforms.mjs) and
 * its share of the accounts. A mounted platform without an entry is left out, and said so in the
 * log and in the final JSON line (`left_out`): the run proves nothing about it until its entry exists.
 */
function chaosPlatforms() {
  const mounted = new Set(createSandbox().inspect.platforms());
  const ids = PLATFORM_DESCRIPTORS.map((d) => d.id).filter((id) => mounted.has(id));
  LEFT_OUT.push(...ids.filter((id) => !CHAOS_PLATFORMS[id]));
  if (LEFT_OUT.length > 0) log(`LEFT OUT (no entry in apps/e2e/chaos/platforms.mjs): ${LEFT_OUT.join(', ')}`);
  const covered = ids.filter((id) => CHAOS_PLATFORMS[id]);
  return covered.map((id, i) => {
    const accounts = Math.floor(ACCOUNTS / covered.length) + (i < ACCOUNTS % covered.length ? 1 : 0);
    return { id, descriptor: PLATFORM_DESCRIPTORS.find((d) => d.id === id), profile: CHAOS_PLATFORMS[id], accounts };
  });
}
const LEFT_OUT = [];

/** The product's settings for a platform in the run: its sandbox client (the settings' sandboxDefault) and the entry's operator settings. */
function productSettings(platform) {
  const env = {};
  for (const spec of Object.values(platform.descriptor.settings ?? {})) if (spec.type === 'string' && spec.sandboxDefault) env[spec.env] = spec.sandboxDefault;
  return { ...env, ...platform.profile.productEnv };
}

async function runOnce(driver) {
  mkdirSync(ARTIFACTS, { recursive: true });
  // The nemesis log (every fault with its time) stays as an artifact of the run.
  artifactLog = join(ARTIFACTS, `nemesis-${driver}-seed${SEED}.log`);
  writeFileSync(artifactLog, '');
  const dir = mkdtempSync(join(tmpdir(), 'mwr-chaos-'));
  const dataDir = join(dir, 'data');
  mkdirSync(join(dataDir, 'media', 'assets'), { recursive: true });
  const postgres = await ownPostgres(dir);
  const redis = driver === 'bullmq' ? await ownRedis() : undefined;
  const seeds = defaultSeedData();
  const platforms = chaosPlatforms();
  log(`platforms: ${platforms.map((p) => `${p.id} (${p.accounts} accounts)`).join(', ')}`);
  const apiPort = await freePort();
  const api = `http://127.0.0.1:${apiPort}`;
  // The platforms fetch Reels from the product's media links, which are on this machine: the
  // sandbox's SSRF guard lets exactly that origin through.
  const sandbox = createSandbox({
    allowedFetchOrigins: [api],
    clock: 'real',
    seed: SEED,
    // The request log is read during the run for the watched answers: room for a busy window.
    requestLogLimit: 50_000,
    seedData: Object.assign({}, ...platforms.map((p) => p.profile.seedAccounts(p.accounts, seeds))),
    ...Object.assign({}, ...platforms.map((p) => p.profile.sandbox)),
  });
  const running = await sandbox.listen({ port: 0, host: '127.0.0.1' });
  const receiver = await webhookReceiver();
  const procs = new Map();
  const env = {
    PATH: process.env.PATH,
    DATABASE_URL: postgres.url,
    DATA_DIR: dataDir,
    PUBLIC_URL: api,
    LOG_LEVEL: 'error',
    LOG_FORMAT: 'json',
    PLATFORM_MODE: 'live',
    // Every mount's hosts under the variables the product's settings read, and each platform's sandbox client.
    ...Object.fromEntries(sandboxEnv(running.urls)),
    ...Object.assign({}, ...platforms.map(productSettings)),
    ENCRYPTION_KEYS: `1:${Buffer.alloc(32, 9).toString('base64')}`,
    JOB_LEASE_SECONDS: String(LEASE_S),
    SCHEDULER_TICK_MS: '1000',
    WORKER_CONCURRENCY: '8',
    GLOBAL_JOB_STARTS_PER_SECOND: '50',
    JOB_BACKOFF_BASE_MS: '1000',
    JOB_BACKOFF_CAP_MS: '15000',
    DATABASE_CONNECT_RETRIES: '30',
    // The webhook receiver is on this machine (development's exception to the SSRF guard).
    ALLOW_INTERNAL_URLS: 'true',
    ...(redis ? { REDIS_URL: redis.url } : {}),
  };
  const launch = async (name, role) => {
    const port = name === 'api' ? apiPort : await freePort();
    const child = spawn(process.execPath, [MAIN], {
      env: { ...env, ROLES: role, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    procs.set(name, { child, role });
    return child;
  };
  const ready = async (url) => {
    // Up to a minute: a cold start on a busy 2-core machine (migrations, Redis) can take half of it.
    for (let i = 0; i < 600; i++) {
      try {
        if ((await fetch(`${url}/api/health`)).ok) return;
      } catch {}
      await sleep(100);
    }
    throw new Error(`${url} not ready`);
  };
  try {
    await launch('api', 'api');
    await ready(api);
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
    await call('POST', '/api/auth/setup', { email: 'chaos@example.com', password: 'chaos password 1', name: 'Chaos', workspaceName: 'Chaos' });
    const endpoint = await call('POST', '/api/webhooks/endpoints', { url: receiver.url, eventTypes: ['publication.posted'], description: 'chaos receiver' });
    if (endpoint.status !== 201) throw new Error(`webhook endpoint not created: ${endpoint.status} ${await endpoint.text()}`);
    const connect = async (platform, remoteId) => {
      const { authorizeUrl } = await (await call('POST', `/api/accounts/connect/${platform}`)).json();
      const form = new URLSearchParams(new URL(authorizeUrl).search);
      form.set('decision', 'approve');
      CHAOS_PLATFORMS[platform].consent(form, remoteId);
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
    for (const p of platforms) for (const remoteId of p.profile.remoteIds(p.accounts)) await connect(p.id, remoteId);
    const sql = new pg.Client({ connectionString: postgres.url });
    await sql.connect();
    const connected = (await sql.query('SELECT id, platform FROM social_accounts ORDER BY platform, handle')).rows;
    for (const p of platforms) {
      const n = connected.filter((a) => a.platform === p.id).length;
      if (n !== p.accounts) throw new Error(`${p.id}: ${n} of ${p.accounts} accounts connected`);
    }
    const accounts = connected.map((r) => r.id);
    const optionsOf = new Map(connected.map((a) => [a.id, JSON.stringify(CHAOS_PLATFORMS[a.platform].targetOptions)]));
    const [{ id: workspaceId }] = (await sql.query('SELECT id FROM workspaces')).rows;
    // Items due over the window, each with its own video and 1–2 targets.
    for (let i = 0; i < ITEMS; i++) {
      const video = buildMp4({ durationSec: 10, width: 1080, height: 1920, seed: 100_000 + i });
      writeFileSync(join(dataDir, 'media', 'assets', `c${i}.mp4`), video);
      const {
        rows: [{ id: assetId }],
      } = await sql.query(
        `INSERT INTO content_assets (workspace_id, storage_key, original_filename, mime, bytes, sha256, status) VALUES ($1, $2, $2, 'video/mp4', $3, $4, 'ready') RETURNING id`,
        [workspaceId, `assets/c${i}.mp4`, video.length, createHash('sha256').update(video).digest('hex')],
      );
      const first = Math.floor(rand() * accounts.length);
      const targets =
        rand() < 0.7 ? [accounts[first]] : [accounts[first], accounts[(first + 1 + Math.floor(rand() * (accounts.length - 1))) % accounts.length]];
      const {
        rows: [{ id: itemId }],
      } = await sql.query(
        `INSERT INTO content_items (workspace_id, title, caption, asset_id, scheduled_at, time_zone, status) VALUES ($1, $2, $2, $3, now() + make_interval(secs => $4), 'UTC', 'scheduled') RETURNING id`,
        [workspaceId, `chaos item ${i}`, assetId, 15 + (i / ITEMS) * WINDOW_S],
      );
      await sql.query(
        `INSERT INTO content_item_targets (workspace_id, content_item_id, social_account_id, options) SELECT $1, $2, a, o FROM unnest($3::uuid[], $4::jsonb[]) AS t(a, o)`,
        [workspaceId, itemId, targets, targets.map((a) => optionsOf.get(a))],
      );
    }
    await sql.end();
    const fired = {};
    const fire = (kind) => {
      fired[kind] = (fired[kind] ?? 0) + 1;
    };
    // Faults at the platforms (each platform's entry): the required ones must fire.
    const platformRules = platforms.flatMap((p) =>
      p.profile.faults.map(({ required, ...rule }) => ({
        name: `${p.id}:${rule.kind}@${rule.match.endpoint}`,
        required: required === true,
        rule: sandbox.addFault(rule),
      })),
    );
    const watched = platforms.flatMap((p) => p.profile.watch);
    // An entry's status is written when its answer goes out: each answer is counted once, when seen.
    const counted = new Set();
    const watchRequests = () => {
      if (watched.length === 0) return;
      for (const r of sandbox.inspect.requests()) {
        const w = watched.find((x) => r.endpoint === x.endpoint && r.status === x.status);
        if (w && !counted.has(r.id)) {
          counted.add(r.id);
          fire(w.fault);
        }
      }
    };
    for (const name of ['scheduler-1', 'scheduler-2']) await launch(name, 'scheduler');
    for (const name of ['worker-1', 'worker-2', 'worker-3']) await launch(name, 'worker');
    log(`${driver}: ${ITEMS} items due over ${WINDOW_S} s; nemesis on (seed ${SEED})`);

    // The nemesis. Every fault the run claims to survive is injected at least once (the required
    // ones are drawn first, in a seeded order, between random ones), and each is counted: the
    // checker fails a run whose faults did not all fire.
    const end = Date.now() + (15 + WINDOW_S) * 1000;
    const pending = requiredFaults(driver).sort(() => rand() - 0.5);
    const randomKind = () => {
      const roll = rand();
      if (roll < 0.45) return 'worker_sigkill';
      if (roll < 0.65) return 'scheduler_sigkill';
      if (roll < 0.85 && redis) return rand() < 0.5 ? 'redis_flush' : 'redis_restart';
      return 'none';
    };
    while (Date.now() < end) {
      await sleep(3000 + rand() * 3000);
      watchRequests();
      // Leave room for the pause (lease + 4 s) before the end of the window.
      const kind = pending.length > 0 && (rand() < 0.6 || Date.now() > end - (LEASE_S + 10) * 1000 * pending.length) ? pending.shift() : randomKind();
      const workers = [...procs.keys()].filter((n) => n.startsWith('worker'));
      if (kind === 'worker_sigkill') {
        const name = workers[Math.floor(rand() * workers.length)];
        log(`SIGKILL ${name}`);
        procs.get(name).child.kill('SIGKILL');
        fire(kind);
        await sleep(500);
        await launch(name, 'worker');
      } else if (kind === 'scheduler_sigkill') {
        const name = rand() < 0.5 ? 'scheduler-1' : 'scheduler-2';
        log(`SIGKILL ${name}`);
        procs.get(name).child.kill('SIGKILL');
        fire(kind);
        await sleep(500);
        await launch(name, 'scheduler');
      } else if (kind === 'redis_flush') {
        log('redis FLUSHALL');
        redis.flush();
        fire(kind);
      } else if (kind === 'redis_restart') {
        log('redis kill + restart');
        await redis.restart();
        fire(kind);
      } else if (kind === 'postgres_restart') {
        log('postgres fast restart');
        postgres.restart();
        fire(kind);
      } else if (kind === 'lease_pause') {
        const name = workers[Math.floor(rand() * workers.length)];
        const { child } = procs.get(name);
        log(`SIGSTOP ${name} past its lease`);
        child.kill('SIGSTOP');
        fire(kind);
        await sleep((LEASE_S + 4) * 1000);
        child.kill('SIGCONT');
        log(`SIGCONT ${name}`);
      }
    }
    watchRequests();
    for (const { name, rule } of platformRules) if (rule.fired > 0) fired[name] = rule.fired;
    log(`faults fired: ${JSON.stringify(fired)}`);
    log('nemesis off; settling');
    sandbox.clearFaults();
    const settleClient = new pg.Client({ connectionString: postgres.url });
    await settleClient.connect();
    // TikTok allows 6 inits per minute per account, so the last posts of a busy account can only
    // go minutes after their time: the settle budget grows with the posts per account.
    const settleEnd = Date.now() + Math.max(240_000, Math.ceil(ITEMS / ACCOUNTS) * 20_000);
    while (Date.now() < settleEnd) {
      const {
        rows: [{ open }],
      } = await settleClient.query(`SELECT count(*)::int AS open FROM publish_jobs WHERE status IN ('queued', 'active', 'waiting_retry')`);
      const {
        rows: [{ waiting }],
      } = await settleClient.query(`SELECT count(*)::int AS waiting FROM content_items WHERE status = 'scheduled'`);
      watchRequests();
      if (open === 0 && waiting === 0) break;
      // A revoked token makes its account's jobs wait for a reconnect: the marketer reconnects.
      const { rows: revoked } = await settleClient.query(
        `SELECT platform, remote_account_id AS "remoteId" FROM social_accounts WHERE status = 'needs_reconnect'`,
      );
      for (const account of revoked) {
        log(`reconnecting ${account.platform} ${account.remoteId}`);
        await connect(account.platform, account.remoteId);
      }
      await sleep(2000);
    }
    // Webhooks: the schedulers deliver the outbox; a sender killed mid-send leaves its delivery to
    // its lease (60 s), and a refused first attempt retries after ~10 s. Wait until none is open,
    // then read the targets and the outbox at the same moment.
    const webhookEnd = Date.now() + 240_000;
    while (Date.now() < webhookEnd) {
      const {
        rows: [{ open }],
      } = await settleClient.query(`SELECT count(*)::int AS open FROM webhook_deliveries WHERE status IN ('pending', 'delivering')`);
      if (open === 0) break;
      await sleep(2000);
    }
    // One snapshot for both reads: a publication posted in between would look like a stray event.
    await settleClient.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    const { rows } = await settleClient.query(
      `SELECT p.id AS "publicationId", ci.caption, sa.platform, ca.sha256, sa.remote_account_id AS "remoteAccountId", p.status, j.status AS "jobStatus",
              p.needs_review AS "needsReview", p.remote_media_id AS "remoteMediaId", p.error_code AS "errorCode", p.error_class AS "errorClass",
              extract(epoch FROM ci.scheduled_at) * 1000 AS "scheduledAt",
              (SELECT extract(epoch FROM min(e.at)) * 1000 FROM job_events e WHERE e.job_id = j.id AND e.type = 'claimed') AS "firstClaimAt"
         FROM content_item_targets t
         JOIN content_items ci ON ci.id = t.content_item_id
         JOIN content_assets ca ON ca.id = ci.asset_id
         JOIN social_accounts sa ON sa.id = t.social_account_id
         LEFT JOIN platform_publications p ON p.content_item_id = t.content_item_id AND p.social_account_id = t.social_account_id
         LEFT JOIN publish_jobs j ON j.publication_id = p.id`,
    );
    const { rows: events } = await settleClient.query(
      `SELECT id, data->>'publication_id' AS "publicationId" FROM webhook_events WHERE type = 'publication.posted'`,
    );
    await settleClient.query('COMMIT');
    await settleClient.end();
    const targets = rows.map((r) => ({
      ...r,
      publicationId: r.publicationId ?? `missing:${r.caption}`,
      status: r.status ?? 'missing',
      scheduledAt: Number(r.scheduledAt),
      firstClaimAt: r.firstClaimAt === null ? null : Number(r.firstClaimAt),
    }));
    const required = [...requiredFaults(driver), ...platformRules.filter((r) => r.required).map((r) => r.name), ...watched.map((w) => w.fault)];
    const verdict = checkChaos({
      targets,
      sandboxPosts: sandbox.inspect.publicPosts(),
      received: sandbox.inspect.received(),
      faults: { fired, required },
      maxFailedShare: MAX_FAILED_PERCENT / 100,
    });
    const webhooks = checkWebhooks({
      postedPublicationIds: targets.filter((t) => t.status === 'posted').map((t) => t.publicationId),
      events,
      deliveries: receiver.deliveries,
    });
    verdict.webhooks = webhooks;
    verdict.ok = verdict.ok && webhooks.ok;
    log(`${driver}: ${summaryLine(ITEMS, verdict)}`);
    log(`${driver}: ${webhookSummaryLine(webhooks)} (${receiver.refused()} first attempts refused on purpose)`);
    if (!webhooks.ok) log(JSON.stringify(webhooks.problems).slice(0, 2000));
    if (!verdict.ok) log(JSON.stringify(Object.fromEntries(Object.entries(verdict.problems).filter(([, list]) => list.length > 0))).slice(0, 4000));
    writeFileSync(join(ARTIFACTS, `verdict-${driver}-seed${SEED}.json`), JSON.stringify(verdict, null, 2));
    return { driver, verdict };
  } finally {
    for (const { child } of procs.values()) {
      try {
        child.kill('SIGCONT');
        child.kill('SIGKILL');
      } catch {}
    }
    await running.close();
    receiver.close();
    redis?.stop();
    postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = [];
for (const driver of DRIVERS) results.push(await runOnce(driver));
const ok = results.every((r) => r.verdict.ok);
process.stdout.write(
  `${JSON.stringify({ bench: 'chaos', seed: SEED, items: ITEMS, window_s: WINDOW_S, left_out: [...new Set(LEFT_OUT)], results: results.map((r) => ({ driver: r.driver, ok: r.verdict.ok, targets: r.verdict.targets, posted: r.verdict.posted, duplicates: r.verdict.duplicates, lost: r.verdict.lost, disagreements: r.verdict.disagreements, failed: r.verdict.failed, strays: r.verdict.strays, faults_fired: r.verdict.faultsFired, needs_review: r.verdict.needsReview.length, lateness_p50_ms: r.verdict.latenessP50Ms, lateness_p99_ms: r.verdict.latenessP99Ms, webhooks: { ok: r.verdict.webhooks.ok, posted: r.verdict.webhooks.posted, events: r.verdict.webhooks.events, delivered: r.verdict.webhooks.delivered, redelivered: r.verdict.webhooks.redelivered } })) })}\n`,
);
process.exit(ok ? 0 : 1);
