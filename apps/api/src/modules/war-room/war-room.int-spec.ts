import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { DataSource } from 'typeorm';

import { inDays, insertSocialAccount } from '../../../test/factories.js';
import { connectSandboxAccounts, startPipeline, waitFor } from '../../../test/pipeline-fixture.js';
import { addMember, setupOwner, type SessionClient } from '../../../test/session-client.js';
import { openSse, type SseEvent, type SseStream } from '../../../test/sse-client.js';
import { startTestApp } from '../../../test/test-app.js';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../../../test/test-database.js';
import { findProjectRoot } from '../config/app-config.js';
import { EventBus } from '../events/event-bus.js';
import { TokensService } from '../tokens/tokens.service.js';

const ROOT = findProjectRoot(process.cwd());
const MAIN = join(ROOT, 'apps', 'api', 'dist', 'main.js');
const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

/** Prometheus text format → samples; enough to check names, labels and values. */
function parseMetrics(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((line) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
      if (!m) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1]!, x[2]!]));
      return { name: m[1]!, labels, value: Number(m[3]) };
    });
}

/** Collects what an alert webhook receives. */
async function startReceiver(): Promise<{
  url: string;
  calls: { headers: IncomingHttpHeaders; body: { alert: { rule: string; workspaceId: string } } }[];
  close(): Promise<void>;
}> {
  const calls: { headers: IncomingHttpHeaders; body: { alert: { rule: string; workspaceId: string } } }[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      calls.push({ headers: req.headers, body: JSON.parse(raw) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, calls, close: () => new Promise((r) => server.close(() => r())) };
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });

describe('war room: state, live events across processes, automations, metrics, alerts (PostgreSQL)', () => {
  let db: TestDatabase;
  let pipeline: Awaited<ReturnType<typeof startPipeline>>;
  let sql: DataSource;
  let owner: SessionClient;
  let workspaceId: string;
  let accounts: { tiktok: string; instagram: string };
  let baseUrl: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let worker: ChildProcess | undefined;
  let workerPort: number;
  let workerDataDir: string;
  let workerLog = '';
  const encryptionKeys = `1:${randomBytes(32).toString('base64')}`;
  const streams: SseStream[] = [];
  const cookie = (client: SessionClient) => ({ cookie: `mwr_session=${client.sessionToken}` });
  const stream = async (client: SessionClient, headers: Record<string, string> = {}) => {
    const s = await openSse(`${baseUrl}/api/marketing-war-room/events`, { ...cookie(client), ...headers });
    streams.push(s);
    return s;
  };

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error(`build the API first (cd ${ROOT} && npx nx run-many -t build -p @mwr/api): ${MAIN} is missing`);
    db = await createTestDatabase('war_room');
    receiver = await startReceiver();
    // This process is the API and the scheduler; the publishing worker is another process.
    pipeline = await startPipeline({
      DATABASE_URL: db.url,
      ROLES: 'api,scheduler',
      ENCRYPTION_KEYS: encryptionKeys,
      METRICS_TOKEN,
      ALERT_WEBHOOK_URL: receiver.url,
      // The receiver is on loopback; production refuses internal targets.
      ALLOW_INTERNAL_URLS: 'true',
      ALERT_QUEUE_DEPTH: '3',
      ALERT_EVAL_INTERVAL_MS: '300',
      SSE_REPLAY_LIMIT: '10',
      SSE_HEARTBEAT_MS: '1000',
      // The operator's own Instagram publish quota replaces the registry's default in Account Health.
      INSTAGRAM_PUBLISH_QUOTA: '25',
    });
    sql = pipeline.app.app.get(DataSource);
    await pipeline.app.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(pipeline.app.app.getHttpServer().address() as AddressInfo).port}`;
    owner = await setupOwner(pipeline.app.app.getHttpServer());
    workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
    accounts = await connectSandboxAccounts(sql, pipeline.app.app.get(TokensService), pipeline.sandbox, workspaceId);

    workerPort = await freePort();
    workerDataDir = mkdtempSync(join(tmpdir(), 'mwr-worker-'));
    const urls = pipeline.running.urls;
    worker = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        ROLES: 'worker',
        DATABASE_URL: db.url,
        DATA_DIR: workerDataDir,
        PORT: String(workerPort),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'json',
        ENCRYPTION_KEYS: encryptionKeys,
        METRICS_TOKEN,
        PLATFORM_MODE: 'live',
        TIKTOK_AUTH_URL: urls.tiktokAuthUrl,
        TIKTOK_API_BASE_URL: urls.tiktokApiBaseUrl,
        INSTAGRAM_AUTH_URL: urls.instagramAuthUrl,
        INSTAGRAM_GRAPH_BASE_URL: urls.instagramGraphBaseUrl,
        FACEBOOK_GRAPH_BASE_URL: urls.facebookGraphBaseUrl,
        TIKTOK_CLIENT_KEY: 'sbx_tiktok_client_key',
        TIKTOK_CLIENT_SECRET: 'sbx_tiktok_client_secret',
        META_APP_ID: '990000000000001',
        META_APP_SECRET: 'sbx_instagram_app_secret',
        GLOBAL_JOB_STARTS_PER_SECOND: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout!.on('data', (c: Buffer) => (workerLog += c.toString()));
    worker.stderr!.on('data', (c: Buffer) => (workerLog += c.toString()));
    await waitFor(async () => workerLog.includes('is running at'), `the worker process to boot:\n${workerLog}`);
  });

  afterAll(async () => {
    for (const s of streams) s.close();
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await new Promise((r) => worker!.once('exit', r));
    }
    await pipeline?.close();
    await receiver?.close();
    await db?.drop();
    if (workerDataDir) rmSync(workerDataDir, { recursive: true, force: true });
  });

  it('serves the state document of the caller’s workspace only', async () => {
    // Workspace B, with its own account: invisible from A.
    const [wsB] = await sql.query(`INSERT INTO workspaces (name, slug) VALUES ('Brand B', 'brand-b-' || substr(md5(random()::text), 1, 6)) RETURNING id`);
    const accountB = await insertSocialAccount(sql, wsB.id, 'tiktok', 'b_only');
    await sql.query(
      `INSERT INTO trend_entries (workspace_id, kind, label, source) VALUES ($1, 'hashtag', '#a-trend', 'manual'), ($2, 'hashtag', '#b-trend', 'manual')`,
      [workspaceId, wsB.id],
    );

    const state = (await owner.get('/api/marketing-war-room/state').expect(200)).body;
    expect(Object.keys(state).sort()).toEqual(['alerts', 'automations', 'eventId', 'generatedAt', 'health', 'queue', 'trends']);
    expect(state.queue).toMatchObject({
      counts: { queued: 0, active: 0, waitingRetry: 0, needsReview: 0 },
      upcoming: [],
      inFlight: [],
      recent: { items: [], nextCursor: null },
    });
    expect(state.automations.map((a: { key: string }) => a.key)).toEqual(['ig_welcome_dm', 'tiktok_warmup', 'auto_reposter']);
    expect(state.automations[0]).toMatchObject({ enabled: false, config: { requireOptIn: true }, lastRunAt: null });
    expect(state.health.map((h: { accountId: string }) => h.accountId).sort()).toEqual([accounts.tiktok, accounts.instagram].sort());
    expect(state.health.map((h: { accountId: string }) => h.accountId)).not.toContain(accountB);
    const tiktok = state.health.find((h: { platform: string }) => h.platform === 'tiktok');
    expect(tiktok).toMatchObject({
      token: { valid: true, refreshable: true, expiresInSeconds: expect.any(Number) },
      rateLimits: expect.arrayContaining([expect.objectContaining({ name: 'tiktok:init', limit: 6, used: 0, remaining: 6, windowSeconds: 60 })]),
      failures24h: { finished: 0, failed: 0, rate: null },
      cadence: { postsLast7Days: 0, targetPerWeek: null, status: 'no_target' },
      lastError: null,
    });
    // The platform registry's limits, per account: TikTok's per-token windows, Instagram's 24 h publish quota (as configured).
    expect(tiktok.rateLimits.map((l: { name: string }) => l.name)).toEqual(['tiktok:creator_info', 'tiktok:init', 'tiktok:status']);
    const instagram = state.health.find((h: { platform: string }) => h.platform === 'instagram');
    expect(instagram.rateLimits).toEqual([{ name: 'instagram:publish', limit: 25, used: 0, remaining: 25, windowSeconds: 86_400 }]);
    expect(state.trends.map((t: { label: string }) => t.label)).toEqual(['#a-trend']);
    expect(state.alerts).toEqual([]);
  });

  it('streams QUEUE_UPDATED as a publication progresses in a worker in another process', async () => {
    const events = await stream(owner);
    expect(events.status).toBe(200);
    const video = pipeline.video;
    const storageKey = `assets/${randomBytes(6).toString('hex')}.mp4`;
    mkdirSync(dirname(join(workerDataDir, 'media', storageKey)), { recursive: true });
    writeFileSync(join(workerDataDir, 'media', storageKey), video);
    const [asset] = await sql.query(
      `INSERT INTO content_assets (workspace_id, storage_key, original_filename, mime, bytes, sha256, duration_ms, width, height, status)
       VALUES ($1, $2, 'launch.mp4', 'video/mp4', $3, $4, 8000, 1080, 1920, 'ready') RETURNING id`,
      [workspaceId, storageKey, video.length, createHash('sha256').update(video).digest('hex')],
    );
    const item = (
      await owner
        .post('/api/content-items', {
          title: 'Cross-process',
          caption: 'Live lanes',
          assetId: asset.id,
          scheduledAt: new Date(Date.now() + 1000).toISOString(),
          timeZone: 'UTC',
          targets: [{ accountId: accounts.tiktok, options: { privacyLevel: 'PUBLIC_TO_EVERYONE' } }],
        })
        .expect(201)
    ).body;

    const posted = await events
      .waitFor((e) => e.event === 'QUEUE_UPDATED' && (e.data as { status: string }).status === 'posted', 'the publication to be posted')
      .catch((error: Error) => {
        throw new Error(`${error.message}\nworker log:\n${workerLog.slice(-3000)}`);
      });
    const updates = events.events.filter((e) => e.event === 'QUEUE_UPDATED') as (SseEvent & {
      data: { contentItemId: string; status: string; step: string | null; eventType: string | null };
    })[];
    expect(updates.every((u) => u.data.contentItemId === item.id)).toBe(true);
    // The scheduler's `queued` and the worker's `claimed` rows are announced too: a new lane appears live.
    expect(updates.map((u) => u.data.eventType)).toEqual(expect.arrayContaining(['queued', 'claimed', 'started', 'step_finished', 'succeeded']));
    expect(updates.some((u) => u.data.status === 'uploading' || u.data.step === 'upload')).toBe(true);
    // Durable ids increase in the order they were sent.
    const durable = updates.filter((u) => u.id && /^\d+$/.test(u.id)).map((u) => BigInt(u.id!));
    expect(durable).toEqual([...durable].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(posted.data).toMatchObject({ platform: 'tiktok', accountId: accounts.tiktok, jobStatus: 'succeeded' });
    // The account's health follows.
    await events.waitFor((e) => e.event === 'HEALTH_UPDATED' && (e.data as { accountId: string }).accountId === accounts.tiktok, 'HEALTH_UPDATED');

    // It really was the other process that ran it.
    const [claim] = await sql.query(`SELECT data->>'worker' AS worker FROM job_events WHERE type = 'claimed' AND workspace_id = $1 LIMIT 1`, [workspaceId]);
    expect(claim.worker).toContain(`:${worker!.pid}:`);
    expect(events.comments).toBeGreaterThan(0);
  });

  it('lets an admin toggle an automation (200 + STATE_PATCH) and refuses an editor (403)', async () => {
    const events = await stream(owner);
    const res = await owner.post('/api/marketing-war-room/automations/tiktok_warmup', { enabled: true, config: { postsPerDayByWeek: [1, 2, 3] } }).expect(200);
    expect(res.body).toMatchObject({ key: 'tiktok_warmup', enabled: true, config: { postsPerDayByWeek: [1, 2, 3], autoSpread: false } });
    const patch = await events.waitFor((e) => e.event === 'STATE_PATCH', 'STATE_PATCH');
    // The answer adds the set-up warnings of this toggle; the live patch is the automation itself.
    const { warnings, ...automation } = res.body;
    expect(warnings).toEqual([]);
    expect(patch.data).toEqual([{ op: 'replace', path: '/automations/tiktok_warmup', value: automation }]);
    const [audit] = await sql.query(
      `SELECT action, target_id AS "targetId" FROM audit_log WHERE workspace_id = $1 AND action LIKE 'automation.%' ORDER BY id DESC LIMIT 1`,
      [workspaceId],
    );
    expect(audit).toEqual({ action: 'automation.enabled', targetId: 'tiktok_warmup' });

    await owner.post('/api/marketing-war-room/automations/no_such_thing', { enabled: true }).expect(404);
    const bad = await owner.post('/api/marketing-war-room/automations/ig_welcome_dm', { enabled: true, config: { replyWithinHours: 48 } }).expect(400);
    expect(bad.body.code).toBe('INVALID_AUTOMATION_CONFIG');
    await owner
      .post('/api/marketing-war-room/automations/auto_reposter', { enabled: true, config: { targetAccountIds: ['00000000-0000-4000-8000-000000000000'] } })
      .expect(400);
    await owner.post('/api/marketing-war-room/automations/ig_welcome_dm', { enabled: 'yes' }).expect(400);

    const editor = await addMember(pipeline.app.app.getHttpServer(), owner, 'editor@example.com', 'editor');
    const refused = await editor.client.post('/api/marketing-war-room/automations/ig_welcome_dm', { enabled: true }).expect(403);
    expect(refused.body.code).toBe('INSUFFICIENT_ROLE');
    // Editors still see the war room.
    await editor.client.get('/api/marketing-war-room/state').expect(200);
  });

  it('replays the missed events in order after a reconnect with Last-Event-ID, or asks for a resync', async () => {
    const first = await stream(owner);
    await owner.post('/api/marketing-war-room/automations/ig_welcome_dm', { enabled: true }).expect(200);
    const seen = await first.waitFor((e) => e.event === 'STATE_PATCH', 'STATE_PATCH');
    first.close();
    await first.closed;

    const missed: string[] = [];
    for (const [key, enabled] of [
      ['ig_welcome_dm', false],
      ['auto_reposter', true],
      ['ig_welcome_dm', true],
    ] as const) {
      await owner.post(`/api/marketing-war-room/automations/${key}`, { enabled }).expect(200);
      missed.push(`${key}:${enabled}`);
    }
    const again = await stream(owner, { 'last-event-id': first.lastEventId ?? seen.id! });
    await waitFor(async () => again.events.length >= 3, 'the replay');
    const replayed = again.events.map((e) => {
      const op = (e.data as { value: { key: string; enabled: boolean } }[])[0]!;
      return `${op.value.key}:${op.value.enabled}`;
    });
    expect(replayed).toEqual(missed);
    const ids = again.events.map((e) => BigInt(e.id!));
    expect(ids.every((id, i) => id > BigInt(seen.id!) && (i === 0 || id > ids[i - 1]!))).toBe(true);
    // Not job events: they live in workspace_events (one id sequence with job_events, so replay merges by id).
    const [stored] = await sql.query(
      `SELECT (SELECT count(*)::int FROM job_events WHERE workspace_id = $1 AND type IN ('automation_updated', 'alerts_changed')) AS "inJobEvents",
              (SELECT count(*)::int FROM workspace_events WHERE workspace_id = $1 AND type = 'automation_updated' AND id = ANY($2::bigint[])) AS "replayedFromWorkspaceEvents"`,
      [workspaceId, ids.map(String)],
    );
    expect(stored).toEqual({ inJobEvents: 0, replayedFromWorkspaceEvents: 3 });

    // Further back than the replay buffer (SSE_REPLAY_LIMIT=10), or an id it never sent: RESYNC.
    const tooOld = await stream(owner, { 'last-event-id': '0' });
    const resync = await tooOld.waitFor((e) => e.event === 'RESYNC', 'RESYNC');
    expect(resync.data).toEqual({ reason: 'replay_window_exceeded' });
    const garbage = await stream(owner, { 'last-event-id': 'not-an-id' });
    expect((await garbage.waitFor((e) => e.event === 'RESYNC', 'RESYNC')).data).toEqual({ reason: 'unknown_event_id' });
  });

  it('fires the queue-depth alert once, shows it in the state and delivers it to the webhook once', async () => {
    const wsB = (await owner.post('/api/workspaces', { name: 'Alerting' }).expect(201)).body;
    const accountB = await insertSocialAccount(sql, wsB.id, 'tiktok');
    // Watching before the jobs exist, so the alert's STATE_PATCH cannot come before the stream starts.
    await owner.post('/api/auth/switch-workspace', { workspaceId: wsB.id }).expect(200);
    const events = await stream(owner);
    await waitFor(async () => events.lastEventId !== undefined, 'the stream to start');
    const [itemB] = await sql.query(
      `INSERT INTO content_items (workspace_id, title, scheduled_at, status) VALUES ($1, 'Later', $2, 'publishing') RETURNING id`,
      [wsB.id, inDays(2)],
    );
    /** One more open job on a new account, due tomorrow so no worker takes it. */
    const openJob = async (acct: string) => {
      const [pub] = await sql.query(
        `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform) VALUES ($1, $2, $3, 'tiktok') RETURNING id`,
        [wsB.id, itemB.id, acct],
      );
      await sql.query(
        `INSERT INTO publish_jobs (workspace_id, publication_id, idempotency_key, status, run_at, account_id, platform) VALUES ($1, $2::uuid, 'publication:' || $2::text, 'queued', now() + interval '1 day', $3, 'tiktok')`,
        [wsB.id, pub.id, acct],
      );
    };
    const alertsPatch = (value: number) =>
      events.waitFor(
        (e) =>
          e.event === 'STATE_PATCH' &&
          (e.data as { path: string; value: { rule: string; value: number }[] }[])[0]?.path === '/alerts' &&
          (e.data as { value: { value: number }[] }[])[0]!.value[0]?.value === value,
        `the alerts patch with a queue depth of ${value}`,
      );
    // Four open jobs (threshold 3).
    await openJob(accountB);
    for (let i = 1; i < 4; i++) await openJob(await insertSocialAccount(sql, wsB.id, 'tiktok'));
    const call = await waitFor(async () => receiver.calls.find((c) => c.body.alert.workspaceId === wsB.id), 'the webhook');
    expect(call.body.alert).toMatchObject({ rule: 'queue_depth', severity: 'warning', value: 4, threshold: 3 });
    expect(call.headers['content-type']).toContain('application/json');
    const patch = await alertsPatch(4);
    expect((patch.data as { value: { rule: string }[] }[])[0]!.value.map((a) => a.rule)).toEqual(['queue_depth']);
    const state = (await owner.get('/api/marketing-war-room/state').expect(200)).body;
    expect(state.alerts).toEqual([expect.objectContaining({ rule: 'queue_depth', value: 4 })]);
    expect(state.queue.counts.queued).toBe(4);
    const [first] = await sql.query(`SELECT id FROM alerts WHERE workspace_id = $1`, [wsB.id]);

    // Later evaluations, made visible: each new job changes the alert's figure, which the next
    // evaluation announces. Evaluations never overlap and each delivers before the next starts, so
    // once the depth of 6 is announced, the one that saw 5 has delivered whatever it would.
    for (const depth of [5, 6]) {
      await openJob(await insertSocialAccount(sql, wsB.id, 'tiktok'));
      await alertsPatch(depth);
    }
    // Still the same single alert, kept current, and still one delivery.
    expect(await sql.query(`SELECT id, value FROM alerts WHERE workspace_id = $1`, [wsB.id])).toEqual([{ id: first.id, value: 6 }]);
    expect(receiver.calls.filter((c) => c.body.alert.workspaceId === wsB.id)).toHaveLength(1);
    await owner.post('/api/auth/switch-workspace', { workspaceId }).expect(200);
  });

  it('exposes Prometheus metrics to a scraper with the token, from the API and the worker', async () => {
    await fetch(`${baseUrl}/metrics`).then((r) => expect(r.status).toBe(403));
    await fetch(`${baseUrl}/metrics`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } }).then((r) => expect(r.status).toBe(403));
    const api = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(api.status).toBe(200);
    expect(api.headers.get('content-type')).toContain('text/plain');
    const samples = parseMetrics(await api.text());
    const names = new Set(samples.map((s) => s.name));
    for (const name of [
      'mwr_queue_depth',
      'mwr_queue_lag_seconds',
      'mwr_token_expiry_seconds',
      'mwr_sse_clients',
      'mwr_process_resident_memory_bytes',
      'mwr_job_error_rate_1h',
    ])
      expect(names).toContain(name);
    expect(samples.find((s) => s.name === 'mwr_queue_depth' && s.labels.state === 'queued')?.value).toBeGreaterThanOrEqual(4);
    expect(samples.find((s) => s.name === 'mwr_token_expiry_seconds' && s.labels.account_id === accounts.tiktok)?.value).toBeGreaterThan(0);
    expect(samples.find((s) => s.name === 'mwr_sse_clients')!.value).toBeGreaterThanOrEqual(1);

    // Job and step latencies are observed where the jobs run: the worker process.
    const fromWorker = parseMetrics(
      await (await fetch(`http://127.0.0.1:${workerPort}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text(),
    );
    expect(
      fromWorker.find((s) => s.name === 'mwr_job_duration_seconds_count' && s.labels.platform === 'tiktok' && s.labels.outcome === 'succeeded')?.value,
    ).toBe(1);
    expect(fromWorker.filter((s) => s.name === 'mwr_step_duration_seconds_count' && s.labels.platform === 'tiktok').length).toBeGreaterThan(1);

    const ready = (await owner.get('/api/health/ready').expect(200)).body;
    expect(ready.info.queue).toMatchObject({ status: 'up', lagSeconds: expect.any(Number), due: expect.any(Number) });
  });
});

describe('war room: ephemeral events over Redis pub/sub', () => {
  let db: TestDatabase;
  let api: Awaited<ReturnType<typeof startTestApp>>;
  let other: Awaited<ReturnType<typeof startTestApp>>;

  beforeAll(async () => {
    db = await createTestDatabase('war_room_redis');
    api = await startTestApp({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, ROLES: 'api' });
    other = await startTestApp({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, ROLES: 'worker' });
    await api.app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await other?.close();
    await api?.close();
    await db?.drop();
  });

  it('delivers a progress tick published by another app instance as QUEUE_UPDATED', async () => {
    const owner = await setupOwner(api.app.getHttpServer());
    const workspaceId = (await owner.get('/api/auth/me')).body.workspace.id;
    const sql = api.app.get(DataSource);
    const account = await insertSocialAccount(sql, workspaceId, 'tiktok');
    const [item] = await sql.query(
      `INSERT INTO content_items (workspace_id, title, scheduled_at, status) VALUES ($1, 'Up', now(), 'publishing') RETURNING id`,
      [workspaceId],
    );
    const [pub] = await sql.query(
      `INSERT INTO platform_publications (workspace_id, content_item_id, social_account_id, platform, status) VALUES ($1, $2, $3, 'tiktok', 'uploading') RETURNING id`,
      [workspaceId, item.id, account],
    );
    const port = (api.app.getHttpServer().address() as AddressInfo).port;
    const events = await openSse(`http://127.0.0.1:${port}/api/marketing-war-room/events`, { cookie: `mwr_session=${owner.sessionToken}` });
    try {
      await waitFor(async () => events.lastEventId !== undefined, 'the stream to start');
      expect(other.app.get(EventBus).transport).toBe('postgres-listen+redis');
      await other.app.get(EventBus).publish({ kind: 'progress', workspaceId, publicationId: pub.id, progressBytes: 512, totalBytes: 1024 });
      const tick = await events.waitFor((e) => e.event === 'QUEUE_UPDATED', 'the progress tick');
      expect(tick.data).toMatchObject({ publicationId: pub.id, progressBytes: 512, totalBytes: 1024, eventType: null });
      expect(tick.id).toMatch(/^\d+\.\d+$/);
    } finally {
      events.close();
    }
  });
});
