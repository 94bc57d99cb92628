import { asRecord, asString, form, oauthFetch, pkceChallenge, pkceVerifier, readTokenAnswer, type OAuthHttpResult } from '../oauth-http.js';
import { OAuthError, type OAuthProvider, type OAuthProviderDeps, type RemoteProfile, type TokenSet } from '../oauth.js';
import type { YouTubeSettings } from './settings.js';

/** Token-endpoint errors meaning the grant itself is dead (docs/youtube-contract.md "OAuth"). */
const AUTH_ERRORS = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client', 'invalid_token']);

/** PKCE verifier of a connect flow (see pkceVerifier). */
export const youtubeCodeVerifier = (clientSecret: string, state: string): string => pkceVerifier(clientSecret, 'pkce', state);
export const youtubeCodeChallenge = pkceChallenge;

/**
 * Google OAuth 2.0 web server flow for the YouTube Data API (docs/platform-apis.md §6, §10;
 * docs/youtube-contract.md): `access_type=offline` with `prompt=consent` (a refresh token also on a
 * reconnect), PKCE S256, scopes youtube.upload + youtube.readonly. The granted scopes are read
 * from the token answer (granular consent may drop one). A refresh answer has no refresh token:
 * the app keeps the stored one.
 */
export class YouTubeOAuth implements OAuthProvider {
  readonly platform = 'youtube' as const;
  private readonly credentials: { clientId: string; clientSecret: string } | undefined;

  constructor(
    private readonly deps: OAuthProviderDeps<YouTubeSettings>,
    private readonly scopes: readonly string[],
  ) {
    const { clientId, clientSecret } = deps.settings;
    this.credentials = clientId && clientSecret ? { clientId, clientSecret } : undefined;
  }

  get configured(): boolean {
    return Boolean(this.credentials);
  }

  private client() {
    if (!this.credentials) throw new OAuthError('config', 'not_configured', 'YouTube is not configured: set YOUTUBE_CLIENT_ID and YOUTUBE_CLIENT_SECRET');
    return this.credentials;
  }

  authorizeUrl({ state, redirectUri }: { state: string; redirectUri: string }): string {
    const { clientId, clientSecret } = this.client();
    const url = new URL(`${this.deps.settings.authUrl}/o/oauth2/v2/auth`);
    url.search = new URLSearchParams({
      client_id: clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: this.scopes.join(' '),
      access_type: 'offline',
      // Without it a reconnect gets no refresh token (the first consent's is kept anyway).
      prompt: 'consent',
      state,
      code_challenge: pkceChallenge(youtubeCodeVerifier(clientSecret, state)),
      code_challenge_method: 'S256',
    }).toString();
    return url.toString();
  }

  async exchangeCode({ code, redirectUri, state }: { code: string; redirectUri: string; state?: string }): Promise<TokenSet> {
    const { clientId, clientSecret } = this.client();
    if (!state) throw new OAuthError('invalid', 'missing_state', 'YouTube code exchange: the connect state is needed for PKCE');
    return this.tokenCall(
      {
        client_id: clientId,
        client_secret: clientSecret,
        code,
        grant_type: 'authorization_code',
        redirect_uri: redirectUri,
        code_verifier: youtubeCodeVerifier(clientSecret, state),
      },
      'YouTube code exchange',
    );
  }

  refresh({ refreshToken }: { refreshToken: string | null }): Promise<TokenSet> {
    if (!refreshToken) throw new OAuthError('auth', 'no_refresh_token', 'YouTube: no refresh token is stored; reconnect the channel');
    const { clientId, clientSecret } = this.client();
    return this.tokenCall(
      { client_id: clientId, client_secret: clientSecret, grant_type: 'refresh_token', refresh_token: refreshToken },
      'YouTube token refresh',
    );
  }

  async revoke(accessToken: string): Promise<void> {
    const res = await this.call(
      `${this.deps.settings.oauthUrl}/revoke?${new URLSearchParams({ token: accessToken })}`,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      'YouTube revoke',
    );
    // 400 invalid_token: already revoked or unknown — nothing left to revoke.
    if (res.status >= 500) throw new OAuthError('temporary', `http_${res.status}`, `YouTube revoke: Google answered ${res.status}`);
  }

  /** The channel behind the token: `channels.list?part=snippet&mine=true` (1 unit, needs youtube.readonly). */
  async fetchProfile(accessToken: string): Promise<RemoteProfile> {
    const res = await this.call(
      `${this.deps.settings.apiBaseUrl}/youtube/v3/channels?${new URLSearchParams({ part: 'snippet', mine: 'true' })}`,
      { headers: { authorization: `Bearer ${accessToken}` } },
      'YouTube channel read',
    );
    if (res.status >= 400) {
      const error = asRecord(asRecord(res.json).error);
      const reason = asString(asRecord(Array.isArray(error.errors) ? error.errors[0] : undefined).reason) ?? `http_${res.status}`;
      if (res.status >= 500 || reason === 'quotaExceeded' || reason === 'rateLimitExceeded')
        throw new OAuthError('temporary', reason, `YouTube channel read: Google is unavailable or the quota is spent (${reason})`);
      if (res.status === 401) throw new OAuthError('auth', reason, 'YouTube channel read: the access token is no longer valid');
      if (reason === 'insufficientPermissions')
        throw new OAuthError('auth', 'scope_missing', 'YouTube channel read: the read permission (youtube.readonly) was not granted; reconnect and accept it');
      throw new OAuthError('invalid', reason, `YouTube channel read: ${reason}`);
    }
    const items = asRecord(res.json).items;
    const channel = asRecord(Array.isArray(items) ? items[0] : undefined);
    const id = asString(channel.id);
    if (!id) throw new OAuthError('invalid', 'no_channel', 'YouTube: this Google account has no YouTube channel; create one, then connect again');
    const snippet = asRecord(channel.snippet);
    const title = asString(snippet.title) ?? null;
    const thumbnails = asRecord(snippet.thumbnails);
    const avatar = asString(asRecord(thumbnails.default).url) ?? asString(asRecord(thumbnails.medium).url) ?? null;
    return {
      remoteAccountId: id,
      handle: asString(snippet.customUrl)?.replace(/^@/, '') ?? title ?? id,
      displayName: title,
      avatarUrl: avatar,
      accountType: null,
      capabilities: { channelId: id, channelTitle: title },
    };
  }

  private call(url: string, init: RequestInit, what: string): Promise<OAuthHttpResult> {
    return oauthFetch(url, init, what, { timeoutMs: this.deps.timeoutMs });
  }

  private async tokenCall(fields: Record<string, string>, what: string): Promise<TokenSet> {
    const res = await this.call(`${this.deps.settings.oauthUrl}/token`, form(fields), what);
    return readTokenAnswer(res, what, 'Google', AUTH_ERRORS);
  }
}
