import { DEFAULT_LOCAL_REDIRECTS, type SandboxSeedData } from '../core/options.js';

/**
 * X's tunables and demo seed data, kept in its folder (docs/x-contract.md) and supplied by its
 * mount: `SandboxOptions.x` overrides the tunables (one level deep: `limits` per endpoint), and
 * `SandboxOptions.seedData` replaces `xApps` / `xUsers`. At run time: sandbox.actions.setXOptions,
 * PATCH /__sandbox/x/settings.
 */
export interface XAppSeed {
  /** The OAuth 2.0 client id of the X app (its project's app). */
  clientId: string;
  /** Confidential clients authenticate at the token endpoint with HTTP Basic (client_id:client_secret). */
  clientSecret: string;
  redirectUris: string[];
  /** A public client (no secret) sends client_id in the body instead of Basic auth. */
  confidential: boolean;
}

export interface XUserSeed {
  id: string;
  name: string;
  username: string;
  /** A picture on a CDN of your choice; absent: the sandbox serves one itself (inspection/avatars.ts). */
  profileImageUrl?: string;
  followersCount: number;
  /** The account's posts may be longer than 280 weighted characters (X Premium); the demo accounts are not. */
  longPosts: boolean;
}

/** A window of calls: how many per how long (fixed windows starting at the first call, as X counts). */
export interface XWindow {
  limit: number;
  windowMs: number;
}

/** Per-endpoint limits: per user (15 min) and per app (24 h, or 15 min for the reads), platform-apis.md §10. */
export interface XEndpointLimits {
  user?: XWindow;
  app?: XWindow;
}

export type XLimitedEndpoint =
  'media.initialize' | 'media.append' | 'media.finalize' | 'media.status' | 'tweets.create' | 'tweets.lookup' | 'users.me' | 'users.tweets';

export interface XOptions {
  /** Access tokens last 2 h (expires_in 7200). */
  accessTokenTtlSec: number;
  /** Refresh tokens (offline.access) are valid until used once or revoked; X documents no expiry. Sandbox reading: 6 months. */
  refreshTokenTtlSec: number;
  /** The authorization code must be exchanged within 30 s (platform-apis.md §10). */
  authCodeTtlMs: number;
  /** 512 MB for amplify_video (§7). */
  maxVideoBytes: number;
  /** Each append's media part: 5 MB (v1.1's documented cap; the v2 cap is unconfirmed, §7). */
  maxSegmentBytes: number;
  /** How long a media id lives after initialize (the INIT example's 1295999 s). */
  mediaTtlSec: number;
  /** finalize's check_after_secs (the FINALIZE example: 5). */
  checkAfterSecs: number;
  /** From finalize to the end of processing (pending, then in_progress). */
  processingMs: number;
  /** How long a finalized upload stays pending before in_progress. */
  pendingMs: number;
  /** STATUS calls before check_after_secs tolerated per media id; past it, 429 (sandbox reading). */
  earlyPollAllowance: number;
  /** Longest video (s) for an ordinary account (§10: 0.5–140 s); longer fails processing. */
  maxDurationSec: number;
  minDurationSec: number;
  /** A post repeating a recent post's text is refused as duplicate content within this window. */
  duplicateWindowMs: number;
  limits: Record<XLimitedEndpoint, XEndpointLimits>;
}

const MINUTE = 60_000;
const QUARTER = 15 * MINUTE;
const DAY = 24 * 60 * MINUTE;

export const DEFAULT_X: XOptions = {
  accessTokenTtlSec: 7200,
  refreshTokenTtlSec: 180 * 86_400,
  authCodeTtlMs: 30_000,
  maxVideoBytes: 512 * 1024 * 1024,
  maxSegmentBytes: 5 * 1024 * 1024,
  mediaTtlSec: 1_295_999,
  checkAfterSecs: 5,
  processingMs: 12_000,
  pendingMs: 2_000,
  earlyPollAllowance: 3,
  maxDurationSec: 140,
  minDurationSec: 0.5,
  duplicateWindowMs: DAY,
  limits: {
    'media.initialize': { user: { limit: 1875, windowMs: QUARTER }, app: { limit: 180_000, windowMs: DAY } },
    'media.append': { user: { limit: 1875, windowMs: QUARTER }, app: { limit: 180_000, windowMs: DAY } },
    'media.finalize': { user: { limit: 1875, windowMs: QUARTER }, app: { limit: 180_000, windowMs: DAY } },
    'media.status': { user: { limit: 1000, windowMs: QUARTER } },
    'tweets.create': { user: { limit: 100, windowMs: QUARTER }, app: { limit: 10_000, windowMs: DAY } },
    'tweets.lookup': { user: { limit: 900, windowMs: QUARTER }, app: { limit: 450, windowMs: QUARTER } },
    'users.me': { user: { limit: 75, windowMs: QUARTER } },
    'users.tweets': { user: { limit: 900, windowMs: QUARTER }, app: { limit: 1500, windowMs: QUARTER } },
  },
};

export function defaultXOptions(): XOptions {
  return structuredClone(DEFAULT_X);
}

/** X's demo data: its apps and accounts. */
export function defaultXSeedData(): Pick<SandboxSeedData, 'xApps' | 'xUsers'> {
  return { xApps: defaultXApps(), xUsers: defaultXUsers() };
}

export function defaultXApps(): XAppSeed[] {
  return [
    { clientId: 'sbx_x_client', clientSecret: 'sbx_x_secret', redirectUris: [...DEFAULT_LOCAL_REDIRECTS], confidential: true },
    { clientId: 'sbx_x_public_client', clientSecret: '', redirectUris: [...DEFAULT_LOCAL_REDIRECTS], confidential: false },
  ];
}

export function defaultXUsers(): XUserSeed[] {
  return [
    { id: '1790000000000000001', name: 'Sandbox Brand', username: 'sandbox_brand', followersCount: 8_200, longPosts: false },
    { id: '1790000000000000002', name: 'Sandbox Second', username: 'sandbox_second', followersCount: 310, longPosts: false },
  ];
}

declare module '../core/options.js' {
  interface PlatformOptions {
    x: XOptions;
  }
  interface SandboxSeedData {
    /** X apps (OAuth 2.0 clients); default: defaultXApps(). */
    xApps: XAppSeed[];
    /** X accounts the consent page offers; default: defaultXUsers(). */
    xUsers: XUserSeed[];
  }
}
