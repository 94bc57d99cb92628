import type { InstagramAccountSeed, InstagramAppSeed } from './options.js';

export interface InstagramAuthCode {
  code: string;
  appId: string;
  igUserId: string;
  scopes: string[];
  redirectUri: string;
  expiresAt: number;
  used: boolean;
  /** Which dialog issued it: a Facebook Login code is exchanged on graph.facebook.com only (§4.1). */
  login?: 'instagram' | 'facebook';
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
  /** `audio_name`: the Reel's audio, named (Reels only; renamable once in the app). */
  audioName?: string;
  /** A trial Reel (`trial_params`): shown to non-followers first; how it graduates. */
  trialGraduationStrategy?: 'MANUAL' | 'SS_PERFORMANCE';
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
  audioName?: string;
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

/** Instagram's slice of the sandbox state (built by its mount from the seed data). */
export interface InstagramState {
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
}

declare module '../core/state.js' {
  interface PlatformStates {
    instagram: InstagramState;
  }
}
