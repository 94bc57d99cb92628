import type { Ctx } from '../core/context.js';
import type { PlatformMount } from '../core/mount.js';
import type { SandboxSeedData } from '../core/options.js';
import type { Route } from '../http/router.js';
import { youtubeChartInspectionRoutes, youtubeChartRoutes } from './charts.js';
import { youtubeHostError } from './errors.js';
import { describeVideo, mintYouTubeToken, youtubeAccounts, youtubeInspectionRoutes, youtubeQuotas, type MintYouTubeInput } from './inspection.js';
import { revokeGrant, youtubeOauthRoutes } from './oauth.js';
import { DEFAULT_YOUTUBE, defaultYouTubeSeedData } from './options.js';
import type { YouTubeState } from './state.js';
import { tickYouTube, youtubeUploadRoutes } from './upload.js';
import { youtubeReadRoutes } from './videos.js';

export { DEFAULT_YOUTUBE, defaultYouTubeSeedData, type YouTubeChannelSeed, type YouTubeClientSeed, type YouTubeOptions } from './options.js';
export { YOUTUBE_SCOPES, YT_READONLY, YT_UPLOAD, nextPacificMidnight, pacificDay } from './common.js';
export { CHUNK_GRANULE, CHUNK_GRANULE as YOUTUBE_CHUNK_GRANULE } from './upload.js';
export type { MintYouTubeInput } from './inspection.js';
export { CHART_CATEGORIES as YOUTUBE_CHART_CATEGORIES, SANDBOX_YOUTUBE_API_KEY, type YouTubeChartSettings } from './charts.js';

declare module '../http/router.js' {
  /** The hosts this folder simulates (its mount's `hosts`). */
  interface SandboxHosts {
    'youtube-auth': true;
    'youtube-oauth': true;
    youtube: true;
  }
}

export function youtubeRoutes(): Route[] {
  return [...youtubeOauthRoutes(), ...youtubeUploadRoutes(), ...youtubeReadRoutes(), ...youtubeChartRoutes()];
}

/** token_revoked fault: the person removes the app's access (myaccount.google.com) mid-flow. */
export function revokeYouTubeForRequest(ctx: Ctx, token: string | undefined): void {
  const yt = ctx.core.state.youtube;
  let grantId = token ? (yt.accessTokens.get(token) ?? yt.refreshTokens.get(token))?.grantId : undefined;
  grantId ??= yt.sessions.get(ctx.query.get('upload_id') ?? '')?.grantId;
  const grant = grantId ? yt.grants.get(grantId) : undefined;
  if (grant) revokeGrant(ctx.core, grant);
}

function youtubeState(seed: SandboxSeedData): { youtube: YouTubeState } {
  return {
    youtube: {
      clients: new Map(seed.youtubeClients.map((c) => [c.clientId, structuredClone(c)])),
      channels: new Map(seed.youtubeChannels.map((c) => [c.channelId, structuredClone(c)])),
      codes: new Map(),
      grants: new Map(),
      accessTokens: new Map(),
      refreshTokens: new Map(),
      sessions: new Map(),
      videos: new Map(),
      quota: new Map(),
      uploadTimes: new Map(),
    },
  };
}

/** YouTube: Google OAuth 2.0 (accounts.google.com + oauth2.googleapis.com) and the Data API v3 (www.googleapis.com). */
export const youtubeMount = {
  platform: 'youtube',
  defaultOptions: DEFAULT_YOUTUBE,
  defaultSeedData: defaultYouTubeSeedData,
  hosts: ['youtube-auth', 'youtube-oauth', 'youtube'],
  initialState: youtubeState,
  urls: (root: string) => ({
    /** Replaces https://accounts.google.com (consent page at /o/oauth2/v2/auth). */
    youtubeAuthUrl: `${root}/youtube-auth`,
    /** Replaces https://oauth2.googleapis.com (/token, /revoke). */
    youtubeOauthUrl: `${root}/youtube-oauth`,
    /** Replaces https://www.googleapis.com (/youtube/v3/…, /upload/youtube/v3/videos). */
    youtubeApiBaseUrl: `${root}/youtube`,
  }),
  env: { YOUTUBE_AUTH_URL: 'youtubeAuthUrl', YOUTUBE_OAUTH_URL: 'youtubeOauthUrl', YOUTUBE_API_BASE_URL: 'youtubeApiBaseUrl' },
  routes: youtubeRoutes,
  inspectionRoutes: (core) => [...youtubeInspectionRoutes(core), ...youtubeChartInspectionRoutes(core)],
  accounts: youtubeAccounts,
  quotas: youtubeQuotas,
  // Every video on a channel counts, whatever its state: a second upload of the same bytes is a
  // duplicate even while it processes, after a rejection or when it stays private.
  received: (core) =>
    [...core.state.youtube.videos.values()]
      .filter((v) => v.uploadStatus !== 'deleted')
      .map((v) => ({
        platform: 'youtube' as const,
        accountId: v.channelId,
        postId: v.id,
        sourceId: v.uploadId,
        sha256: v.sha256,
        caption: v.snippet.title,
        privacyLevel: v.status.privacyStatus,
        publishedAt: v.processedAt ?? v.createdAt,
      })),
  tick: tickYouTube,
  revokeForRequest: revokeYouTubeForRequest,
  hostError: youtubeHostError,
  actions: (core) => ({
    mintYouTubeToken: (input: MintYouTubeInput) => mintYouTubeToken(core, input),
    /** A video as the sandbox knows it (uploadStatus, Shorts reading, permalink, statistics), or undefined. */
    youtubeVideo: (videoId: string) => {
      const v = core.state.youtube.videos.get(videoId);
      return v ? describeVideo(core, v) : undefined;
    },
  }),
} as const satisfies PlatformMount<'youtube'>;
