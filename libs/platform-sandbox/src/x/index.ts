import type { Ctx } from '../core/context.js';
import type { PlatformMount } from '../core/mount.js';
import type { SandboxSeedData } from '../core/options.js';
import type { Route } from '../http/router.js';
import { xHostError } from './errors.js';
import {
  addXUser,
  describeMedia,
  describePost,
  mintXToken,
  setXOptions,
  xAccounts,
  xInspectionRoutes,
  xQuotas,
  type MintXInput,
  type XOptionsPatch,
} from './inspection.js';
import { tickXMedia, xMediaRoutes } from './media.js';
import { revokeGrant, xOauthRoutes } from './oauth.js';
import { DEFAULT_X, defaultXSeedData, type XUserSeed } from './options.js';
import { seedXAnalytics, type SeedXInput } from './seed.js';
import type { XState } from './state.js';
import { xTrendInspectionRoutes, xTrendRoutes } from './trends.js';
import { xTweetRoutes } from './tweets.js';

export { X_SCOPES } from './oauth.js';
export { weightedLength as xWeightedLength } from './tweets.js';
export { DEFAULT_X, defaultXSeedData, type XAppSeed, type XUserSeed, type XOptions } from './options.js';
export type { MintXInput, XOptionsPatch } from './inspection.js';
export { X_TREND_WOEIDS, xAppBearer, type XTrendSettings } from './trends.js';
export type { SeedXInput, SeededXAccount } from './seed.js';

declare module '../http/router.js' {
  /** The hosts this folder simulates (its mount's `hosts`). */
  interface SandboxHosts {
    'x-web': true;
    'x-api': true;
  }
}

export function xRoutes(): Route[] {
  return [...xOauthRoutes(), ...xMediaRoutes(), ...xTweetRoutes(), ...xTrendRoutes()];
}

/** token_revoked fault: the person revokes the app in X's settings mid-flow. */
export function revokeXForRequest(ctx: Ctx, token: string | undefined): void {
  const x = ctx.core.state.x;
  const grantId = token ? (x.accessTokens.get(token) ?? x.refreshTokens.get(token))?.grantId : undefined;
  const grant = grantId ? x.grants.get(grantId) : undefined;
  if (grant) revokeGrant(ctx.core, grant);
}

function initialXState(seed: Pick<SandboxSeedData, 'xApps' | 'xUsers'>): { x: XState } {
  return {
    x: {
      apps: new Map(seed.xApps.map((a) => [a.clientId, structuredClone(a)])),
      users: new Map(seed.xUsers.map((u) => [u.id, structuredClone(u)])),
      codes: new Map(),
      grants: new Map(),
      accessTokens: new Map(),
      refreshTokens: new Map(),
      media: new Map(),
      posts: new Map(),
      windows: new Map(),
    },
  };
}

/** X: OAuth 2.0 with PKCE (x.com consent page, api.x.com token endpoint) and the API v2 (api.x.com). */
export const xMount = {
  platform: 'x',
  hosts: ['x-web', 'x-api'],
  defaultOptions: DEFAULT_X,
  defaultSeedData: defaultXSeedData,
  initialState: initialXState,
  urls: (root: string) => ({
    /** Replaces https://x.com (consent page at /i/oauth2/authorize). */
    xAuthUrl: `${root}/x-web`,
    /** Replaces https://api.x.com (/2/oauth2/token, /2/media/upload…, /2/tweets, /2/users…). */
    xApiBaseUrl: `${root}/x-api`,
  }),
  env: { X_AUTH_URL: 'xAuthUrl', X_API_BASE_URL: 'xApiBaseUrl' },
  routes: xRoutes,
  inspectionRoutes: (core) => [...xInspectionRoutes(core), ...xTrendInspectionRoutes(core)],
  accounts: xAccounts,
  quotas: xQuotas,
  tick: tickXMedia,
  revokeForRequest: revokeXForRequest,
  hostError: xHostError,
  actions: (core) => ({
    mintXToken: (input: MintXInput) => mintXToken(core, input),
    /** A media id as the sandbox knows it (segments, sha256, processing, early polls), or undefined. */
    xMedia: (mediaId: string) => {
      const m = core.state.x.media.get(mediaId);
      return m ? describeMedia(m) : undefined;
    },
    /** The posts made on X (one account's, or all), oldest first, with their media sha256 and metrics. */
    xPosts: (userId?: string) =>
      [...core.state.x.posts.values()]
        .filter((p) => !userId || p.userId === userId)
        .sort((a, b) => a.createdAt - b.createdAt)
        .map((p) => describePost(core, p)),
    setXOptions: (patch: XOptionsPatch) => setXOptions(core, patch),
    /** Accounts with past video posts (analytics, best times), each with a token pair. */
    seedXAnalytics: (input: SeedXInput) => seedXAnalytics(core, input, true),
    addXUser: (input: Partial<XUserSeed> & { id: string; username: string }) => addXUser(core, input),
  }),
} as const satisfies PlatformMount<'x'>;
