import type { Hash } from 'node:crypto';

import type { MediaKeeper } from '../media/media-keeper.js';
import type { YouTubeChannelSeed, YouTubeClientSeed } from './options.js';

export interface YouTubeAuthCode {
  code: string;
  clientId: string;
  channelId: string;
  scopes: string[];
  redirectUri: string;
  codeChallenge?: string;
  codeChallengeMethod?: 'S256' | 'plain';
  /** access_type=offline: the exchange may carry a refresh token. */
  offline: boolean;
  /** prompt=consent: a refresh token is issued even if the user consented before. */
  forcedConsent: boolean;
  expiresAt: number;
  used: boolean;
}

/** One consent of a Google account (channel) to a client; tokens hang off it. */
export interface YouTubeGrant {
  id: string;
  clientId: string;
  channelId: string;
  scopes: string[];
  revoked: boolean;
}

export interface YouTubeToken {
  token: string;
  grantId: string;
  /** Undefined: the refresh token does not expire. */
  expiresAt: number | undefined;
  revoked: boolean;
}

export interface YouTubeSnippet {
  title: string;
  description: string;
  tags: string[];
  categoryId: string;
}

export interface YouTubeStatusInput {
  privacyStatus: 'private' | 'public' | 'unlisted';
  selfDeclaredMadeForKids: boolean;
  containsSyntheticMedia?: boolean;
  publishAt?: string;
  license: string;
  embeddable: boolean;
  publicStatsViewable: boolean;
}

/** A resumable upload session (the Location URI); becomes a video once every byte is in. */
export interface YouTubeUploadSession {
  uploadId: string;
  grantId: string;
  clientId: string;
  channelId: string;
  createdAt: number;
  expiresAt: number;
  totalBytes: number;
  contentType: string;
  receivedBytes: number;
  hash: Hash;
  media: MediaKeeper;
  snippet: YouTubeSnippet;
  status: YouTubeStatusInput;
  notifySubscribers: boolean;
  /** Faults of the request that started the session or sent the last byte. */
  stuck: boolean;
  rejected: boolean;
  videoId?: string;
}

export type YouTubeUploadStatus = 'uploaded' | 'processed' | 'failed' | 'rejected' | 'deleted';

export interface YouTubeVideo {
  id: string;
  uploadId: string;
  clientId: string;
  channelId: string;
  createdAt: number;
  snippet: YouTubeSnippet;
  status: YouTubeStatusInput;
  /** What the upload asked for, before an unaudited project locked it private. */
  requestedPrivacyStatus: string;
  lockedPrivate: boolean;
  uploadStatus: YouTubeUploadStatus;
  failureReason?: string;
  rejectionReason?: string;
  processingDoneAt: number;
  processedAt?: number;
  sha256: string;
  sizeBytes: number;
  durationSec?: number;
  width?: number;
  height?: number;
  /** Vertical or square and at most 3 minutes: YouTube shows it as a Short (there is no API flag). */
  isShort: boolean;
  stuck: boolean;
  /** content_rejected fault: processing ends in rejected (rejectionReason). */
  rejectWith?: string;
}

/** Quota used by one Google Cloud project (client) on one Pacific day. */
export interface YouTubeQuotaDay {
  day: string;
  units: number;
  inserts: number;
}

/** YouTube's slice of the sandbox state (built by its mount from the seed data). */
export interface YouTubeState {
  clients: Map<string, YouTubeClientSeed>;
  channels: Map<string, YouTubeChannelSeed>;
  codes: Map<string, YouTubeAuthCode>;
  grants: Map<string, YouTubeGrant>;
  accessTokens: Map<string, YouTubeToken>;
  refreshTokens: Map<string, YouTubeToken>;
  sessions: Map<string, YouTubeUploadSession>;
  videos: Map<string, YouTubeVideo>;
  quota: Map<string, YouTubeQuotaDay>;
  /** Completed uploads per channel (timestamps) for the channel's 24 h upload limit. */
  uploadTimes: Map<string, number[]>;
}

declare module '../core/state.js' {
  interface PlatformStates {
    youtube: YouTubeState;
  }
}
