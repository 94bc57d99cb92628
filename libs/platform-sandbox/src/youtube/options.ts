/**
 * YouTube's simulator options and demo seed data (issue 19: kept in its folder, composed by the
 * mount). Every value the contract marks UNCONFIRMED or CONFLICT is a tunable here, defaulting to
 * the value platform-apis.md recommends for a simulator.
 */
import { DEFAULT_LOCAL_REDIRECTS, type SandboxSeedData } from '../core/options.js';

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

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

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

/** The demo YouTube seed data (SandboxOptions.seedData replaces a list). */
export function defaultYouTubeSeedData(): Pick<SandboxSeedData, 'youtubeClients' | 'youtubeChannels'> {
  return {
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

declare module '../core/options.js' {
  /** YouTube's demo data: its clients and accounts. */
  interface SandboxSeedData {
    youtubeClients: YouTubeClientSeed[];
    youtubeChannels: YouTubeChannelSeed[];
  }
  /** YouTube's tunables (SandboxOptions.youtube overrides them). */
  interface PlatformOptions {
    youtube: YouTubeOptions;
  }
}
