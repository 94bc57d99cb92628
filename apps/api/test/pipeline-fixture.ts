import { randomBytes } from 'node:crypto';

import type { DataSource } from 'typeorm';

import { buildMp4, createSandbox, sandboxEnv, type RunningSandbox, type Sandbox, type SandboxOptions } from '@mwr/platform-sandbox';
import { bufferMediaSource } from '@mwr/publishers';

import { MEDIA_RESOLVER, type MediaResolver } from '../src/modules/publishing/media-resolver.js';
import { TokensService } from '../src/modules/tokens/tokens.service.js';
import { startMediaServer } from './media-server.js';
import { startTestApp, type TestApp } from './test-app.js';

/** Pipeline tests wait on conditions with the shared ceiling (./wait.ts). */
export { waitFor } from './wait.js';

export const TIKTOK_CREATOR = 'tt-open-public-0001';
export const IG_USER = '17841400000000001';

/** What depends on where the test media is served (`mediaUrl`, e.g. http://127.0.0.1:PORT; the video is at /video.mp4). */
type PerMedia<T> = T | ((media: { mediaUrl: string }) => T);

/**
 * A sandbox server, a small real MP4 served over HTTP, and the product pointed at both: what a
 * pipeline test needs. The media resolver is the one seam replaced (storage is the assets
 * module's concern); platforms, database and queue are all real.
 */
export async function startPipeline(envOrFn: PerMedia<Record<string, string>>, sandboxOptionsOrFn: PerMedia<SandboxOptions> = {}) {
  const video = buildMp4({ durationSec: 8, width: 1080, height: 1920, seed: 7 });
  const media = await startMediaServer({ '/video.mp4': video });
  const env = typeof envOrFn === 'function' ? envOrFn({ mediaUrl: media.url }) : envOrFn;
  const sandboxOptions = typeof sandboxOptionsOrFn === 'function' ? sandboxOptionsOrFn({ mediaUrl: media.url }) : sandboxOptionsOrFn;
  const sandbox: Sandbox = createSandbox({
    clock: 'real',
    tiktok: { processingMs: 300, moderationMs: 100, ...(sandboxOptions.tiktok ?? {}) },
    instagram: { processingMs: 300, ...(sandboxOptions.instagram ?? {}) },
    // The platforms' crawlers fetch the test media from loopback (sandbox SSRF guard allowance).
    allowedFetchOrigins: [media.url],
    ...sandboxOptions,
  } as SandboxOptions);
  const running: RunningSandbox = await sandbox.listen({ port: 0, host: '127.0.0.1' });
  const resolver: MediaResolver = {
    resolve: async () => ({
      descriptor: { size: video.length, mime: 'video/mp4', durationSec: 8, width: 1080, height: 1920, publicUrl: `${media.url}/video.mp4` },
      source: bufferMediaSource(video, 'video/mp4'),
    }),
  };
  const app: TestApp = await startTestApp(
    {
      PLATFORM_MODE: 'live',
      // Every mount's hosts under the variables the product reads (YouTube's too); a platform still needs its client set to be used.
      ...Object.fromEntries(sandboxEnv(running.urls)),
      TIKTOK_AUTH_URL: running.urls.tiktokAuthUrl,
      TIKTOK_API_BASE_URL: running.urls.tiktokApiBaseUrl,
      INSTAGRAM_AUTH_URL: running.urls.instagramAuthUrl,
      INSTAGRAM_GRAPH_BASE_URL: running.urls.instagramGraphBaseUrl,
      FACEBOOK_GRAPH_BASE_URL: running.urls.facebookGraphBaseUrl,
      TIKTOK_CLIENT_KEY: 'sbx_tiktok_client_key',
      TIKTOK_CLIENT_SECRET: 'sbx_tiktok_client_secret',
      META_APP_ID: '990000000000001',
      META_APP_SECRET: 'sbx_instagram_app_secret',
      ENCRYPTION_KEYS: `1:${randomBytes(32).toString('base64')}`,
      SCHEDULER_TICK_MS: '200',
      GLOBAL_JOB_STARTS_PER_SECOND: '0',
      ...env,
    },
    { overrides: [{ token: MEDIA_RESOLVER, value: resolver }] },
  );
  return {
    sandbox,
    running,
    app,
    video,
    mediaUrl: media.url,
    async close() {
      await app.close();
      await running.close();
      await media.close();
    },
  };
}

/** Connected accounts with real sandbox tokens, without the browser dance (the accounts suite covers that). */
export async function connectSandboxAccounts(
  sql: DataSource,
  tokens: TokensService,
  sandbox: Sandbox,
  workspaceId: string,
): Promise<{ tiktok: string; instagram: string }> {
  const [tt] = await sql.query(
    `INSERT INTO social_accounts (workspace_id, platform, remote_account_id, handle, capabilities)
     VALUES ($1, 'tiktok', $2, 'sandbox.public', '{"privacyLevelOptions":["PUBLIC_TO_EVERYONE","MUTUAL_FOLLOW_FRIENDS","SELF_ONLY"],"maxVideoPostDurationSec":300}') RETURNING id`,
    [workspaceId, TIKTOK_CREATOR],
  );
  const [ig] = await sql.query(
    `INSERT INTO social_accounts (workspace_id, platform, remote_account_id, handle) VALUES ($1, 'instagram', $2, 'sandbox.business') RETURNING id`,
    [workspaceId, IG_USER],
  );
  const ttToken = sandbox.actions.mintTikTokToken({ openId: TIKTOK_CREATOR }) as { access_token: string; refresh_token: string; expires_in: number };
  await tokens.store(workspaceId, tt.id, {
    accessToken: ttToken.access_token,
    refreshToken: ttToken.refresh_token,
    expiresInSec: ttToken.expires_in,
    scopes: ['video.publish'],
  });
  const igToken = sandbox.actions.mintInstagramToken({ igUserId: IG_USER }) as { access_token: string; expires_in: number };
  await tokens.store(workspaceId, ig.id, {
    accessToken: igToken.access_token,
    expiresInSec: igToken.expires_in,
    scopes: ['instagram_business_content_publish'],
  });
  return { tiktok: tt.id, instagram: ig.id };
}
