import { OAuthError, type OAuthProvider } from '../oauth.js';
import { consent, REDIRECT_URI, startOAuthSandbox, type OAuthSandbox } from '../testing/oauth.js';
import { instagramPlatform } from './platform.js';

/** Beyond 2^53: read as a JSON number it would come back as another id. */
const IG_BUSINESS = '17841400000000001';
const DAY_MS = 24 * 3600_000;

/** Instagram's OAuth flavour (Instagram Login), built through its registry descriptor, over real HTTP to the sandbox. */
describe('the Instagram OAuth provider (over the sandbox)', () => {
  let s: OAuthSandbox;
  let provider: OAuthProvider;
  beforeAll(async () => {
    s = await startOAuthSandbox();
    provider = instagramPlatform.oauth.createProvider(s.instagram);
  });
  afterAll(() => s?.close());
  afterEach(() => s.sb.clearFaults());

  /** The browser's approval, and the code exactly as the redirect carries it (Instagram appends "#_"). */
  const approvedCode = async (): Promise<string> => {
    const back = await consent(provider.authorizeUrl({ state: 'st-1', redirectUri: REDIRECT_URI }), {
      decision: 'approve',
      field: 'ig_user_id',
      value: IG_BUSINESS,
    });
    const code = back.searchParams.get('code');
    if (!code) throw new Error(`no code in ${back.toString()}`);
    expect(back.hash).toBe('#_');
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

  it('builds the authorize URL from the configured host, the app id and the scopes its descriptor declares', () => {
    const url = new URL(provider.authorizeUrl({ state: 'st-1', redirectUri: REDIRECT_URI }));
    expect(`${url.origin}${url.pathname}`).toBe(`${s.instagram.settings.authUrl}/oauth/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: s.instagram.settings.appId,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: instagramPlatform.oauth.scopes.join(','),
      state: 'st-1',
    });
    expect(provider.platform).toBe('instagram');
    expect(provider.configured).toBe(true);
  });

  it('exchanges an approved code (even pasted with its "#_") for the long-lived token, which reads the account with its exact id', async () => {
    const tokens = await provider.exchangeCode({ code: `${await approvedCode()}#_`, redirectUri: REDIRECT_URI });
    expect(tokens).toEqual({ accessToken: expect.stringMatching(/^IGAA/), expiresInSec: 5_183_944, scopes: [...instagramPlatform.oauth.scopes] });
    expect(s.sb.inspect.requests({ endpoint: 'instagram.oauth.exchange' }).at(-1)?.status).toBe(200);
    const profile = await provider.fetchProfile(tokens.accessToken);
    expect(profile).toEqual({
      remoteAccountId: IG_BUSINESS,
      handle: 'sandbox.business',
      displayName: 'Sandbox Business',
      avatarUrl: expect.any(String),
      accountType: 'BUSINESS',
      capabilities: { accountType: 'BUSINESS' },
    });
  });

  it('refreshes the long-lived token itself once it is a day old: a new token that works, no refresh token', async () => {
    const first = await provider.exchangeCode({ code: await approvedCode(), redirectUri: REDIRECT_URI });
    // Younger than 24 h: Instagram refuses (code 100), which is not a dead token.
    expect(await rejection(provider.refresh({ accessToken: first.accessToken, refreshToken: null }))).toEqual({ kind: 'invalid', code: 'graph_100' });
    s.sb.clock.advance(DAY_MS + 60_000);
    const fresh = await provider.refresh({ accessToken: first.accessToken, refreshToken: null });
    expect(fresh).toEqual({ accessToken: expect.stringMatching(/^IGAA/), expiresInSec: 5_183_944, scopes: [] });
    expect(fresh.accessToken).not.toBe(first.accessToken);
    expect((await provider.fetchProfile(fresh.accessToken)).remoteAccountId).toBe(IG_BUSINESS);
  });

  it('revokes nothing remotely: Instagram Login has no revoke endpoint, so no request is sent', async () => {
    const tokens = await provider.exchangeCode({ code: await approvedCode(), redirectUri: REDIRECT_URI });
    const before = s.sb.inspect.requests({}).length;
    await provider.revoke(tokens.accessToken);
    expect(s.sb.inspect.requests({}).length).toBe(before);
    expect((await provider.fetchProfile(tokens.accessToken)).remoteAccountId).toBe(IG_BUSINESS);
  });

  it('maps errors: a dead token or a used code need a reconnect; throttling, 503 and no answer are temporary; no app keys is config', async () => {
    expect(await rejection(provider.fetchProfile('IGAAnot-a-token'))).toEqual({ kind: 'auth', code: 'graph_190' });
    expect(await rejection(provider.refresh({ accessToken: 'IGAAnot-a-token', refreshToken: null }))).toEqual({ kind: 'auth', code: 'graph_190' });
    const code = await approvedCode();
    const tokens = await provider.exchangeCode({ code, redirectUri: REDIRECT_URI });
    expect(await rejection(provider.exchangeCode({ code, redirectUri: REDIRECT_URI }))).toEqual({ kind: 'auth', code: 'graph_400' });

    s.sb.addFault({ match: { host: 'instagram-graph' }, kind: 'rate_limit_429', nth: 1 });
    expect(await rejection(provider.fetchProfile(tokens.accessToken))).toEqual({ kind: 'temporary', code: 'graph_4' });
    s.sb.addFault({ match: { host: 'instagram-graph' }, kind: 'http_503', nth: 1 });
    expect(await rejection(provider.fetchProfile(tokens.accessToken))).toEqual({ kind: 'temporary', code: 'http_503' });
    s.sb.addFault({ match: { endpoint: 'instagram.oauth.code' }, kind: 'connection_reset', nth: 1 });
    expect(await rejection(provider.exchangeCode({ code: await approvedCode(), redirectUri: REDIRECT_URI }))).toEqual({
      kind: 'temporary',
      code: 'network_error',
    });

    const unconfigured = instagramPlatform.oauth.createProvider({
      ...s.instagram,
      settings: { ...s.instagram.settings, appId: undefined, appSecret: undefined },
    });
    expect(unconfigured.configured).toBe(false);
    expect(() => unconfigured.authorizeUrl({ state: 'st-1', redirectUri: REDIRECT_URI })).toThrow(
      expect.objectContaining({ kind: 'config', code: 'not_configured' }),
    );
  });
});
