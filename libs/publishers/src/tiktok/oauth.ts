import { asNumber, asRecord, asString, form, oauthFetch, type OAuthHttpResult } from '../oauth-http.js';
import { OAuthError, type OAuthProvider, type OAuthProviderDeps, type RemoteProfile, type TokenSet } from '../oauth.js';
import { tiktokApiError } from './errors.js';
import type { TikTokSettings } from './settings.js';

/** platform-apis.md §2.2: error codes meaning the grant itself is dead. */
const AUTH_ERRORS = new Set(['invalid_grant', 'access_token_invalid', 'scope_not_authorized', 'invalid_client', 'unauthorized_client']);

/**
 * TikTok Login Kit for Web (platform-apis.md §2). The web flow authenticates with the client
 * secret; PKCE is documented for desktop and mobile only (and its challenge encoding there is
 * unconfirmed), so it is not sent.
 */
export class TikTokOAuth implements OAuthProvider {
  readonly platform = 'tiktok' as const;

  private readonly urls: { tiktokAuthUrl: string; tiktokApiBaseUrl: string };
  private readonly credentials: { clientKey: string; clientSecret: string } | undefined;

  /** `scopes`: what the registry's descriptor declares for this platform's OAuth flavour. */
  constructor(
    private readonly deps: OAuthProviderDeps<TikTokSettings>,
    private readonly scopes: readonly string[],
  ) {
    const { authUrl, apiBaseUrl, clientKey, clientSecret } = deps.settings;
    this.urls = { tiktokAuthUrl: authUrl, tiktokApiBaseUrl: apiBaseUrl };
    // The typed config refuses one without the other (TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET).
    this.credentials = clientKey && clientSecret ? { clientKey, clientSecret } : undefined;
  }

  get configured(): boolean {
    return Boolean(this.credentials);
  }

  private client() {
    if (!this.credentials) throw new OAuthError('config', 'not_configured', 'TikTok is not configured: set TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET');
    return this.credentials;
  }

  authorizeUrl({ state, redirectUri }: { state: string; redirectUri: string }): string {
    const url = new URL(`${this.urls.tiktokAuthUrl}/v2/auth/authorize/`);
    url.search = new URLSearchParams({
      client_key: this.client().clientKey,
      scope: this.scopes.join(','),
      response_type: 'code',
      redirect_uri: redirectUri,
      state,
    }).toString();
    return url.toString();
  }

  exchangeCode({ code, redirectUri }: { code: string; redirectUri: string }): Promise<TokenSet> {
    const { clientKey, clientSecret } = this.client();
    return this.tokenCall(
      { client_key: clientKey, client_secret: clientSecret, code, grant_type: 'authorization_code', redirect_uri: redirectUri },
      'TikTok code exchange',
    );
  }

  refresh({ refreshToken }: { refreshToken: string | null }): Promise<TokenSet> {
    if (!refreshToken) throw new OAuthError('auth', 'no_refresh_token', 'TikTok: no refresh token is stored; reconnect the account');
    const { clientKey, clientSecret } = this.client();
    return this.tokenCall(
      { client_key: clientKey, client_secret: clientSecret, grant_type: 'refresh_token', refresh_token: refreshToken },
      'TikTok token refresh',
    );
  }

  async revoke(accessToken: string): Promise<void> {
    const { clientKey, clientSecret } = this.client();
    await this.call(
      `${this.urls.tiktokApiBaseUrl}/v2/oauth/revoke/`,
      form({ client_key: clientKey, client_secret: clientSecret, token: accessToken }),
      'TikTok revoke',
    );
  }

  async fetchProfile(accessToken: string): Promise<RemoteProfile> {
    const headers = { authorization: `Bearer ${accessToken}` };
    let info = await this.envelope(
      await this.call(`${this.urls.tiktokApiBaseUrl}/v2/user/info/?fields=open_id,union_id,avatar_url,display_name,username`, { headers }, 'TikTok user info'),
      'TikTok user info',
      true,
    );
    if (!info) {
      // username needs user.info.profile; without it, basic fields still identify the account.
      info = (await this.envelope(
        await this.call(`${this.urls.tiktokApiBaseUrl}/v2/user/info/?fields=open_id,union_id,avatar_url,display_name`, { headers }, 'TikTok user info'),
        'TikTok user info',
      ))!;
    }
    const user = asRecord(info.user);
    const openId = asString(user.open_id);
    if (!openId) throw new OAuthError('temporary', 'bad_response', 'TikTok user info: no open_id in the answer');
    const creatorRes = await this.call(
      `${this.urls.tiktokApiBaseUrl}/v2/post/publish/creator_info/query/`,
      { method: 'POST', headers: { ...headers, 'content-type': 'application/json; charset=UTF-8' }, body: '{}' },
      'TikTok creator info',
    );
    // A ban arrives as HTTP 200 with an error code (platform-apis.md §1.2): the account is restricted.
    const refusal = asString(asRecord(asRecord(creatorRes.json).error).code);
    const refused = refusal && refusal !== 'ok' ? tiktokApiError(refusal, { httpStatus: creatorRes.status }) : undefined;
    const restriction = refused?.class === 'account_restricted' ? { code: refusal!, message: refused.explanation.en } : null;
    const creator = restriction ? undefined : await this.envelope(creatorRes, 'TikTok creator info', true);
    const capabilities: Record<string, unknown> = creator
      ? {
          privacyLevelOptions: creator.privacy_level_options ?? [],
          maxVideoPostDurationSec: creator.max_video_post_duration_sec ?? null,
          commentDisabled: creator.comment_disabled ?? false,
          duetDisabled: creator.duet_disabled ?? false,
          stitchDisabled: creator.stitch_disabled ?? false,
        }
      : {};
    const display = asString(user.display_name) ?? asString(creator?.creator_nickname) ?? null;
    return {
      remoteAccountId: openId,
      handle: asString(user.username) ?? asString(creator?.creator_username) ?? display ?? openId,
      displayName: display,
      avatarUrl: asString(user.avatar_url) ?? asString(creator?.creator_avatar_url) ?? null,
      accountType: null,
      capabilities,
      restriction,
    };
  }

  /** Reads TikTok's v2 envelope; success only when error.code is "ok" (even on HTTP 200). */
  private async envelope(res: OAuthHttpResult, what: string, tolerate = false): Promise<Record<string, unknown> | undefined> {
    const body = asRecord(res.json);
    const error = asRecord(body.error);
    const code = asString(error.code) ?? (res.status === 200 ? 'ok' : `http_${res.status}`);
    if (code === 'ok' && res.status < 400) return asRecord(body.data);
    if (res.status >= 500 || res.status === 429 || code === 'rate_limit_exceeded' || code === 'internal_error') {
      throw new OAuthError('temporary', code, `${what}: TikTok is unavailable or rate-limited (${code})`);
    }
    if (code === 'access_token_invalid') throw new OAuthError('auth', code, `${what}: the access token is no longer valid`);
    if (tolerate) return undefined;
    throw new OAuthError(AUTH_ERRORS.has(code) ? 'auth' : 'invalid', code, `${what}: ${code}`);
  }

  private call(url: string, init: RequestInit, what: string): Promise<OAuthHttpResult> {
    return oauthFetch(url, init, what, { timeoutMs: this.deps.timeoutMs });
  }

  private async tokenCall(fields: Record<string, string>, what: string): Promise<TokenSet> {
    const res = await this.call(`${this.urls.tiktokApiBaseUrl}/v2/oauth/token/`, form(fields), what);
    const body = asRecord(res.json);
    // Error bodies are flat, and may come with HTTP 200 (platform-apis.md §2.2).
    const error = asString(body.error);
    if (error || res.status >= 400 || !asString(body.access_token)) {
      if (res.status >= 500 || res.status === 429) throw new OAuthError('temporary', `http_${res.status}`, `${what}: TikTok answered ${res.status}`);
      const code = error ?? 'bad_response';
      throw new OAuthError(AUTH_ERRORS.has(code) ? 'auth' : code === 'bad_response' ? 'temporary' : 'invalid', code, `${what}: ${code}`);
    }
    return {
      accessToken: asString(body.access_token)!,
      refreshToken: asString(body.refresh_token) || undefined,
      expiresInSec: asNumber(body.expires_in),
      refreshExpiresInSec: asNumber(body.refresh_expires_in),
      scopes: (asString(body.scope) ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    };
  }
}
