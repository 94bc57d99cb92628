import type { PlatformSettingsSpec, SettingsOf } from '../settings.js';

/** YouTube's environment variables (docs/platform-apis.md §6, §10; docs/youtube-contract.md); read by the app's typed config. */
export const YOUTUBE_SETTINGS = {
  /** Google's consent page host (https://accounts.google.com, /o/oauth2/v2/auth). */
  authUrl: { env: 'YOUTUBE_AUTH_URL', type: 'url', live: 'https://accounts.google.com', sandboxPath: '/youtube-auth' },
  /** Google's token host (https://oauth2.googleapis.com, /token and /revoke). */
  oauthUrl: { env: 'YOUTUBE_OAUTH_URL', type: 'url', live: 'https://oauth2.googleapis.com', sandboxPath: '/youtube-oauth' },
  /** The Data API v3 and its upload endpoint (https://www.googleapis.com). */
  apiBaseUrl: { env: 'YOUTUBE_API_BASE_URL', type: 'url', live: 'https://www.googleapis.com', sandboxPath: '/youtube' },
  /** The Google Cloud project's OAuth client; unset in sandbox mode, the sandbox's demo client (libs/platform-sandbox defaultSeedData). */
  clientId: { env: 'YOUTUBE_CLIENT_ID', type: 'string', pairedWith: 'clientSecret', sandboxDefault: 'sbx_youtube_client' },
  clientSecret: { env: 'YOUTUBE_CLIENT_SECRET', type: 'string', secret: true, pairedWith: 'clientId', sandboxDefault: 'sbx_youtube_secret' },
  /** The project's API key for public reads (the trending charts, issue 33, §11); unset: the charts source is off. The sandbox's demo key in sandbox mode. */
  apiKey: { env: 'YOUTUBE_API_KEY', type: 'string', secret: true, sandboxDefault: 'sbx_youtube_api_key' },
  /** videos.insert's own bucket: calls per Pacific day for the whole project (§10); the `youtube:insert` limit. */
  insertCallsPerDay: { env: 'YOUTUBE_INSERT_CALLS_PER_DAY', type: 'integer', min: 1, default: 100 },
  /** Every other call shares these units per Pacific day (§10); the `youtube:units` limit (videos.list costs 1). */
  dailyUnits: { env: 'YOUTUBE_DAILY_UNITS', type: 'integer', min: 1, default: 10_000 },
} as const satisfies PlatformSettingsSpec;

export type YouTubeSettings = SettingsOf<typeof YOUTUBE_SETTINGS>;
