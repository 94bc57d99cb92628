import type { InstagramAccountSeed, InstagramAppSeed, TikTokClientSeed, TikTokCreatorSeed } from './options.js';

export type Platform = 'tiktok' | 'instagram';

export interface TikTokAuthCode {
  code: string;
  clientKey: string;
  openId: string;
  scopes: string[];
  redirectUri: string;
  codeChallenge?: string;
  expiresAt: number;
  used: boolean;
}

/** One authorization (grant) of a creator to a client; tokens hang off it. */
export interface TikTokGrant {
  id: string;
  clientKey: string;
  openId: string;
  scopes: string[];
  revoked: boolean;
}

export interface TikTokAccessToken {
  token: string;
  grantId: string;
  expiresAt: number;
  revoked: boolean;
}

export interface TikTokRefreshToken {
  token: string;
  grantId: string;
  expiresAt: number;
  revoked: boolean;
}

export type TikTokPublishStatus = 'PROCESSING_UPLOAD' | 'PROCESSING_DOWNLOAD' | 'SEND_TO_USER_INBOX' | 'PUBLISH_COMPLETE' | 'FAILED';

export interface TikTokPublish {
  publishId: string;
  grantId: string;
  clientKey: string;
  openId: string;
  mode: 'direct' | 'inbox';
  source: 'FILE_UPLOAD' | 'PULL_FROM_URL';
  privacyLevel?: string;
  title: string;
  status: TikTokPublishStatus;
  failReason?: string;
  createdAt: number;
  // FILE_UPLOAD
  uploadId?: string;
  uploadToken?: string;
  uploadUrlExpiresAt?: number;
  videoSize: number;
  chunkSize: number;
  totalChunkCount: number;
  uploadedBytes: number;
  chunks: Buffer[];
  // PULL_FROM_URL
  videoUrl?: string;
  downloadedBytes: number;
  downloadDone: boolean;
  downloadError?: string;
  /** When processing ends (set once all bytes are in). */
  processingDoneAt?: number;
  moderationDoneAt?: number;
  postId?: string;
  publicAt?: number;
  sha256?: string;
  stuck: boolean;
  cancelled: boolean;
}

export interface InstagramAuthCode {
  code: string;
  appId: string;
  igUserId: string;
  scopes: string[];
  redirectUri: string;
  expiresAt: number;
  used: boolean;
}

export interface InstagramToken {
  token: string;
  kind: 'ig_short' | 'ig_long' | 'fb_user' | 'fb_page';
  appId: string;
  igUserId: string;
  scopes: string[];
  issuedAt: number;
  expiresAt: number | undefined;
  revoked: boolean;
}

export type ContainerStatus = 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED';

export interface InstagramContainer {
  id: string;
  igUserId: string;
  appId: string;
  mediaType: string;
  videoUrl?: string;
  caption: string;
  shareToFeed: boolean;
  thumbOffsetMs?: number;
  createdAt: number;
  statusCode: ContainerStatus;
  errorSubcode?: number;
  readyAt?: number;
  downloadDone: boolean;
  bytes?: Buffer;
  sha256?: string;
  resumable: boolean;
  stuck: boolean;
  mediaId?: string;
}

export interface InstagramMedia {
  id: string;
  igUserId: string;
  containerId: string;
  caption: string;
  shortcode: string;
  publishedAt: number;
  sha256: string;
}

export interface InstagramComment {
  id: string;
  igUserId: string;
  mediaId: string;
  fromId: string;
  fromUsername: string;
  text: string;
  createdAt: number;
  privateReplied: boolean;
}

export interface InstagramMessage {
  mid: string;
  igUserId: string;
  igsid: string;
  direction: 'inbound' | 'outbound';
  text: string;
  at: number;
  viaCommentId?: string;
}

export interface PublicPost {
  platform: Platform;
  accountId: string;
  postId: string;
  /** publish_id (TikTok) or container id (Instagram). */
  sourceId: string;
  sha256: string;
  caption: string;
  privacyLevel?: string;
  publishedAt: number;
}

export interface RequestLogEntry {
  id: number;
  at: number;
  host: string;
  endpoint: string;
  method: string;
  path: string;
  query: string;
  token?: string;
  body?: unknown;
  status?: number;
  response?: unknown;
  fault?: string;
}

export interface WebhookDelivery {
  id: number;
  platform: Platform;
  url: string;
  body: string;
  headers: Record<string, string>;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  delivered: boolean;
  lastStatus?: number;
  lastError?: string;
}

export interface SandboxState {
  tiktok: {
    clients: Map<string, TikTokClientSeed>;
    creators: Map<string, TikTokCreatorSeed>;
    codes: Map<string, TikTokAuthCode>;
    grants: Map<string, TikTokGrant>;
    accessTokens: Map<string, TikTokAccessToken>;
    refreshTokens: Map<string, TikTokRefreshToken>;
    publishes: Map<string, TikTokPublish>;
    uploads: Map<string, string>;
    /** Accepted direct-post inits per creator (timestamps) for the daily cap. */
    postTimes: Map<string, number[]>;
    /** Distinct publishing users per client (timestamps) for unaudited caps. */
    activeUsers: Map<string, Map<string, number>>;
  };
  instagram: {
    apps: Map<string, InstagramAppSeed>;
    accounts: Map<string, InstagramAccountSeed>;
    codes: Map<string, InstagramAuthCode>;
    tokens: Map<string, InstagramToken>;
    containers: Map<string, InstagramContainer>;
    media: Map<string, InstagramMedia>;
    comments: Map<string, InstagramComment>;
    messages: InstagramMessage[];
    /** igsid → username per account (people who interacted). */
    contacts: Map<string, Map<string, string>>;
    publishTimes: Map<string, number[]>;
    containerTimes: Map<string, number[]>;
    callTimes: Map<string, number[]>;
    subscriptions: Map<string, string[]>;
  };
  /** Sliding-window rate limiter buckets: key → timestamps. */
  rate: Map<string, number[]>;
  publicPosts: PublicPost[];
  requests: RequestLogEntry[];
  webhooks: WebhookDelivery[];
}

/** The whole state: the platform slices (each mount builds its own from the seed data) and the shared logs. */
export function createState(platforms: Pick<SandboxState, Platform>): SandboxState {
  return { ...platforms, rate: new Map(), publicPosts: [], requests: [], webhooks: [] };
}

/** Sliding window helper: prunes entries older than windowMs and returns the live ones. */
export function windowed(map: Map<string, number[]>, key: string, now: number, windowMs: number): number[] {
  const live = (map.get(key) ?? []).filter((t) => t > now - windowMs);
  map.set(key, live);
  return live;
}
