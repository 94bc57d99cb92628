/**
 * Instagram's simulator options and demo seed data (issue 19: kept in its folder, composed by the
 * mount). Every value the contract marks UNCONFIRMED or CONFLICT is a tunable here, defaulting to
 * the value platform-apis.md recommends for a simulator.
 */
import { DEFAULT_LOCAL_REDIRECTS, type SandboxSeedData } from '../core/options.js';

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
  /** Trial Reels available to the account (`trial_params`, §3); false: container creation answers 2207081. Default true. */
  trialReels?: boolean;
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

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

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

/** The demo Instagram seed data (SandboxOptions.seedData replaces a list). */
export function defaultInstagramSeedData(): Pick<SandboxSeedData, 'instagramApps' | 'instagramAccounts'> {
  return {
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
  };
}

declare module '../core/options.js' {
  /** Instagram's demo data: its clients and accounts. */
  interface SandboxSeedData {
    instagramApps: InstagramAppSeed[];
    instagramAccounts: InstagramAccountSeed[];
  }
  /** Instagram's tunables (SandboxOptions.instagram overrides them). */
  interface PlatformOptions {
    instagram: InstagramOptions;
  }
}
