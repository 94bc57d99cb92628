import type { PlatformSettingsSpec, SettingsOf } from '../settings.js';

/** Instagram's environment variables (platform-apis.md §3, §4); read by the app's typed config. */
export const INSTAGRAM_SETTINGS = {
  /** Instagram Login's authorize and code exchange host (https://api.instagram.com). */
  authUrl: { env: 'INSTAGRAM_AUTH_URL', type: 'url', live: 'https://api.instagram.com', sandboxPath: '/instagram-auth' },
  /** The Instagram Graph API (Instagram Login flavour). */
  graphBaseUrl: { env: 'INSTAGRAM_GRAPH_BASE_URL', type: 'url', live: 'https://graph.instagram.com', sandboxPath: '/instagram-graph' },
  /** The Facebook Graph API (Facebook Login flavour). */
  facebookGraphBaseUrl: { env: 'FACEBOOK_GRAPH_BASE_URL', type: 'url', live: 'https://graph.facebook.com', sandboxPath: '/facebook-graph' },
  /** Facebook Login's dialog host (https://www.facebook.com/{v}/dialog/oauth, §4.1); the sandbox serves it beside its Graph. */
  facebookAuthUrl: { env: 'FACEBOOK_AUTH_URL', type: 'url', live: 'https://www.facebook.com', sandboxPath: '/facebook-graph' },
  /** The Meta app; unset in sandbox mode, the sandbox's demo app (libs/platform-sandbox defaultSeedData). */
  appId: { env: 'META_APP_ID', type: 'string', pairedWith: 'appSecret', sandboxDefault: '990000000000001' },
  appSecret: { env: 'META_APP_SECRET', type: 'string', secret: true, pairedWith: 'appId', sandboxDefault: 'sbx_instagram_app_secret' },
  /** Graph API version in every path (§3.2). */
  graphApiVersion: { env: 'GRAPH_API_VERSION', type: 'string', pattern: { source: '^v\\d{1,3}\\.\\d$', message: 'must look like v26.0' }, default: 'v26.0' },
  /** Meta's webhook verification handshake (hub.verify_token); unset, GET /webhooks/instagram refuses it. */
  webhookVerifyToken: {
    env: 'META_WEBHOOK_VERIFY_TOKEN',
    type: 'string',
    secret: true,
    pattern: { source: '^\\S{8,200}$', message: 'must be 8–200 characters without spaces' },
  },
  /** Reels published per account in 24 h (§3.7); the `instagram:publish` limit. */
  publishQuota: { env: 'INSTAGRAM_PUBLISH_QUOTA', type: 'integer', min: 1, default: 50 },
} as const satisfies PlatformSettingsSpec;

export type InstagramSettings = SettingsOf<typeof INSTAGRAM_SETTINGS>;
