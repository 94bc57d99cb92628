import type { Hash } from 'node:crypto';

import type { MediaKeeper } from '../media/media-keeper.js';
import type { XAppSeed, XUserSeed } from './options.js';

export const X_SCOPE_LIST = ['tweet.read', 'tweet.write', 'users.read', 'media.write', 'offline.access'] as const;

export interface XAuthCode {
  code: string;
  clientId: string;
  userId: string;
  scopes: string[];
  redirectUri: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256' | 'plain';
  expiresAt: number;
  used: boolean;
}

/** One consent of an X account to an app; tokens hang off it. */
export interface XGrant {
  id: string;
  clientId: string;
  userId: string;
  scopes: string[];
  revoked: boolean;
}

export interface XToken {
  token: string;
  grantId: string;
  expiresAt: number;
  revoked: boolean;
  /** Refresh tokens rotate: once used, this one is dead (docs/x-contract.md). */
  usedAt?: number;
}

export type XProcessingState = 'pending' | 'in_progress' | 'succeeded' | 'failed';

export interface XProcessingError {
  code: number;
  name: string;
  message: string;
}

/** One chunked upload (a media id) from initialize to the end of processing. */
export interface XMedia {
  id: string;
  mediaKey: string;
  userId: string;
  clientId: string;
  mediaType: string;
  mediaCategory: string;
  totalBytes: number;
  createdAt: number;
  expiresAt: number;
  /** Segments received: index -> its size and sha256 (the bytes themselves are not kept). */
  segments: Map<number, { bytes: number; sha256: string }>;
  /** Whole-file sha256 over the segments received in order (0, 1, 2…); bytes are streamed through it. */
  hash: Hash;
  media: MediaKeeper;
  /** The next segment index the in-order hash expects; a segment past it makes the upload unfinalizable. */
  nextInOrder: number;
  outOfOrder: boolean;
  receivedBytes: number;
  finalizedAt?: number;
  state?: XProcessingState;
  /** When processing leaves pending, and when it ends. */
  inProgressAt?: number;
  processingDoneAt?: number;
  /** The earliest time a STATUS call is not early (the last answer's check_after_secs). */
  nextCheckAt?: number;
  /** STATUS calls made before check_after_secs had passed. */
  earlyPolls: number;
  statusPolls: number;
  sha256?: string;
  durationSec?: number;
  width?: number;
  height?: number;
  error?: XProcessingError;
  /** stuck_processing fault: never leaves in_progress. content_rejected: processing fails. */
  stuck: boolean;
  rejected: boolean;
}

export interface XPost {
  id: string;
  userId: string;
  clientId: string;
  text: string;
  mediaIds: string[];
  mediaKeys: string[];
  /** sha256 of the first video attached (the chaos checker's duplicate key with the account). */
  sha256: string;
  createdAt: number;
  replySettings?: string;
  madeWithAi: boolean;
  paidPartnership: boolean;
}

/** A fixed rate-limit window: calls counted from `startedAt` until `startedAt + windowMs`. */
export interface XWindowCount {
  startedAt: number;
  windowMs: number;
  used: number;
}

/** X's slice of the sandbox state (built by its mount from the seed data). */
export interface XState {
  apps: Map<string, XAppSeed>;
  users: Map<string, XUserSeed>;
  codes: Map<string, XAuthCode>;
  grants: Map<string, XGrant>;
  accessTokens: Map<string, XToken>;
  refreshTokens: Map<string, XToken>;
  media: Map<string, XMedia>;
  posts: Map<string, XPost>;
  /** Rate-limit windows by `<endpoint>|user|<userId>` and `<endpoint>|app|<clientId>`. */
  windows: Map<string, XWindowCount>;
}

declare module '../core/state.js' {
  interface PlatformStates {
    x: XState;
  }
}
