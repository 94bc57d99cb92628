import type { TikTokClientSeed, TikTokCreatorSeed } from './options.js';

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

/** TikTok's slice of the sandbox state (built by its mount from the seed data). */
export interface TikTokState {
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
}

declare module '../core/state.js' {
  interface PlatformStates {
    tiktok: TikTokState;
  }
}
