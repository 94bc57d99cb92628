/**
 * TikTok's simulator options and demo seed data (issue 19: kept in its folder, composed by the
 * mount). Every value the contract marks UNCONFIRMED or CONFLICT is a tunable here, defaulting to
 * the value platform-apis.md recommends for a simulator.
 */
import { DEFAULT_LOCAL_REDIRECTS, type SandboxSeedData } from '../core/options.js';

export interface TikTokClientSeed {
  clientKey: string;
  clientSecret: string;
  /** Registered redirect URIs. `*` as the port matches any port (Login Kit for Desktop); a trailing `**` matches any path suffix. */
  redirectUris: string[];
  /** Unaudited clients may post only SELF_ONLY to private accounts (§1.10). */
  audited: boolean;
  /** URL-prefix properties verified for PULL_FROM_URL (§1.5), e.g. `https://media.example.com/videos/`. */
  verifiedUrlPrefixes: string[];
  /** Domain properties verified for PULL_FROM_URL: the domain and all its subdomains. */
  verifiedDomains: string[];
}

export interface TikTokCreatorSeed {
  openId: string;
  unionId: string;
  username: string;
  displayName: string;
  /** A picture on a CDN of your choice; absent: the sandbox serves one itself (inspection/avatars.ts). */
  avatarUrl?: string;
  privateAccount: boolean;
  maxVideoPostDurationSec: number;
  commentDisabled: boolean;
  duetDisabled: boolean;
  stitchDisabled: boolean;
  bannedFromPosting: boolean;
  followerCount: number;
}

export interface TikTokOptions {
  accessTokenTtlSec: number;
  refreshTokenTtlSec: number;
  /** New docs: every refresh rotates the refresh token and the old one stops working (§2.2). */
  rotateRefreshTokens: boolean;
  authCodeTtlMs: number;
  /** Desktop PKCE challenge encoding is UNCONFIRMED (§2.1): accept base64url, hex or either. */
  pkceEncoding: 'base64url' | 'hex' | 'either';
  rateLimitPerMinute: { init: number; status: number; creatorInfo: number; userInfo: number };
  /** Per-creator daily API post cap before spam_risk_too_many_posts (~15, UNCONFIRMED). */
  dailyPostCap: number;
  /** Unaudited client: active publishing users per 24 h (reached_active_user_cap). */
  unauditedActiveUserCap: number;
  /** Pending inbox shares per 24 h (spam_risk_too_many_pending_share). */
  pendingShareCap: number;
  uploadUrlTtlMs: number;
  /** Chunk bounds (§1.4 CONFLICT on MB): defaults take the strict side of both readings. */
  minChunkBytes: number;
  maxChunkBytes: number;
  maxLastChunkBytes: number;
  maxVideoBytes: number;
  maxChunkCount: number;
  /** What a re-PUT of an already accepted range returns (UNCONFIRMED): 416 with progress. */
  duplicateChunk: 'reject_416';
  /** Simulated time from the last byte (or download) to PUBLISH_COMPLETE / FAILED. */
  processingMs: number;
  /** Moderation delay before publicaly_available_post_id is filled for public posts. */
  moderationMs: number;
  /** Simulated download duration for PULL_FROM_URL after the bytes arrived. */
  downloadMs: number;
  pullTimeoutMs: number;
  maxPullBytes: number;
  /** Real TikTok requires https for PULL_FROM_URL (§1.5); offline fixtures are usually http. */
  requireHttpsPullUrls: boolean;
  /** `brand_content_toggle` is marked required in the reference table. */
  requireBrandContentToggle: boolean;
  /** UNCONFIRMED: reject brand_content_toggle=true with SELF_ONLY as invalid_param. */
  rejectPrivateBrandedContent: boolean;
  /** CONFLICT: unaudited creator_info shows only SELF_ONLY ('self_only') or the full list ('all'). */
  unauditedCreatorInfo: 'self_only' | 'all';
  /** UNCONFIRMED: a user/info field without its scope is an error ('error') or omitted ('omit'). */
  userInfoMissingScope: 'error' | 'omit';
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const DEFAULT_TIKTOK: TikTokOptions = {
  accessTokenTtlSec: 7200,
  refreshTokenTtlSec: 180 * 86400,
  rotateRefreshTokens: true,
  authCodeTtlMs: 10 * MINUTE,
  pkceEncoding: 'either',
  rateLimitPerMinute: { init: 6, status: 30, creatorInfo: 20, userInfo: 600 },
  dailyPostCap: 15,
  unauditedActiveUserCap: 5,
  pendingShareCap: 5,
  uploadUrlTtlMs: HOUR,
  minChunkBytes: 5 * 1024 * 1024,
  maxChunkBytes: 64_000_000,
  maxLastChunkBytes: 128_000_000,
  maxVideoBytes: 4 * 1024 * 1024 * 1024,
  maxChunkCount: 1000,
  duplicateChunk: 'reject_416',
  processingMs: 5_000,
  moderationMs: 30_000,
  downloadMs: 2_000,
  pullTimeoutMs: HOUR,
  maxPullBytes: 1024 * 1024 * 1024,
  requireHttpsPullUrls: false,
  requireBrandContentToggle: true,
  rejectPrivateBrandedContent: false,
  unauditedCreatorInfo: 'self_only',
  userInfoMissingScope: 'error',
};

/** The demo TikTok seed data (SandboxOptions.seedData replaces a list). */
export function defaultTikTokSeedData(): Pick<SandboxSeedData, 'tiktokClients' | 'tiktokCreators'> {
  return {
    tiktokClients: [
      {
        clientKey: 'sbx_tiktok_client_key',
        clientSecret: 'sbx_tiktok_client_secret',
        redirectUris: [...DEFAULT_LOCAL_REDIRECTS],
        audited: true,
        verifiedUrlPrefixes: [],
        verifiedDomains: [],
      },
      {
        clientKey: 'sbx_tiktok_unaudited_key',
        clientSecret: 'sbx_tiktok_unaudited_secret',
        redirectUris: [...DEFAULT_LOCAL_REDIRECTS],
        audited: false,
        verifiedUrlPrefixes: [],
        verifiedDomains: [],
      },
    ],
    tiktokCreators: [
      {
        openId: 'tt-open-public-0001',
        unionId: 'tt-union-public-0001',
        username: 'sandbox.public',
        displayName: 'Sandbox Public Creator',
        privateAccount: false,
        maxVideoPostDurationSec: 300,
        commentDisabled: false,
        duetDisabled: false,
        stitchDisabled: true,
        bannedFromPosting: false,
        followerCount: 12_400,
      },
      {
        openId: 'tt-open-private-0002',
        unionId: 'tt-union-private-0002',
        username: 'sandbox.private',
        displayName: 'Sandbox Private Creator',
        privateAccount: true,
        maxVideoPostDurationSec: 180,
        commentDisabled: false,
        duetDisabled: true,
        stitchDisabled: true,
        bannedFromPosting: false,
        followerCount: 87,
      },
      {
        openId: 'tt-open-banned-0003',
        unionId: 'tt-union-banned-0003',
        username: 'sandbox.banned',
        displayName: 'Sandbox Banned Creator',
        privateAccount: false,
        maxVideoPostDurationSec: 600,
        commentDisabled: true,
        duetDisabled: false,
        stitchDisabled: false,
        bannedFromPosting: true,
        followerCount: 3,
      },
    ],
  };
}

declare module '../core/options.js' {
  /** TikTok's demo data: its clients and accounts. */
  interface SandboxSeedData {
    tiktokClients: TikTokClientSeed[];
    tiktokCreators: TikTokCreatorSeed[];
  }
  /** TikTok's tunables (SandboxOptions.tiktok overrides them). */
  interface PlatformOptions {
    tiktok: TikTokOptions;
  }
}
