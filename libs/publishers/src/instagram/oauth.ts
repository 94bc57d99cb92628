import { asNumber, asRecord, asString, form, oauthFetch, parseKeepingBigIds, type OAuthHttpResult } from '../oauth-http.js';
import { OAuthError, type OAuthProvider, type OAuthProviderDeps, type RemoteProfile, type TokenSet } from '../oauth.js';
import type { InstagramSettings } from './settings.js';

/** Graph throttling codes (platform-apis.md §3.10) — wait, never disconnect. */
const THROTTLE_CODES = new Set([4, 17, 32, 613, 80002]);

/**
 * Business Login for Instagram (platform-apis.md §4.2): code → short-lived token → long-lived
 * token (60 days), refreshed with ig_refresh_token once it is a day old.
 */
export class InstagramOAuth implements OAuthProvider {
  readonly platform = 'instagram' as const;

  private readonly urls: { instagramAuthUrl: string; instagramGraphBaseUrl: string };
  private readonly credentials: { appId: string; appSecret: string } | undefined;
  private readonly graphVersion: string;

  /** `scopes`: what the registry's descriptor declares for this platform's OAuth flavour. */
  constructor(
    private readonly deps: OAuthProviderDeps<InstagramSettings>,
    private readonly scopes: readonly string[],
  ) {
    const { authUrl, graphBaseUrl, appId, appSecret, graphApiVersion } = deps.settings;
    this.urls = { instagramAuthUrl: authUrl, instagramGraphBaseUrl: graphBaseUrl };
    // The typed config refuses one without the other (META_APP_ID and META_APP_SECRET).
    this.credentials = appId && appSecret ? { appId, appSecret } : undefined;
    this.graphVersion = graphApiVersion;
  }

  get configured(): boolean {
    return Boolean(this.credentials);
  }

  private app() {
    if (!this.credentials) throw new OAuthError('config', 'not_configured', 'Instagram is not configured: set META_APP_ID and META_APP_SECRET');
    return this.credentials;
  }

  authorizeUrl({ state, redirectUri }: { state: string; redirectUri: string }): string {
    const url = new URL(`${this.urls.instagramAuthUrl}/oauth/authorize`);
    url.search = new URLSearchParams({
      client_id: this.app().appId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: this.scopes.join(','),
      state,
    }).toString();
    return url.toString();
  }

  async exchangeCode({ code, redirectUri }: { code: string; redirectUri: string }): Promise<TokenSet> {
    const { appId, appSecret } = this.app();
    // The redirect appends "#_" to the code; a browser drops fragments, but a pasted code may keep it.
    const cleanCode = code.replace(/#_$/, '');
    const res = await this.call(
      `${this.urls.instagramAuthUrl}/oauth/access_token`,
      form({ client_id: appId, client_secret: appSecret, grant_type: 'authorization_code', redirect_uri: redirectUri, code: cleanCode }),
      'Instagram code exchange',
      parseKeepingBigIds,
    );
    if (res.status >= 400) this.fail(res, 'Instagram code exchange', 'auth');
    // CONFLICT §4.2: wrapped in data[] or flat; permissions as a string or an array.
    const body = asRecord(res.json);
    const entry = Array.isArray(body.data) ? asRecord(body.data[0]) : body;
    const shortLived = asString(entry.access_token);
    if (!shortLived) throw new OAuthError('temporary', 'bad_response', 'Instagram code exchange: no access_token in the answer');
    const permissions = entry.permissions;
    const scopes = Array.isArray(permissions) ? permissions.map(String) : (asString(permissions) ?? '').split(',').filter(Boolean);
    const longLived = await this.graphToken(
      `${this.urls.instagramGraphBaseUrl}/access_token?${new URLSearchParams({ grant_type: 'ig_exchange_token', client_secret: appSecret, access_token: shortLived })}`,
      'Instagram long-lived token exchange',
    );
    return { ...longLived, scopes };
  }

  async refresh({ accessToken }: { accessToken: string }): Promise<TokenSet> {
    return this.graphToken(
      `${this.urls.instagramGraphBaseUrl}/refresh_access_token?${new URLSearchParams({ grant_type: 'ig_refresh_token', access_token: accessToken })}`,
      'Instagram token refresh',
    );
  }

  async revoke(): Promise<void> {
    // Instagram Login has no token revocation endpoint; the stored token is deleted.
  }

  async fetchProfile(accessToken: string): Promise<RemoteProfile> {
    const res = await this.call(
      `${this.urls.instagramGraphBaseUrl}/${this.graphVersion}/me?fields=user_id,username,name,profile_picture_url,account_type`,
      { headers: { authorization: `Bearer ${accessToken}` } },
      'Instagram profile',
      parseKeepingBigIds,
    );
    if (res.status >= 400) this.fail(res, 'Instagram profile');
    const me = asRecord(res.json);
    const id = asString(me.user_id) ?? asString(me.id);
    const username = asString(me.username);
    if (!id || !username) throw new OAuthError('temporary', 'bad_response', 'Instagram profile: no user_id or username in the answer');
    const accountType = asString(me.account_type) ?? null;
    return {
      remoteAccountId: id,
      handle: username,
      displayName: asString(me.name) ?? null,
      avatarUrl: asString(me.profile_picture_url) ?? null,
      accountType,
      capabilities: { accountType },
    };
  }

  private async graphToken(url: string, what: string): Promise<TokenSet> {
    const res = await this.call(url, { method: 'GET' }, what);
    if (res.status >= 400) this.fail(res, what);
    const body = asRecord(res.json);
    const accessToken = asString(body.access_token);
    if (!accessToken) throw new OAuthError('temporary', 'bad_response', `${what}: no access_token in the answer`);
    // Instagram refreshes the access token itself: there is no separate refresh token.
    return { accessToken, expiresInSec: asNumber(body.expires_in), scopes: [] };
  }

  private call(url: string, init: RequestInit, what: string, parse?: (text: string) => unknown): Promise<OAuthHttpResult> {
    return oauthFetch(url, init, what, { timeoutMs: this.deps.timeoutMs, parse });
  }

  private fail(res: OAuthHttpResult, what: string, defaultKind: 'auth' | 'invalid' = 'invalid'): never {
    if (res.status >= 500) throw new OAuthError('temporary', `http_${res.status}`, `${what}: Instagram answered ${res.status}`);
    const body = asRecord(res.json);
    const graph = asRecord(body.error);
    const code = asNumber(graph.code) ?? asNumber(body.code);
    const type = asString(graph.type) ?? asString(body.error_type);
    if (code !== undefined && THROTTLE_CODES.has(code))
      throw new OAuthError('temporary', `graph_${code}`, `${what}: Instagram rate limit reached (code ${code})`);
    if (code === 190 || code === 102 || code === 463 || code === 467)
      throw new OAuthError('auth', `graph_${code}`, `${what}: the Instagram token is no longer valid (code ${code})`);
    const kind = type === 'OAuthException' && defaultKind === 'auth' ? 'auth' : defaultKind;
    throw new OAuthError(
      kind,
      code !== undefined ? `graph_${code}` : `http_${res.status}`,
      `${what}: refused by Instagram${code !== undefined ? ` (code ${code})` : ''}`,
    );
  }
}
