import type { PlatformSettingsSpec, SettingsOf } from '../settings.js';

/** X's environment variables (docs/platform-apis.md §7, §10; issue #23); read by the app's typed config. */
export const X_SETTINGS = {
  /** X's consent page host (https://x.com, /i/oauth2/authorize). */
  authUrl: { env: 'X_AUTH_URL', type: 'url', live: 'https://x.com', sandboxPath: '/x-web' },
  /** The API v2 host: token endpoint (/2/oauth2/token), media upload, posts (https://api.x.com). */
  apiBaseUrl: { env: 'X_API_BASE_URL', type: 'url', live: 'https://api.x.com', sandboxPath: '/x-api' },
  /** The X app's OAuth 2.0 client (confidential: Basic auth); unset in sandbox mode, the sandbox's demo client. */
  clientId: { env: 'X_CLIENT_ID', type: 'string', pairedWith: 'clientSecret', sandboxDefault: 'sbx_x_client' },
  clientSecret: { env: 'X_CLIENT_SECRET', type: 'string', secret: true, pairedWith: 'clientId', sandboxDefault: 'sbx_x_secret' },
  /** The app's app-only Bearer token (trends and counts, issue 33, §11); unset: X trends are off. The sandbox's token of its demo app in sandbox mode. */
  appBearerToken: { env: 'X_APP_BEARER_TOKEN', type: 'string', secret: true, sandboxDefault: 'sbx_x_app_bearer_sbx_x_client' },
} as const satisfies PlatformSettingsSpec;

export type XSettings = SettingsOf<typeof X_SETTINGS>;
