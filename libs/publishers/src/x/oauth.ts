import { asRecord, asString, oauthFetch, parseKeepingBigIds, pkceChallenge, pkceVerifier, readTokenAnswer, type OAuthHttpResult } from '../oauth-http.js';
import { OAuthError, type OAuthProvider, type OAuthProviderDeps, type RemoteProfile, type TokenSet } from '../oauth.js';
import { readXError } from './errors.js';
import type { XSettings } from './settings.js';

/**
 * Token-endpoint errors meaning the grant or code itself is dead. X answers a used (rotated),
 * revoked or unknown refresh token — and a used, expired (30 s) or unknown code, or a verifier
 * that does not match — with `invalid_request` ("Value passed for the token was invalid").
 */
const AUTH_ERRORS = new Set(['invalid_grant', 'invalid_client', 'unauthorized_client', 'invalid_token', 'invalid_request']);

/** PKCE verifier of a connect flow (see pkceVerifier). */
export const xCodeVerifier = (clientSecret: string, state: string): string => pkceVerifier(clientSecret, 'x-pkce', state);
export const xCodeChallenge = pkceChallenge;

/**
 * X OAuth 2.0 authorization code flow with PKCE (docs/platform-apis.md §7, §10; issue #23):
 * authorize at `https://x.com/i/oauth2/authorize`, token at `https://api.x.com/2/oauth2/token` as a
 * confidential client (HTTP Basic), scopes `tweet.read tweet.write users.read media.write
 * offline.access`. The code lives 30 s: the callback exchanges it at once. Access tokens last 2 h;
 * every refresh returns a new refresh token and kills the old one — the app stores the new pair in
 * the refresh's transaction, one refresh per account at a time (descriptor `refreshTokenRotates`).
 */
export class XOAuth implements OAuthProvider {
  readonly platform = 'x' as const;
  private readonly credentials: { clientId: string; clientSecret: string } | undefined;

  constructor(
    private readonly deps: OAuthProviderDeps<XSettings>,
    private readonly scopes: readonly string[],
  ) {
    const { clientId, clientSecret } = deps.settings;
    this.credentials = clientId && clientSecret ? { clientId, clientSecret } : undefined;
  }

  get configured(): boolean {
    return Boolean(this.credentials);
  }

  private client() {
    if (!this.credentials) throw new OAuthError('config', 'not_configured', 'X is not configured: set X_CLIENT_ID and X_CLIENT_SECRET');
    return this.credentials;
  }

  authorizeUrl({ state, redirectUri }: { state: string; redirectUri: string }): string {
    const { clientId, clientSecret } = this.client();
    const url = new URL(`${this.deps.settings.authUrl}/i/oauth2/authorize`);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: redirectUri,
      scope: this.scopes.join(' '),
      state,
      code_challenge: pkceChallenge(xCodeVerifier(clientSecret, state)),
      code_challenge_method: 'S256',
    }).toString();
    return url.toString();
  }

  async exchangeCode({ code, redirectUri, state }: { code: string; redirectUri: string; state?: string }): Promise<TokenSet> {
    const { clientId, clientSecret } = this.client();
    if (!state) throw new OAuthError('invalid', 'missing_state', 'X code exchange: the connect state is needed for PKCE');
    return this.tokenCall(
      { code, grant_type: 'authorization_code', client_id: clientId, redirect_uri: redirectUri, code_verifier: xCodeVerifier(clientSecret, state) },
      'X code exchange',
    );
  }

  refresh({ refreshToken }: { refreshToken: string | null }): Promise<TokenSet> {
    if (!refreshToken) throw new OAuthError('auth', 'no_refresh_token', 'X: no refresh token is stored; reconnect the account');
    const { clientId } = this.client();
    return this.tokenCall({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId }, 'X token refresh');
  }

  async revoke(accessToken: string): Promise<void> {
    const { clientId } = this.client();
    const res = await this.call(
      `${this.deps.settings.apiBaseUrl}/2/oauth2/revoke`,
      this.basic({ token: accessToken, token_type_hint: 'access_token', client_id: clientId }),
      'X revoke',
    );
    if (res.status >= 500 || res.status === 429) throw new OAuthError('temporary', `http_${res.status}`, `X revoke: X answered ${res.status}`);
  }

  /** The account behind the token: `GET /2/users/me` (users.read). */
  async fetchProfile(accessToken: string): Promise<RemoteProfile> {
    const res = await this.call(
      `${this.deps.settings.apiBaseUrl}/2/users/me?${new URLSearchParams({ 'user.fields': 'profile_image_url,username,name,public_metrics' })}`,
      { headers: { authorization: `Bearer ${accessToken}` } },
      'X account read',
    );
    if (res.status >= 400) {
      const body = readXError(res.text);
      const reason = body.problem ?? body.code ?? `http_${res.status}`;
      if (res.status >= 500 || res.status === 429)
        throw new OAuthError('temporary', reason, `X account read: X is unavailable or rate limited (${res.status})`);
      if (res.status === 401) throw new OAuthError('auth', reason, 'X account read: the access token is no longer valid');
      if (res.status === 403 || body.reason === 'missing-scopes')
        throw new OAuthError('auth', 'scope_missing', 'X account read: the users.read permission was not granted; reconnect and accept it');
      throw new OAuthError('invalid', reason, `X account read: ${reason}`);
    }
    const user = asRecord(asRecord(res.json).data);
    const id = asString(user.id);
    if (!id) throw new OAuthError('temporary', 'bad_response', 'X account read: no user in the answer');
    const username = asString(user.username) ?? id;
    return {
      remoteAccountId: id,
      handle: username,
      displayName: asString(user.name) ?? null,
      avatarUrl: asString(user.profile_image_url) ?? null,
      accountType: null,
      capabilities: { userId: id, username },
    };
  }

  /** Confidential client: `Authorization: Basic base64(client_id:client_secret)` on a form POST. */
  private basic(fields: Record<string, string>): RequestInit {
    const { clientId, clientSecret } = this.client();
    return {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`,
      },
      body: new URLSearchParams(fields).toString(),
    };
  }

  private call(url: string, init: RequestInit, what: string): Promise<OAuthHttpResult> {
    return oauthFetch(url, init, what, { timeoutMs: this.deps.timeoutMs, parse: parseKeepingBigIds });
  }

  private async tokenCall(fields: Record<string, string>, what: string): Promise<TokenSet> {
    const res = await this.call(`${this.deps.settings.apiBaseUrl}/2/oauth2/token`, this.basic(fields), what);
    return readTokenAnswer(res, what, 'X', AUTH_ERRORS);
  }
}
