import type { PlatformSettingsSpec, SettingsOf } from '../settings.js';

/** TikTok's environment variables (platform-apis.md §1, §2); read by the app's typed config. */
export const TIKTOK_SETTINGS = {
  /** Login Kit's authorize page host (https://www.tiktok.com). */
  authUrl: { env: 'TIKTOK_AUTH_URL', type: 'url', live: 'https://www.tiktok.com', sandboxPath: '/tiktok-auth' },
  /** open.tiktokapis.com: tokens, user info, the Content Posting API. */
  apiBaseUrl: { env: 'TIKTOK_API_BASE_URL', type: 'url', live: 'https://open.tiktokapis.com', sandboxPath: '/tiktok' },
  /** The app's client key and secret; unset in sandbox mode, the sandbox's demo client (libs/platform-sandbox defaultSeedData). */
  clientKey: { env: 'TIKTOK_CLIENT_KEY', type: 'string', pairedWith: 'clientSecret', sandboxDefault: 'sbx_tiktok_client_key' },
  clientSecret: { env: 'TIKTOK_CLIENT_SECRET', type: 'string', secret: true, pairedWith: 'clientKey', sandboxDefault: 'sbx_tiktok_client_secret' },
  /**
   * URL prefixes verified with TikTok (§1.5): a job whose media link starts with one posts with
   * PULL_FROM_URL, any other with FILE_UPLOAD. None by default.
   */
  pullVerifiedPrefixes: { env: 'TIKTOK_PULL_VERIFIED_PREFIXES', type: 'url_prefixes' },
} as const satisfies PlatformSettingsSpec;

export type TikTokSettings = SettingsOf<typeof TIKTOK_SETTINGS>;
