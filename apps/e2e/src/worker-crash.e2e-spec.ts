import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { buildMp4, createSandbox, type RunningSandbox, type Sandbox } from '@mwr/platform-sandbox';

import { UI_CEILING_MS } from './browser';
import { approveConsent } from './consent';
import { HttpSession, OWNER } from './http-session';
import { freshDatabase, psql } from './postgres';
import { freePort, runApi, startServer, tempDataDir, waitForReady } from './server-process';

const REDIS_URL = 'redis://127.0.0.1:6379/10';

async function until<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each([
  ['Postgres driver', {} as Record<string, string>],
  ['BullMQ driver', { REDIS_URL }],
])('a worker killed mid-upload (%s)', (_name, driverEnv) => {
  let sandbox: Sandbox;
  let running: RunningSandbox;

  beforeAll(async () => {
    sandbox = createSandbox({ clock: 'real', tiktok: { processingMs: 200, moderationMs: 100 } as never });
    running = await sandbox.listen({ port: 0, host: '127.0.0.1' });
    // Every chunk takes a while, so the kill lands between two acknowledged chunks.
    sandbox.addFault({ match: { endpoint: 'tiktok.upload' }, kind: 'slow', delayMs: 1500 });
  });
  afterAll(() => running?.close());

  it('is resumed by another worker from its checkpoint, with the same publish_id, and TikTok gets one post', async () => {
    const db = freshDatabase('crash');
    const data = tempDataDir();
    const env = {
      DATABASE_URL: db.url,
      DATA_DIR: data.dir,
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
      ENCRYPTION_KEYS: `1:${Buffer.alloc(32, 3).toString('base64')}`,
      JOB_LEASE_SECONDS: '5',
      SCHEDULER_TICK_MS: '200',
      ...driverEnv,
    };
    const api = await startServer({ ...env, ROLES: 'api,scheduler' });
    const workers: ReturnType<typeof runApi>[] = [];
    const startWorker = async () => {
      const port = await freePort();
      const worker = runApi({ ...env, ROLES: 'worker', PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: api.url });
      await waitForReady(`http://127.0.0.1:${port}`, worker.exited, worker.output);
      workers.push(worker);
      return worker;
    };
    try {
      const owner = new HttpSession(api.url);
      expect((await owner.request('POST', '/api/auth/setup', OWNER)).status).toBe(201);
      const { authorizeUrl } = (await owner.request('POST', '/api/accounts/connect/tiktok')).body as { authorizeUrl: string };
      const back = await approveConsent(authorizeUrl);
      await owner.request('GET', `${back.pathname}${back.search}`);
      const [account] = (await owner.request('GET', '/api/accounts')).body as { id: string }[];

      // A 22 MB video in storage: three chunks under TikTok's rules.
      const video = buildMp4({ durationSec: 20, width: 1080, height: 1920, totalBytes: 22_000_000 });
      mkdirSync(join(data.dir, 'media', 'assets'), { recursive: true });
      writeFileSync(join(data.dir, 'media', 'assets', 'crash.mp4'), video);
      const workspaceId = ((await owner.request('GET', '/api/auth/me')).body as { workspace: { id: string } }).workspace.id;
      const assetId = psql(
        db.url,
        `INSERT INTO content_assets (workspace_id, storage_key, original_filename, mime, bytes, sha256, status)
         VALUES ('${workspaceId}', 'assets/crash.mp4', 'crash.mp4', 'video/mp4', ${video.length}, '${createHash('sha256').update(video).digest('hex')}', 'ready') RETURNING id`,
      ).split('\n')[0]!;
      const created = await owner.request('POST', '/api/content-items', {
        title: 'Crash test',
        caption: 'resume me',
        assetId,
        scheduledAt: new Date(Date.now() + 1000).toISOString(),
        timeZone: 'UTC',
        targets: [{ accountId: account!.id, options: { privacyLevel: 'SELF_ONLY' } }],
      });
      expect(created.status).toBe(201);

      const first = await startWorker();
      const publishId = await until(
        () => {
          const [checkpoint] = psql(db.url, `SELECT checkpoint::text FROM publish_jobs`).split('\n');
          const parsed = checkpoint ? (JSON.parse(checkpoint) as { publishId?: string; bytesConfirmed?: number; step?: string }) : undefined;
          return parsed && parsed.step === 'upload' && (parsed.bytesConfirmed ?? 0) > 0 && parsed.publishId;
        },
        UI_CEILING_MS,
        'the first chunk to be acknowledged',
      );
      first.child.kill('SIGKILL');
      await first.exited;

      await startWorker();
      const status = await until(
        () => {
          const s = psql(db.url, `SELECT status FROM platform_publications`);
          return ['posted', 'failed'].includes(s) && s;
        },
        UI_CEILING_MS,
        'the publication to finish',
      );
      expect(status).toBe('posted');
      const finalCheckpoint = JSON.parse(psql(db.url, 'SELECT checkpoint::text FROM publish_jobs')) as { publishId?: string };
      expect(finalCheckpoint.publishId).toBe(publishId);
      expect(sandbox.inspect.requests({ endpoint: 'tiktok.video.init' })).toHaveLength(1);
      expect(sandbox.inspect.publicPosts({ platform: 'tiktok' })).toHaveLength(1);
      const claims = Number(psql(db.url, `SELECT count(*) FROM job_events WHERE type = 'claimed'`));
      expect(claims).toBeGreaterThanOrEqual(2);
    } finally {
      for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
      await api.stop();
      sandbox.reset();
      sandbox.addFault({ match: { endpoint: 'tiktok.upload' }, kind: 'slow', delayMs: 1500 });
      data.remove();
      db.drop();
    }
  });
});
