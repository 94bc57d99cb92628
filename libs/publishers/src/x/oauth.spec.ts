import { OAuthError, type OAuthProvider } from '../oauth.js';
import { REDIRECT_URI, startOAuthSandbox, type OAuthSandbox } from '../testing/oauth.js';
import { xCodeChallenge, xCodeVerifier } from './oauth.js';
import { xPlatform } from './platform.js';

const USER = '1790000000000000001';

/** X's consent page, as a person would answer it: the account, then Authorize app or Cancel. */
async function consent(authorizeUrl: string, decision: 'approve' | 'deny'): Promise<URL> {
  const page = await fetch(authorizeUrl);
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${await page.text()}`);
  const fields = new URLSearchParams(new URL(authorizeUrl).search);
  fields.set('decision', decision);
  fields.set('user_id', USER);
  const res = await fetch(authorizeUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields, redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`consent answered ${res.status} without a redirect: ${await res.text()}`);
  return new URL(location);
}

/** X's OAuth 2.0 flavour (authorization code + PKCE, confidential client, rotating refresh tokens), through its registry descriptor, over real HTTP to the sandbox. */
describe('the X OAuth provider (over the sandbox)', () => {
  let s: OAuthSandbox;
  let provider: OAuthProvider;
  beforeAll(async () => {
    s = await startOAuthSandbox();
    provider = xPlatform.oauth.createProvider(s.x);
  });
  afterAll(() => s?.close());
  afterEach(() => s.sb.clearFaults());

  const approvedCode = async (state: string): Promise<string> => {
    const back = await consent(provider.authorizeUrl({ state, redirectUri: REDIRECT_URI }), 'approve');
    expect(back.searchParams.get('state')).toBe(state);
    const code = back.searchParams.get('code');
    if (!code) throw new Error(`no code in ${back.toString()}`);
    return code;
  };
  const connect = async (state: string) => provider.exchangeCode({ code: await approvedCode(state), redirectUri: REDIRECT_URI, state });
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

  it('asks x.com for the five scopes with PKCE S256, on the configured host', () => {
    const url = new URL(provider.authorizeUrl({ state: 'st-1', redirectUri: REDIRECT_URI }));
    expect(`${url.origin}${url.pathname}`).toBe(`${s.x.settings.authUrl}/i/oauth2/authorize`);
    const verifier = xCodeVerifier(s.x.settings.clientSecret!, 'st-1');
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: s.x.settings.clientId,
      redirect_uri: REDIRECT_URI,
      scope: 'tweet.read tweet.write users.read media.write offline.access',
      state: 'st-1',
      code_challenge: xCodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    expect(provider.configured).toBe(true);
  });

  it('exchanges the code as a confidential client (Basic auth) for a 2 h token and a refresh token, and reads the account', async () => {
    const tokens = await connect('st-2');
    expect(tokens).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresInSec: 7200,
      scopes: ['tweet.read', 'tweet.write', 'users.read', 'media.write', 'offline.access'],
    });
    const basic = s.sb.inspect.requests({ endpoint: 'x.oauth.token' }).at(-1);
    expect(basic?.status).toBe(200);
    const profile = await provider.fetchProfile(tokens.accessToken);
    expect(profile).toMatchObject({ remoteAccountId: USER, handle: 'sandbox_brand', displayName: 'Sandbox Brand', capabilities: { userId: USER } });
  });

  it('is refused once the 30 s code lifetime passed, and with the verifier of another state', async () => {
    const late = await approvedCode('st-3');
    s.sb.clock.advance(31_000);
    expect(await rejection(provider.exchangeCode({ code: late, redirectUri: REDIRECT_URI, state: 'st-3' }))).toEqual({ kind: 'auth', code: 'invalid_request' });
    const injected = await approvedCode('st-4');
    expect(await rejection(provider.exchangeCode({ code: injected, redirectUri: REDIRECT_URI, state: 'st-other' }))).toEqual({
      kind: 'auth',
      code: 'invalid_request',
    });
    expect(await rejection(provider.exchangeCode({ code: await approvedCode('st-5'), redirectUri: REDIRECT_URI }))).toEqual({
      kind: 'invalid',
      code: 'missing_state',
    });
  });

  it('rotates the refresh token on every refresh: the new one works, the used one is dead', async () => {
    const first = await connect('st-6');
    const second = await provider.refresh({ accessToken: first.accessToken, refreshToken: first.refreshToken! });
    expect(second.refreshToken).toEqual(expect.any(String));
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.expiresInSec).toBe(7200);
    expect((await provider.fetchProfile(second.accessToken)).remoteAccountId).toBe(USER);
    // A second use of the old refresh token (what a concurrent refresh would send) is refused as a dead grant.
    expect(await rejection(provider.refresh({ accessToken: first.accessToken, refreshToken: first.refreshToken! }))).toEqual({
      kind: 'auth',
      code: 'invalid_request',
    });
    const third = await provider.refresh({ accessToken: second.accessToken, refreshToken: second.refreshToken! });
    expect(third.refreshToken).not.toBe(second.refreshToken);
    expect(xPlatform.oauth.refreshTokenRotates).toBe(true);
  });

  it('revokes the whole consent, and says a refusal and an unavailable X apart', async () => {
    const tokens = await connect('st-7');
    await provider.revoke(tokens.accessToken);
    expect(await rejection(provider.fetchProfile(tokens.accessToken))).toEqual({ kind: 'auth', code: 'http_401' });
    expect(await rejection(provider.refresh({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken! }))).toEqual({
      kind: 'auth',
      code: 'invalid_request',
    });
    const denied = await consent(provider.authorizeUrl({ state: 'st-8', redirectUri: REDIRECT_URI }), 'deny');
    expect(Object.fromEntries(denied.searchParams)).toEqual({ error: 'access_denied', state: 'st-8' });
    s.sb.addFault({ match: { endpoint: 'x.oauth.token' }, kind: 'http_503', nth: 1 });
    expect(await rejection(connect('st-9'))).toEqual({ kind: 'temporary', code: 'http_503' });
  });

  it('is not configured without client keys', () => {
    const bare = xPlatform.oauth.createProvider({ settings: { ...s.x.settings, clientId: undefined, clientSecret: undefined } });
    expect(bare.configured).toBe(false);
    expect(() => bare.authorizeUrl({ state: 's', redirectUri: REDIRECT_URI })).toThrow(OAuthError);
  });
});
