import { normalizeOrigin } from '@mwr/net';

/**
 * Sandbox options. Every value the contract marks UNCONFIRMED or CONFLICT is a tunable here,
 * defaulting to the value platform-apis.md recommends for a simulator.
 */
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

export interface InstagramAppSeed {
  appId: string;
  appSecret: string;
  redirectUris: string[];
}

export interface InstagramAccountSeed {
  igUserId: string;
  /** App-scoped user id returned as `user_id` by the Instagram Login token exchange. */
  appScopedUserId: string;
  username: string;
  name: string;
  accountType: 'BUSINESS' | 'MEDIA_CREATOR';
  /** Linked Facebook Page (Facebook Login flavour). */
  pageId: string;
  pageName: string;
  /** Impressions in the last 24 h; BUC budget = 4800 × impressions (§3.10). */
  impressions: number;
  /** "Allow access to messages" in Connected Tools (§5.1). */
  messagingEnabled: boolean;
  /** HUMAN_AGENT tag approved (App Review), extends the window to 7 days (§5.2). */
  humanAgentEnabled: boolean;
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

export interface InstagramOptions {
  graphVersion: string;
  shortLivedTokenTtlSec: number;
  longLivedTokenTtlSec: number;
  authCodeTtlMs: number;
  /** Refresh needs a token at least this old (§4.2). */
  minRefreshAgeMs: number;
  /** CONFLICT §4.2: code exchange answers flat or wrapped in data[]. */
  codeExchangeShape: 'flat' | 'wrapped';
  /** CONFLICT §3.7: 100 vs 50 vs 25 posts per rolling 24 h; the doc recommends 50. */
  publishQuota: number;
  containerCap24h: number;
  containerTtlMs: number;
  processingMs: number;
  /** Calls per impression per 24 h for the Business Use Case budget. */
  bucCallsPerImpression: number;
  /** Code returned when the BUC budget is exhausted (80002 is UNCONFIRMED; 4 is the generic throttle). */
  bucThrottleCode: number;
  maxDownloadBytes: number;
  /** Range size used by the simulated crawler when downloading video_url. */
  downloadRangeBytes: number;
  minDurationSec: number;
  maxDurationSec: number;
  /** Webhooks are delivered only for fields the account subscribed to via /{ig-user-id}/subscribed_apps. */
  requireSubscription: boolean;
  messaging: {
    windowMs: number;
    humanAgentWindowMs: number;
    privateReplyWindowMs: number;
    maxTextBytes: number;
    sendPerSecond: number;
    privateRepliesPerHour: number;
  };
}

export interface YouTubeClientSeed {
  /** The Google Cloud project's OAuth client (every quota is counted per project). */
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** An unaudited (unverified) API project: every upload is locked private (docs/youtube-contract.md). */
  audited: boolean;
}

export interface YouTubeChannelSeed {
  channelId: string;
  /** The Google account's e-mail shown on the consent page. */
  email: string;
  title: string;
  customUrl: string;
  description: string;
  subscriberCount: number;
  /** Channel-level uploads per rolling 24 h before 400 uploadLimitExceeded (platform-apis.md §10). */
  dailyUploadLimit: number;
}

export interface YouTubeOptions {
  /** Access tokens last an hour; the token endpoint says expires_in 3599. */
  accessTokenTtlSec: number;
  authCodeTtlMs: number;
  /** Apps in "Testing" get refresh tokens that expire after 7 days (§10); undefined: they never expire. */
  refreshTokenTtlSec: number | undefined;
  /** Sandbox reading: authorize refuses a request without a PKCE S256 challenge (the product always sends one). */
  requirePkce: boolean;
  /** videos.insert's own bucket (calls per Pacific day per project, §10). */
  insertCallsPerDay: number;
  /** Every other call shares this many units per Pacific day per project. */
  unitsPerDay: number;
  /** Unit cost per method (the Quota costs page, §10); unlisted methods cost 1. */
  unitCosts: Record<string, number>;
  /** How long a resumable session URI stays usable (Google: about a week); past it, 404. */
  uploadSessionTtlMs: number;
  maxVideoBytes: number;
  /** Simulated time from the last byte to uploadStatus processed (or failed/rejected). */
  processingMs: number;
  /** Longest video a channel may upload (unverified channels: 15 min); longer is rejected with rejectionReason length. */
  maxDurationSec: number;
  /** Sandbox reading: status.selfDeclaredMadeForKids must be present on insert (the product makes it a required choice). */
  requireMadeForKids: boolean;
}

export interface WebhookTarget {
  callbackUrl: string;
  /** HMAC key: the Meta/Instagram app secret or the TikTok client secret. */
  secret: string;
}

export interface SandboxSeedData {
  tiktokClients: TikTokClientSeed[];
  tiktokCreators: TikTokCreatorSeed[];
  instagramApps: InstagramAppSeed[];
  instagramAccounts: InstagramAccountSeed[];
  youtubeClients: YouTubeClientSeed[];
  youtubeChannels: YouTubeChannelSeed[];
}

export interface SandboxOptions {
  /** Mount prefix, e.g. '/sandbox'. Every host lives under `${basePath}/<host>/…`. */
  basePath?: string;
  /** Absolute origin used in URLs the sandbox hands out (upload_url, permalinks); default: the request's Host. */
  publicBaseUrl?: string;
  /** 'manual' (default): time moves only via advance(); 'real': follows the wall clock too. */
  clock?: 'manual' | 'real';
  startTime?: number;
  /** Seed for probabilistic faults. */
  seed?: number;
  tiktok?: Partial<TikTokOptions>;
  instagram?: Partial<Omit<InstagramOptions, 'messaging'>> & { messaging?: Partial<InstagramOptions['messaging']> };
  youtube?: Partial<YouTubeOptions>;
  webhooks?: { instagram?: WebhookTarget; tiktok?: WebhookTarget };
  faults?: { hangMs?: number };
  seedData?: Partial<SandboxSeedData>;
  /** Max request log entries kept. */
  requestLogLimit?: number;
  /** Max request body for JSON/form endpoints. */
  jsonBodyLimit?: number;
  /**
   * Strict mode: refuse what platform-apis.md does not document (e.g. `GET /{ig-user-id}/media` →
   * 400 code 100 subcode 33, undocumented node fields → code 100), as an independent implementation
   * of the contract does (core/strict.ts). Default false; also `sandbox.setStrict()` at run time.
   */
  strict?: boolean;
  /**
   * Exact origins (`http://127.0.0.1:4000`) the sandbox may fetch from although they are not
   * public addresses: video_url / PULL_FROM_URL media and webhook callbacks on a developer's
   * machine. Every other URL goes through the SSRF guard like a real platform's crawler.
   */
  allowedFetchOrigins?: string[];
}

export interface ResolvedOptions {
  basePath: string;
  publicBaseUrl: string | undefined;
  clock: 'manual' | 'real';
  startTime: number;
  seed: number;
  tiktok: TikTokOptions;
  instagram: InstagramOptions;
  youtube: YouTubeOptions;
  webhooks: { instagram?: WebhookTarget; tiktok?: WebhookTarget };
  hangMs: number;
  seedData: SandboxSeedData;
  requestLogLimit: number;
  jsonBodyLimit: number;
  allowedFetchOrigins: string[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

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

export const DEFAULT_INSTAGRAM: InstagramOptions = {
  graphVersion: 'v26.0',
  shortLivedTokenTtlSec: 3600,
  longLivedTokenTtlSec: 5_183_944,
  authCodeTtlMs: 10 * MINUTE,
  minRefreshAgeMs: DAY,
  codeExchangeShape: 'flat',
  publishQuota: 50,
  containerCap24h: 400,
  containerTtlMs: DAY,
  processingMs: 20_000,
  bucCallsPerImpression: 4800,
  bucThrottleCode: 80002,
  maxDownloadBytes: 1024 * 1024 * 1024,
  downloadRangeBytes: 8 * 1024 * 1024,
  minDurationSec: 3,
  maxDurationSec: 15 * 60,
  requireSubscription: true,
  messaging: {
    windowMs: DAY,
    humanAgentWindowMs: 7 * DAY,
    privateReplyWindowMs: 7 * DAY,
    maxTextBytes: 1000,
    sendPerSecond: 100,
    privateRepliesPerHour: 750,
  },
};

export const DEFAULT_YOUTUBE: YouTubeOptions = {
  accessTokenTtlSec: 3599,
  authCodeTtlMs: 10 * MINUTE,
  refreshTokenTtlSec: undefined,
  requirePkce: true,
  insertCallsPerDay: 100,
  unitsPerDay: 10_000,
  unitCosts: { 'videos.list': 1, 'channels.list': 1, 'videos.update': 50, 'thumbnails.set': 50 },
  uploadSessionTtlMs: 7 * DAY,
  maxVideoBytes: 256 * 1024 * 1024 * 1024,
  processingMs: 15_000,
  maxDurationSec: 15 * 60,
  requireMadeForKids: true,
};

export const DEFAULT_LOCAL_REDIRECTS = ['http://localhost:*/**', 'http://127.0.0.1:*/**'];

export function defaultSeedData(): SandboxSeedData {
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
    instagramApps: [{ appId: '990000000000001', appSecret: 'sbx_instagram_app_secret', redirectUris: [...DEFAULT_LOCAL_REDIRECTS] }],
    instagramAccounts: [
      {
        igUserId: '17841400000000001',
        appScopedUserId: '26000000000000001',
        username: 'sandbox.business',
        name: 'Sandbox Business',
        accountType: 'BUSINESS',
        pageId: '100000000000001',
        pageName: 'Sandbox Business Page',
        impressions: 10,
        messagingEnabled: true,
        humanAgentEnabled: true,
      },
      {
        igUserId: '17841400000000002',
        appScopedUserId: '26000000000000002',
        username: 'sandbox.creator',
        name: 'Sandbox Creator',
        accountType: 'MEDIA_CREATOR',
        pageId: '100000000000002',
        pageName: 'Sandbox Creator Page',
        impressions: 1,
        messagingEnabled: true,
        humanAgentEnabled: false,
      },
    ],
    youtubeClients: [
      { clientId: 'sbx_youtube_client', clientSecret: 'sbx_youtube_secret', redirectUris: [...DEFAULT_LOCAL_REDIRECTS], audited: true },
      { clientId: 'sbx_youtube_unaudited_client', clientSecret: 'sbx_youtube_unaudited_secret', redirectUris: [...DEFAULT_LOCAL_REDIRECTS], audited: false },
    ],
    youtubeChannels: [
      {
        channelId: 'UCsandboxShorts000000001',
        email: 'shorts.creator@sandbox.example',
        title: 'Sandbox Shorts',
        customUrl: '@sandboxshorts',
        description: 'A sandbox channel for Shorts.',
        subscriberCount: 5_300,
        dailyUploadLimit: 15,
      },
      {
        channelId: 'UCsandboxSecond000000002',
        email: 'second.channel@sandbox.example',
        title: 'Sandbox Second Channel',
        customUrl: '@sandboxsecond',
        description: 'Another sandbox channel.',
        subscriberCount: 42,
        dailyUploadLimit: 15,
      },
    ],
  };
}

export function resolveOptions(options: SandboxOptions): ResolvedOptions {
  const base = (options.basePath ?? '').replace(/\/+$/, '');
  if (base && !base.startsWith('/')) throw new Error(`basePath must start with '/': ${base}`);
  const seeds = defaultSeedData();
  const ig = options.instagram ?? {};
  return {
    basePath: base,
    publicBaseUrl: options.publicBaseUrl?.replace(/\/+$/, ''),
    clock: options.clock ?? 'manual',
    startTime: options.startTime ?? Date.now(),
    seed: options.seed ?? 1,
    tiktok: { ...DEFAULT_TIKTOK, ...options.tiktok, rateLimitPerMinute: { ...DEFAULT_TIKTOK.rateLimitPerMinute, ...options.tiktok?.rateLimitPerMinute } },
    instagram: { ...DEFAULT_INSTAGRAM, ...ig, messaging: { ...DEFAULT_INSTAGRAM.messaging, ...ig.messaging } },
    youtube: { ...DEFAULT_YOUTUBE, ...options.youtube, unitCosts: { ...DEFAULT_YOUTUBE.unitCosts, ...options.youtube?.unitCosts } },
    webhooks: { ...options.webhooks },
    hangMs: options.faults?.hangMs ?? 30_000,
    seedData: { ...seeds, ...options.seedData },
    requestLogLimit: options.requestLogLimit ?? 5000,
    jsonBodyLimit: options.jsonBodyLimit ?? 1024 * 1024,
    allowedFetchOrigins: (options.allowedFetchOrigins ?? []).map(normalizeOrigin),
  };
}
