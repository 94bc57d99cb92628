import type { Ctx } from '../core/context.js';
import type { PlatformMount } from '../core/mount.js';
import type { SandboxSeedData } from '../core/options.js';
import type { Route } from '../http/router.js';
import { mintTikTokToken, type MintTikTokInput } from './actions.js';
import {
  seedTikTokAnalytics,
  setTikTokAnalytics,
  tiktokAnalyticsInspectionRoutes,
  tiktokAnalyticsRoutes,
  tiktokAnalyticsStrictRefusal,
  tiktokVideoNumbers,
  type PostIdWithholding,
  type SeedTikTokInput,
} from './analytics.js';
import { tiktokHostError } from './envelope.js';
import { tiktokAccounts, tiktokInspectionRoutes, tiktokQuotas } from './inspection.js';
import { revokeGrant, tiktokOauthRoutes } from './oauth.js';
import { DEFAULT_TIKTOK, defaultTikTokSeedData } from './options.js';
import { tiktokPostingRoutes } from './posting.js';
import { tickTikTok } from './processing.js';
import type { TikTokState } from './state.js';
import { tiktokUploadRoutes } from './upload.js';
import { TIKTOK_WEBHOOK_GIVE_UP_MS } from './webhooks.js';

export { DEFAULT_TIKTOK, defaultTikTokSeedData, type TikTokClientSeed, type TikTokCreatorSeed, type TikTokOptions } from './options.js';
export { tickTikTok } from './processing.js';
export { tiktokOk, tiktokError, tiktokLogId, type TikTokEnvelope } from './envelope.js';
export { tiktokSignature } from './webhooks.js';
export { TIKTOK_SCOPES } from './oauth.js';
export type { MintTikTokInput } from './actions.js';
export type { PostIdWithholding, SeedTikTokInput, SeededTikTokAccount } from './analytics.js';

declare module '../http/router.js' {
  /** The hosts this folder simulates (its mount's `hosts`). */
  interface SandboxHosts {
    'tiktok-auth': true;
    tiktok: true;
    'tiktok-upload': true;
  }
}

export function tiktokRoutes(): Route[] {
  return [...tiktokOauthRoutes(), ...tiktokPostingRoutes(), ...tiktokUploadRoutes(), ...tiktokAnalyticsRoutes()];
}

/** token_revoked fault: the creator revokes access mid-flow (authorization.removed reason 1). */
export function revokeTikTokForRequest(ctx: Ctx, token: string | undefined): void {
  const tt = ctx.core.state.tiktok;
  let grantId = token ? tt.accessTokens.get(token)?.grantId : undefined;
  if (!grantId && ctx.host === 'tiktok-upload') {
    const pid = tt.uploads.get(ctx.query.get('upload_id') ?? '');
    grantId = pid ? tt.publishes.get(pid)?.grantId : undefined;
  }
  const grant = grantId ? tt.grants.get(grantId) : undefined;
  if (grant) revokeGrant(ctx.core, grant, 1);
}

function tiktokState(seed: SandboxSeedData): { tiktok: TikTokState } {
  return {
    tiktok: {
      clients: new Map(seed.tiktokClients.map((c) => [c.clientKey, structuredClone(c)])),
      creators: new Map(seed.tiktokCreators.map((c) => [c.openId, structuredClone(c)])),
      codes: new Map(),
      grants: new Map(),
      accessTokens: new Map(),
      refreshTokens: new Map(),
      publishes: new Map(),
      uploads: new Map(),
      postTimes: new Map(),
      activeUsers: new Map(),
    },
  };
}

/** TikTok: Login Kit (www.tiktok.com + open.tiktokapis.com) and the Content Posting API (+ open-upload). */
export const tiktokMount = {
  platform: 'tiktok',
  defaultOptions: DEFAULT_TIKTOK,
  defaultSeedData: defaultTikTokSeedData,
  hosts: ['tiktok-auth', 'tiktok', 'tiktok-upload'],
  initialState: tiktokState,
  urls: (root: string) => ({
    /** Replaces https://www.tiktok.com (authorize page at /v2/auth/authorize/). */
    tiktokAuthUrl: `${root}/tiktok-auth`,
    /** Replaces https://open.tiktokapis.com. */
    tiktokApiBaseUrl: `${root}/tiktok`,
    /** Replaces https://open-upload.tiktokapis.com (handed out inside upload_url). */
    tiktokUploadBaseUrl: `${root}/tiktok-upload`,
  }),
  env: { TIKTOK_AUTH_URL: 'tiktokAuthUrl', TIKTOK_API_BASE_URL: 'tiktokApiBaseUrl' },
  webhookGiveUpMs: TIKTOK_WEBHOOK_GIVE_UP_MS,
  routes: tiktokRoutes,
  inspectionRoutes: (core) => [...tiktokInspectionRoutes(core), ...tiktokAnalyticsInspectionRoutes(core)],
  accounts: tiktokAccounts,
  quotas: tiktokQuotas,
  tick: tickTikTok,
  revokeForRequest: revokeTikTokForRequest,
  hostError: tiktokHostError,
  strictRefusal: tiktokAnalyticsStrictRefusal,
  actions: (core) => ({
    mintTikTokToken: (input: MintTikTokInput) => mintTikTokToken(core, input),
    /** Bulk seeding for analytics (issue 21): creators with live public posts, each with a token pair. */
    seedTikTokAnalytics: (input: SeedTikTokInput) => seedTikTokAnalytics(core, input, true),
    /** Late-id mode: status/fetch keeps publicaly_available_post_id empty for all, none or a share of public posts. */
    setTikTokAnalytics: (input: { withholdPostIds?: PostIdWithholding }) => setTikTokAnalytics(core, input),
    tiktokVideoNumbers: (postId: string) => tiktokVideoNumbers(core, postId),
  }),
} as const satisfies PlatformMount<'tiktok'>;
