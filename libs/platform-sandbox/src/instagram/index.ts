import type { Ctx } from '../core/context.js';
import type { PlatformMount } from '../core/mount.js';
import type { SandboxSeedData } from '../core/options.js';
import type { Route } from '../http/router.js';
import {
  mintInstagramToken,
  receiveInstagramComment,
  receiveInstagramMessage,
  type InboundCommentInput,
  type InboundMessageInput,
  type MintInstagramInput,
} from './actions.js';
import { facebookLoginRoutes } from './facebook-login.js';
import { instagramHostError } from './graph-errors.js';
import { instagramHashtagInspectionRoutes, instagramHashtagRoutes } from './hashtag-search.js';
import {
  instagramAnalyticsInspectionRoutes,
  instagramInsightsRoutes,
  instagramMediaNumbers,
  seedInstagramAnalytics,
  setInstagramAnalytics,
  type SeedInstagramInput,
} from './insights.js';
import { instagramAccounts, instagramInspectionRoutes, instagramQuotas } from './inspection.js';
import { instagramMessagingRoutes } from './messaging.js';
import { instagramOauthRoutes } from './oauth.js';
import { DEFAULT_INSTAGRAM, defaultInstagramSeedData } from './options.js';
import { instagramNodeRoutes, instagramPublishingRoutes, tickInstagram } from './publishing.js';
import type { InstagramState } from './state.js';
import { INSTAGRAM_UNDOCUMENTED_ENDPOINTS, instagramStrictRefusal } from './strict.js';
import { INSTAGRAM_WEBHOOK_GIVE_UP_MS } from './webhooks.js';

export { DEFAULT_INSTAGRAM, defaultInstagramSeedData, type InstagramAccountSeed, type InstagramAppSeed, type InstagramOptions } from './options.js';
export { tickInstagram } from './publishing.js';
export { graphError } from './graph-errors.js';
export { HASHTAG_LIMIT_ERROR, HASHTAG_MEDIA_FIELDS, HASHTAG_SEARCH_LIMIT, HASHTAG_SEARCH_WINDOW_MS } from './hashtag-search.js';
export { hubSignature, metaJson } from './webhooks.js';
export type { InboundCommentInput, InboundMessageInput, MintInstagramInput } from './actions.js';
export type { SeedInstagramInput, SeededInstagramAccount } from './insights.js';

declare module '../http/router.js' {
  /** The hosts this folder simulates (its mount's `hosts`). */
  interface SandboxHosts {
    'instagram-auth': true;
    'instagram-graph': true;
    'facebook-graph': true;
  }
}

export function instagramRoutes(): Route[] {
  // Node lookups (/:id) go last so specific paths win.
  return [
    ...instagramHashtagRoutes(),
    ...instagramOauthRoutes(),
    ...facebookLoginRoutes(),
    ...instagramPublishingRoutes(),
    ...instagramMessagingRoutes(),
    ...instagramInsightsRoutes(),
    ...instagramNodeRoutes(),
  ];
}

/** token_revoked fault: the token (and the user's session) is invalidated before the call is handled. */
export function revokeInstagramForRequest(ctx: Ctx, token: string | undefined): void {
  const t = token ? ctx.core.state.instagram.tokens.get(token) : undefined;
  if (!t) return;
  for (const other of ctx.core.state.instagram.tokens.values()) if (other.igUserId === t.igUserId && other.appId === t.appId) other.revoked = true;
}

function instagramState(seed: SandboxSeedData): { instagram: InstagramState } {
  return {
    instagram: {
      apps: new Map(seed.instagramApps.map((a) => [a.appId, structuredClone(a)])),
      accounts: new Map(seed.instagramAccounts.map((a) => [a.igUserId, structuredClone(a)])),
      codes: new Map(),
      tokens: new Map(),
      containers: new Map(),
      media: new Map(),
      comments: new Map(),
      messages: [],
      contacts: new Map(),
      publishTimes: new Map(),
      containerTimes: new Map(),
      callTimes: new Map(),
      subscriptions: new Map(),
    },
  };
}

/** Instagram: Instagram Login (api.instagram.com), the Instagram Graph API and the Facebook Graph API (Facebook Login flavour). */
export const instagramMount = {
  platform: 'instagram',
  defaultOptions: DEFAULT_INSTAGRAM,
  defaultSeedData: defaultInstagramSeedData,
  hosts: ['instagram-auth', 'instagram-graph', 'facebook-graph'],
  versionedHosts: ['instagram-graph', 'facebook-graph'],
  initialState: instagramState,
  urls: (root: string) => ({
    /** Replaces https://api.instagram.com (authorize page at /oauth/authorize, code exchange at /oauth/access_token). */
    instagramAuthUrl: `${root}/instagram-auth`,
    /** Replaces https://graph.instagram.com. */
    instagramGraphBaseUrl: `${root}/instagram-graph`,
    /** Replaces https://graph.facebook.com. */
    facebookGraphBaseUrl: `${root}/facebook-graph`,
    /** Replaces https://www.facebook.com (the Facebook Login dialog at /{v}/dialog/oauth). */
    facebookAuthUrl: `${root}/facebook-graph`,
  }),
  env: {
    INSTAGRAM_AUTH_URL: 'instagramAuthUrl',
    INSTAGRAM_GRAPH_BASE_URL: 'instagramGraphBaseUrl',
    FACEBOOK_GRAPH_BASE_URL: 'facebookGraphBaseUrl',
    FACEBOOK_AUTH_URL: 'facebookAuthUrl',
  },
  webhookGiveUpMs: INSTAGRAM_WEBHOOK_GIVE_UP_MS,
  routes: instagramRoutes,
  inspectionRoutes: (core) => [...instagramInspectionRoutes(core), ...instagramAnalyticsInspectionRoutes(core), ...instagramHashtagInspectionRoutes(core)],
  accounts: instagramAccounts,
  quotas: instagramQuotas,
  tick: tickInstagram,
  revokeForRequest: revokeInstagramForRequest,
  hostError: instagramHostError,
  undocumentedEndpoints: INSTAGRAM_UNDOCUMENTED_ENDPOINTS,
  strictRefusal: instagramStrictRefusal,
  actions: (core) => ({
    mintInstagramToken: (input: MintInstagramInput) => mintInstagramToken(core, input),
    receiveInstagramMessage: (input: InboundMessageInput) => receiveInstagramMessage(core, input),
    receiveInstagramComment: (input: InboundCommentInput) => receiveInstagramComment(core, input),
    /** Bulk seeding for analytics (issue 21): Business accounts with live Reels, each with a long-lived token. */
    seedInstagramAnalytics: (input: SeedInstagramInput) => seedInstagramAnalytics(core, input, true),
    /** The longest insights lag (default 48 h); each media's own lag lies between 0 and it. */
    setInstagramAnalytics: (input: { maxInsightsLagMs?: number }) => setInstagramAnalytics(core, input),
    instagramMediaNumbers: (mediaId: string) => instagramMediaNumbers(core, mediaId),
  }),
} as const satisfies PlatformMount<'instagram'>;
