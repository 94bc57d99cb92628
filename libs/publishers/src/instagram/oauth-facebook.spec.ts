import { OAuthError, type OAuthProvider } from '../oauth.js';
import { consent, REDIRECT_URI, startOAuthSandbox, type OAuthSandbox } from '../testing/oauth.js';
import type { TrendFetchContext } from '../trend-source.js';
import { instagramPlatform } from './platform.js';
import type { InstagramSettings } from './settings.js';
import { FACEBOOK_LOGIN, instagramHashtagSource } from './trends.js';

const IG_BUSINESS = '17841400000000001';
const flavour = instagramPlatform.oauthFlavours?.[FACEBOOK_LOGIN];

/** Instagram's second connect option (Facebook Login, platform-apis.md §4.1), over real HTTP to the sandbox. */
describe('the Instagram Facebook Login provider (over the sandbox)', () => {
  let s: OAuthSandbox;
  let provider: OAuthProvider;
  beforeAll(async () => {
    s = await startOAuthSandbox();
    if (!flavour) throw new Error('instagram declares no facebook_login flavour');
    provider = flavour.createProvider(s.instagram);
  });
  afterAll(() => s?.close());
  afterEach(() => s.sb.clearFaults());

  const approvedCode = async (): Promise<string> => {
    const back = await consent(provider.authorizeUrl({ state: 'st-fb', redirectUri: REDIRECT_URI }), {
      decision: 'approve',
      field: 'ig_user_id',
      value: IG_BUSINESS,
    });
    expect(back.searchParams.get('state')).toBe('st-fb');
    const code = back.searchParams.get('code');
    if (!code) throw new Error(`no code in ${back.toString()}`);
    return code;
  };
  const rejection = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(OAuthError);
        const { kind, code } = error as OAuthError;
        return { kind, code };
      },
    );

  it('sends the browser to the versioned Facebook dialog with the Pages scopes', () => {
    const url = new URL(provider.authorizeUrl({ state: 'st-fb', redirectUri: REDIRECT_URI }));
    expect(`${url.origin}${url.pathname}`).toBe(`${s.instagram.settings.facebookAuthUrl}/v26.0/dialog/oauth`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: s.instagram.settings.appId,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: flavour?.scopes.join(','),
      state: 'st-fb',
    });
    expect(flavour?.scopes).toEqual(expect.arrayContaining(['instagram_basic', 'pages_show_list']));
  });

  it('exchanges the code for a long-lived user token, finds the business account through the Page and marks the login flavour', async () => {
    const tokens = await provider.exchangeCode({ code: await approvedCode(), redirectUri: REDIRECT_URI });
    expect(tokens).toEqual({ accessToken: expect.stringMatching(/^EAA/), expiresInSec: 5_183_944, scopes: [...(flavour?.scopes ?? [])] });
    expect(s.sb.inspect.requests({ endpoint: 'facebook.oauth.access_token' }).map((r) => r.status)).toEqual([200, 200]);
    const profile = await provider.fetchProfile(tokens.accessToken);
    expect(profile).toEqual({
      remoteAccountId: IG_BUSINESS,
      handle: 'sandbox.business',
      displayName: 'Sandbox Business',
      avatarUrl: expect.any(String),
      accountType: 'BUSINESS',
      capabilities: { accountType: 'BUSINESS', loginFlavour: FACEBOOK_LOGIN, facebookPageId: '100000000000001' },
    });

    // The token is one graph.facebook.com takes: Hashtag Search answers for this account …
    const settings = s.instagram.settings;
    const fetched = await instagramHashtagSource.fetch(
      { settings, credential: () => Promise.resolve(tokens.accessToken), clock: { now: () => s.sb.clock.now() } } as TrendFetchContext<InstagramSettings>,
      {
        terms: ['#coffee'],
        account: { remoteAccountId: profile.remoteAccountId, loginFlavour: String(profile.capabilities['loginFlavour']) },
        budget: { counted: [] },
      },
    );
    expect(fetched.observations.map((o) => o.label)).toEqual(['#coffee']);
    // … and so does its publishing limit (the Facebook Login host publishes Reels, §3.7).
    const limit = await fetch(`${settings.facebookGraphBaseUrl}/v26.0/${IG_BUSINESS}/content_publishing_limit`, {
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    });
    expect(limit.status).toBe(200);
  });

  it('refuses a used code, a code from the Instagram Login dialog and a dead token; refreshes by exchanging the long-lived token', async () => {
    const code = await approvedCode();
    const tokens = await provider.exchangeCode({ code, redirectUri: REDIRECT_URI });
    expect(await rejection(provider.exchangeCode({ code, redirectUri: REDIRECT_URI }))).toEqual({ kind: 'auth', code: 'graph_100' });
    const igLogin = instagramPlatform.oauth.createProvider(s.instagram);
    const igBack = await consent(igLogin.authorizeUrl({ state: 'x', redirectUri: REDIRECT_URI }), {
      decision: 'approve',
      field: 'ig_user_id',
      value: IG_BUSINESS,
    });
    expect(await rejection(provider.exchangeCode({ code: igBack.searchParams.get('code') ?? '', redirectUri: REDIRECT_URI }))).toEqual({
      kind: 'auth',
      code: 'graph_100',
    });
    expect(await rejection(provider.fetchProfile('EAAnot-a-token'))).toEqual({ kind: 'auth', code: 'graph_190' });
    // An Instagram Login token is not a Facebook one.
    const igTokens = await igLogin.exchangeCode({
      code:
        (
          await consent(igLogin.authorizeUrl({ state: 'y', redirectUri: REDIRECT_URI }), { decision: 'approve', field: 'ig_user_id', value: IG_BUSINESS })
        ).searchParams.get('code') ?? '',
      redirectUri: REDIRECT_URI,
    });
    expect(await rejection(provider.fetchProfile(igTokens.accessToken))).toEqual({ kind: 'auth', code: 'graph_190' });
    const fresh = await provider.refresh({ accessToken: tokens.accessToken, refreshToken: null });
    expect(fresh.accessToken).toMatch(/^EAA/);
    expect(fresh.accessToken).not.toBe(tokens.accessToken);
    expect((await provider.fetchProfile(fresh.accessToken)).remoteAccountId).toBe(IG_BUSINESS);
    s.sb.addFault({ match: { host: 'facebook-graph' }, kind: 'http_503', nth: 1 });
    expect(await rejection(provider.fetchProfile(fresh.accessToken))).toEqual({ kind: 'temporary', code: 'http_503' });
  });

  it('a denied dialog sends the browser back with access_denied and no code', async () => {
    const back = await consent(provider.authorizeUrl({ state: 'st-no', redirectUri: REDIRECT_URI }), {
      decision: 'deny',
      field: 'ig_user_id',
      value: IG_BUSINESS,
    });
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('code')).toBeNull();
  });
});
