/**
 * Test helpers (not part of the build) for the OAuth providers: a sandbox on loopback, the deps
 * the app would pass (its URLs and the sandbox's demo client keys), and the browser's part of the
 * consent dance over plain HTTP.
 */
// eslint-disable-next-line @nx/enforce-module-boundaries -- tests run the OAuth providers against the sandbox (issue 9)
import { createSandbox, defaultSeedData, type RunningSandbox, type Sandbox } from '@mwr/platform-sandbox';

import type { InstagramSettings } from '../instagram/settings.js';
import type { OAuthProviderDeps } from '../oauth.js';
import type { TikTokSettings } from '../tiktok/settings.js';
import type { XSettings } from '../x/settings.js';
import type { YouTubeSettings } from '../youtube/settings.js';

export interface OAuthSandbox {
  sb: Sandbox;
  running: RunningSandbox;
  /** What the app's typed config would hand each platform's provider. */
  tiktok: OAuthProviderDeps<TikTokSettings>;
  instagram: OAuthProviderDeps<InstagramSettings>;
  youtube: OAuthProviderDeps<YouTubeSettings>;
  x: OAuthProviderDeps<XSettings>;
  close(): Promise<void>;
}

export async function startOAuthSandbox(): Promise<OAuthSandbox> {
  const seeds = defaultSeedData();
  const sb = createSandbox({ seedData: seeds });
  const running = await sb.listen({ port: 0, host: '127.0.0.1' });
  const tiktok = seeds.tiktokClients[0];
  const meta = seeds.instagramApps[0];
  const google = seeds.youtubeClients[0];
  // The sandbox's confidential demo X app (its seed default when the seed data names none).
  const xApp = seeds.xApps?.find((a) => a.confidential) ?? { clientId: 'sbx_x_client', clientSecret: 'sbx_x_secret' };
  if (!tiktok || !meta || !google) throw new Error('the sandbox seeds have no demo clients');
  const u = running.urls;
  // A healthy request on a busy machine is never taken for a lost one.
  const timeoutMs = 10_000;
  return {
    sb,
    running,
    tiktok: {
      settings: {
        authUrl: u.tiktokAuthUrl,
        apiBaseUrl: u.tiktokApiBaseUrl,
        clientKey: tiktok.clientKey,
        clientSecret: tiktok.clientSecret,
        pullVerifiedPrefixes: [],
      },
      timeoutMs,
    },
    instagram: {
      settings: {
        authUrl: u.instagramAuthUrl,
        graphBaseUrl: u.instagramGraphBaseUrl,
        facebookGraphBaseUrl: u.facebookGraphBaseUrl,
        facebookAuthUrl: u.facebookAuthUrl,
        appId: meta.appId,
        appSecret: meta.appSecret,
        graphApiVersion: 'v26.0',
        webhookVerifyToken: undefined,
        publishQuota: 50,
      },
      timeoutMs,
    },
    youtube: {
      settings: {
        authUrl: u.youtubeAuthUrl,
        oauthUrl: u.youtubeOauthUrl,
        apiBaseUrl: u.youtubeApiBaseUrl,
        clientId: google.clientId,
        clientSecret: google.clientSecret,
        insertCallsPerDay: 100,
        dailyUnits: 10_000,
        apiKey: undefined,
      },
      timeoutMs,
    },
    x: {
      settings: { authUrl: u.xAuthUrl, apiBaseUrl: u.xApiBaseUrl, clientId: xApp.clientId, clientSecret: xApp.clientSecret, appBearerToken: undefined },
      timeoutMs,
    },
    close: () => running.close(),
  };
}

/** A redirect URI the sandbox's demo clients accept (loopback); nothing needs to listen there. */
export const REDIRECT_URI = 'http://127.0.0.1:4000/api/accounts/callback/test';

/**
 * Approves (or denies) the consent page of `authorizeUrl` for the account `value` picks in the
 * page's `field`, and returns where the platform sends the browser back to.
 */
export async function consent(authorizeUrl: string, choice: { decision: 'approve' | 'deny'; field: 'open_id' | 'ig_user_id'; value: string }): Promise<URL> {
  const page = await fetch(authorizeUrl);
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${await page.text()}`);
  const fields = new URLSearchParams(new URL(authorizeUrl).search);
  fields.set('decision', choice.decision);
  fields.set(choice.field, choice.value);
  const res = await fetch(authorizeUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
    redirect: 'manual',
  });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`consent answered ${res.status} without a redirect: ${await res.text()}`);
  return new URL(location);
}
