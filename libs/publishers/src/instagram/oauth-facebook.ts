import { asNumber, asRecord, asString, oauthFetch, type OAuthHttpResult } from '../oauth-http.js';
import { OAuthError, type OAuthProvider, type OAuthProviderDeps, type RemoteProfile, type TokenSet } from '../oauth.js';
import type { InstagramSettings } from './settings.js';
import { FACEBOOK_LOGIN } from './trends.js';

/** Graph throttling codes (platform-apis.md §3.10) — wait, never disconnect. */
const THROTTLE_CODES = new Set([4, 17, 32, 613, 80002]);

/**
 * Facebook Login for the Instagram Graph API (platform-apis.md §3.1, §4.1): the dialog on
 * www.facebook.com, code → short-lived user token → long-lived (fb_exchange_token, 60 days) on
 * graph.facebook.com; the Instagram business account is found through the user's Pages. Only this
 * flavour may use Hashtag Search (§11), hence `capabilities.loginFlavour`.
 */
export class InstagramFacebookOAuth implements OAuthProvider {
  readonly platform = 'instagram' as const;

  private readonly credentials: { appId: string; appSecret: string } | undefined;
  private readonly dialogUrl: string;
  private readonly graph: string;

  constructor(
    private readonly deps: OAuthProviderDeps<InstagramSettings>,
    private readonly scopes: readonly string[],
  ) {
    const { facebookAuthUrl, facebookGraphBaseUrl, appId, appSecret, graphApiVersion } = deps.settings;
    this.credentials = appId && appSecret ? { appId, appSecret } : undefined;
    this.dialogUrl = `${facebookAuthUrl.replace(/\/+$/, '')}/${graphApiVersion}/dialog/oauth`;
    this.graph = `${facebookGraphBaseUrl.replace(/\/+$/, '')}/${graphApiVersion}`;
  }

  get configured(): boolean {
    return Boolean(this.credentials);
  }

  private app() {
    if (!this.credentials) throw new OAuthError('config', 'not_configured', 'Instagram is not configured: set META_APP_ID and META_APP_SECRET');
    return this.credentials;
  }

  authorizeUrl({ state, redirectUri }: { state: string; redirectUri: string }): string {
    const url = new URL(this.dialogUrl);
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
    const short = await this.token(
      { client_id: appId, client_secret: appSecret, redirect_uri: redirectUri, code: code.replace(/#_=_$/, '') },
      'Facebook code exchange',
      'auth',
    );
    const long = await this.token(
      { grant_type: 'fb_exchange_token', client_id: appId, client_secret: appSecret, fb_exchange_token: short.accessToken },
      'Facebook long-lived token exchange',
    );
    // The dialog grants what was asked unless the person unticks some; the profile read checks the essentials.
    return { ...long, scopes: [...this.scopes] };
  }

  async refresh({ accessToken }: { accessToken: string }): Promise<TokenSet> {
    // A long-lived user token is exchanged for a fresh one the same way (§4.1).
    const { appId, appSecret } = this.app();
    return this.token(
      { grant_type: 'fb_exchange_token', client_id: appId, client_secret: appSecret, fb_exchange_token: accessToken },
      'Facebook token refresh',
    );
  }

  async revoke(): Promise<void> {
    // The stored token is deleted; the person removes the app from their Facebook settings.
  }

  async fetchProfile(accessToken: string): Promise<RemoteProfile> {
    const auth = { headers: { authorization: `Bearer ${accessToken}` } };
    const pages = await this.call(`${this.graph}/me/accounts?fields=id,name,instagram_business_account`, auth, 'Facebook Pages');
    if (pages.status >= 400) this.fail(pages, 'Facebook Pages');
    const data = asRecord(pages.json).data;
    const withIg = (Array.isArray(data) ? data : []).map(asRecord).find((p) => asString(asRecord(p.instagram_business_account).id));
    const igUserId = withIg ? asString(asRecord(withIg.instagram_business_account).id) : undefined;
    if (!withIg || !igUserId)
      throw new OAuthError('invalid', 'no_instagram_business_account', 'None of your Facebook Pages has an Instagram business account linked to it');
    const ig = await this.call(`${this.graph}/${igUserId}?fields=id,username,name,profile_picture_url`, auth, 'Instagram profile');
    if (ig.status >= 400) this.fail(ig, 'Instagram profile');
    const me = asRecord(ig.json);
    const username = asString(me.username);
    if (!username) throw new OAuthError('temporary', 'bad_response', 'Instagram profile: no username in the answer');
    return {
      remoteAccountId: igUserId,
      handle: username,
      displayName: asString(me.name) ?? null,
      avatarUrl: asString(me.profile_picture_url) ?? null,
      // Reached through a Page: a business account (§4.1).
      accountType: 'BUSINESS',
      capabilities: { accountType: 'BUSINESS', loginFlavour: FACEBOOK_LOGIN, facebookPageId: asString(withIg.id) ?? null },
    };
  }

  private async token(params: Record<string, string>, what: string, defaultKind: 'auth' | 'invalid' = 'invalid'): Promise<TokenSet> {
    const res = await this.call(`${this.graph}/oauth/access_token?${new URLSearchParams(params)}`, { method: 'GET' }, what);
    if (res.status >= 400) this.fail(res, what, defaultKind);
    const body = asRecord(res.json);
    const accessToken = asString(body.access_token);
    if (!accessToken) throw new OAuthError('temporary', 'bad_response', `${what}: no access_token in the answer`);
    return { accessToken, expiresInSec: asNumber(body.expires_in), scopes: [] };
  }

  private call(url: string, init: RequestInit, what: string): Promise<OAuthHttpResult> {
    return oauthFetch(url, init, what, { timeoutMs: this.deps.timeoutMs });
  }

  private fail(res: OAuthHttpResult, what: string, defaultKind: 'auth' | 'invalid' = 'invalid'): never {
    if (res.status >= 500) throw new OAuthError('temporary', `http_${res.status}`, `${what}: Facebook answered ${res.status}`);
    const graph = asRecord(asRecord(res.json).error);
    const code = asNumber(graph.code);
    if (code !== undefined && THROTTLE_CODES.has(code)) throw new OAuthError('temporary', `graph_${code}`, `${what}: Meta rate limit reached (code ${code})`);
    if (code === 190 || code === 102) throw new OAuthError('auth', `graph_${code}`, `${what}: the Facebook token is no longer valid (code ${code})`);
    throw new OAuthError(
      defaultKind,
      code !== undefined ? `graph_${code}` : `http_${res.status}`,
      `${what}: refused by Facebook${code !== undefined ? ` (code ${code})` : ''}`,
    );
  }
}
