import { OAuthError, type OAuthProvider } from '../oauth.js';
import { REDIRECT_URI, startOAuthSandbox, type OAuthSandbox } from '../testing/oauth.js';
import { youtubeCodeChallenge, youtubeCodeVerifier } from './oauth.js';
import { youtubePlatform } from './platform.js';

const CHANNEL = 'UCsandboxShorts000000001';
const [UPLOAD, READONLY] = youtubePlatform.oauth.scopes as readonly [string, string];

/** Google's consent page, as a person would answer it: the channel, and the scopes left ticked. */
async function consent(authorizeUrl: string, choice: { decision: 'approve' | 'deny'; scopes?: readonly string[] }): Promise<URL> {
  const page = await fetch(authorizeUrl);
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${await page.text()}`);
  const fields = new URLSearchParams(new URL(authorizeUrl).search);
  fields.set('decision', choice.decision);
  fields.set('channel_id', CHANNEL);
  for (const scope of choice.scopes ?? youtubePlatform.oauth.scopes) fields.append('granted_scope', scope);
  const res = await fetch(authorizeUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields, redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`consent answered ${res.status} without a redirect: ${await res.text()}`);
  return new URL(location);
}

/** YouTube's OAuth flavour (Google web server flow), built through its registry descriptor, over real HTTP to the sandbox. */
describe('the YouTube OAuth provider (over the sandbox)', () => {
  let s: OAuthSandbox;
  let provider: OAuthProvider;
  beforeAll(async () => {
    s = await startOAuthSandbox();
    provider = youtubePlatform.oauth.createProvider(s.youtube);
  });
  afterAll(() => s?.close());
  afterEach(() => s.sb.clearFaults());

  const approvedCode = async (state: string, scopes?: readonly string[]): Promise<string> => {
    const back = await consent(provider.authorizeUrl({ state, redirectUri: REDIRECT_URI }), { decision: 'approve', ...(scopes ? { scopes } : {}) });
    expect(back.searchParams.get('state')).toBe(state);
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

  it('asks for offline access with PKCE S256 and the two scopes, on the configured host', () => {
    const url = new URL(provider.authorizeUrl({ state: 'st-1', redirectUri: REDIRECT_URI }));
    expect(`${url.origin}${url.pathname}`).toBe(`${s.youtube.settings.authUrl}/o/oauth2/v2/auth`);
    const verifier = youtubeCodeVerifier(s.youtube.settings.clientSecret!, 'st-1');
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: s.youtube.settings.clientId,
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: `${UPLOAD} ${READONLY}`,
      access_type: 'offline',
      prompt: 'consent',
      state: 'st-1',
      code_challenge: youtubeCodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    expect(provider.configured).toBe(true);
  });

  it('exchanges the code with the verifier of its state for tokens with a refresh token, and reads the channel', async () => {
    const tokens = await provider.exchangeCode({ code: await approvedCode('st-2'), redirectUri: REDIRECT_URI, state: 'st-2' });
    expect(tokens).toEqual({
      accessToken: expect.stringMatching(/^ya29\./),
      refreshToken: expect.any(String),
      expiresInSec: 3599,
      scopes: [UPLOAD, READONLY],
    });
    const profile = await provider.fetchProfile(tokens.accessToken);
    expect(profile).toMatchObject({
      remoteAccountId: CHANNEL,
      displayName: 'Sandbox Shorts',
      capabilities: { channelId: CHANNEL, channelTitle: 'Sandbox Shorts' },
    });
    expect(profile.handle).not.toBe('');
  });

  it('is refused by Google when the verifier belongs to another state (a code injected into another flow)', async () => {
    const code = await approvedCode('st-3');
    expect(await rejection(provider.exchangeCode({ code, redirectUri: REDIRECT_URI, state: 'st-other' }))).toEqual({ kind: 'auth', code: 'invalid_grant' });
    expect(await rejection(provider.exchangeCode({ code: await approvedCode('st-4'), redirectUri: REDIRECT_URI }))).toEqual({
      kind: 'invalid',
      code: 'missing_state',
    });
  });

  it('reads the scopes actually granted: without youtube.readonly the channel read asks for a reconnect', async () => {
    const tokens = await provider.exchangeCode({ code: await approvedCode('st-5', [UPLOAD]), redirectUri: REDIRECT_URI, state: 'st-5' });
    expect(tokens.scopes).toEqual([UPLOAD]);
    expect(await rejection(provider.fetchProfile(tokens.accessToken))).toEqual({ kind: 'auth', code: 'scope_missing' });
  });

  it('refreshes without a new refresh token (the stored one is kept), and a revoke kills the whole consent', async () => {
    const tokens = await provider.exchangeCode({ code: await approvedCode('st-6'), redirectUri: REDIRECT_URI, state: 'st-6' });
    const refreshed = await provider.refresh({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken! });
    expect(refreshed.refreshToken).toBeUndefined();
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect((await provider.fetchProfile(refreshed.accessToken)).remoteAccountId).toBe(CHANNEL);
    await provider.revoke(refreshed.accessToken);
    expect(await rejection(provider.fetchProfile(refreshed.accessToken))).toEqual({ kind: 'auth', code: 'authError' });
    expect(await rejection(provider.refresh({ accessToken: refreshed.accessToken, refreshToken: tokens.refreshToken! }))).toEqual({
      kind: 'auth',
      code: 'invalid_grant',
    });
    // Revoking again is not an error: there is nothing left to revoke.
    await expect(provider.revoke(refreshed.accessToken)).resolves.toBeUndefined();
  });

  it('says a refusal, a used code and an unavailable Google apart', async () => {
    const denied = await consent(provider.authorizeUrl({ state: 'st-7', redirectUri: REDIRECT_URI }), { decision: 'deny' });
    expect(Object.fromEntries(denied.searchParams)).toEqual({ error: 'access_denied', state: 'st-7' });
    const code = await approvedCode('st-8');
    await provider.exchangeCode({ code, redirectUri: REDIRECT_URI, state: 'st-8' });
    expect(await rejection(provider.exchangeCode({ code, redirectUri: REDIRECT_URI, state: 'st-8' }))).toEqual({ kind: 'auth', code: 'invalid_grant' });
    s.sb.addFault({ match: { endpoint: 'youtube.oauth.token' }, kind: 'http_503', nth: 1 });
    expect(await rejection(provider.exchangeCode({ code: await approvedCode('st-9'), redirectUri: REDIRECT_URI, state: 'st-9' }))).toEqual({
      kind: 'temporary',
      code: 'http_503',
    });
  });

  it('is not configured without client keys', () => {
    const bare = youtubePlatform.oauth.createProvider({ settings: { ...s.youtube.settings, clientId: undefined, clientSecret: undefined } });
    expect(bare.configured).toBe(false);
    expect(() => bare.authorizeUrl({ state: 's', redirectUri: REDIRECT_URI })).toThrow(OAuthError);
  });
});
