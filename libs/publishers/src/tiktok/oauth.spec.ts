import { OAuthError, type OAuthProvider } from '../oauth.js';
import { consent, REDIRECT_URI, startOAuthSandbox, type OAuthSandbox } from '../testing/oauth.js';
import { tiktokPlatform } from './platform.js';

const PUBLIC_CREATOR = 'tt-open-public-0001';
const BANNED_CREATOR = 'tt-open-banned-0003';

/** TikTok's OAuth flavour, built through its registry descriptor, over real HTTP to the sandbox. */
describe('the TikTok OAuth provider (over the sandbox)', () => {
  let s: OAuthSandbox;
  let provider: OAuthProvider;
  beforeAll(async () => {
    s = await startOAuthSandbox();
    provider = tiktokPlatform.oauth.createProvider(s.tiktok);
  });
  afterAll(() => s?.close());
  afterEach(() => s.sb.clearFaults());

  /** The browser's approval of `openId`, and the code the platform sends back. */
  const approvedCode = async (openId = PUBLIC_CREATOR): Promise<string> => {
    const back = await consent(provider.authorizeUrl({ state: 'st-1', redirectUri: REDIRECT_URI }), { decision: 'approve', field: 'open_id', value: openId });
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

  it('builds the authorize URL from the configured host, the client key and the scopes its descriptor declares', () => {
    const url = new URL(provider.authorizeUrl({ state: 'st-1', redirectUri: REDIRECT_URI }));
    expect(`${url.origin}${url.pathname}`).toBe(`${s.tiktok.settings.authUrl}/v2/auth/authorize/`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_key: s.tiktok.settings.clientKey,
      scope: tiktokPlatform.oauth.scopes.join(','),
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      state: 'st-1',
    });
    expect(provider.platform).toBe('tiktok');
    expect(provider.configured).toBe(true);
  });

  it('exchanges an approved code for a token pair that reads the creator and what TikTok allows it', async () => {
    const tokens = await provider.exchangeCode({ code: await approvedCode(), redirectUri: REDIRECT_URI });
    expect(tokens).toEqual({
      accessToken: expect.stringMatching(/^act\./),
      refreshToken: expect.stringMatching(/^rft\./),
      expiresInSec: 7200,
      refreshExpiresInSec: expect.any(Number),
      scopes: [...tiktokPlatform.oauth.scopes],
    });
    const profile = await provider.fetchProfile(tokens.accessToken);
    expect(profile).toEqual({
      remoteAccountId: PUBLIC_CREATOR,
      handle: 'sandbox.public',
      displayName: 'Sandbox Public Creator',
      avatarUrl: expect.stringMatching(/\/__sandbox\/avatars\/sandbox\.public\.svg$/),
      accountType: null,
      capabilities: {
        privacyLevelOptions: expect.arrayContaining(['PUBLIC_TO_EVERYONE', 'SELF_ONLY']),
        maxVideoPostDurationSec: 300,
        commentDisabled: false,
        duetDisabled: false,
        stitchDisabled: true,
      },
      restriction: null,
    });
  });

  it('reads a creator TikTok bans from posting as restricted, with its code', async () => {
    const tokens = await provider.exchangeCode({ code: await approvedCode(BANNED_CREATOR), redirectUri: REDIRECT_URI });
    const profile = await provider.fetchProfile(tokens.accessToken);
    expect(profile.remoteAccountId).toBe(BANNED_CREATOR);
    expect(profile.restriction).toEqual({ code: 'spam_risk_user_banned_from_posting', message: expect.any(String) });
    expect(profile.capabilities).toEqual({});
  });

  it('refreshes with the refresh token: a new access token that works', async () => {
    const first = await provider.exchangeCode({ code: await approvedCode(), redirectUri: REDIRECT_URI });
    const fresh = await provider.refresh({ accessToken: first.accessToken, refreshToken: first.refreshToken ?? null });
    expect(fresh.accessToken).toMatch(/^act\./);
    expect(fresh.accessToken).not.toBe(first.accessToken);
    expect(fresh.refreshToken).toMatch(/^rft\./);
    expect(fresh.scopes).toEqual([...tiktokPlatform.oauth.scopes]);
    expect((await provider.fetchProfile(fresh.accessToken)).remoteAccountId).toBe(PUBLIC_CREATOR);
  });

  it('revokes the grant: its access token and refresh token are refused afterwards, as a dead grant', async () => {
    const tokens = await provider.exchangeCode({ code: await approvedCode(), redirectUri: REDIRECT_URI });
    await provider.revoke(tokens.accessToken);
    expect(s.sb.inspect.requests({ endpoint: 'tiktok.oauth.revoke' }).at(-1)?.status).toBe(200);
    expect(await rejection(provider.fetchProfile(tokens.accessToken))).toEqual({ kind: 'auth', code: 'access_token_invalid' });
    expect(await rejection(provider.refresh({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken ?? null }))).toEqual({
      kind: 'auth',
      code: 'invalid_grant',
    });
  });

  it('maps errors: a dead or missing refresh token and a used code need a reconnect; 503, 429 and no answer are temporary; no client keys is config', async () => {
    expect(await rejection(provider.refresh({ accessToken: 'act.x', refreshToken: 'rft.not-a-token' }))).toEqual({ kind: 'auth', code: 'invalid_grant' });
    expect(await rejection(Promise.resolve().then(() => provider.refresh({ accessToken: 'act.x', refreshToken: null })))).toEqual({
      kind: 'auth',
      code: 'no_refresh_token',
    });
    const code = await approvedCode();
    await provider.exchangeCode({ code, redirectUri: REDIRECT_URI });
    expect(await rejection(provider.exchangeCode({ code, redirectUri: REDIRECT_URI }))).toEqual({ kind: 'auth', code: 'invalid_grant' });

    s.sb.addFault({ match: { endpoint: 'tiktok.oauth.token' }, kind: 'http_503', nth: 1 });
    expect(await rejection(provider.exchangeCode({ code: await approvedCode(), redirectUri: REDIRECT_URI }))).toEqual({ kind: 'temporary', code: 'http_503' });
    s.sb.addFault({ match: { endpoint: 'tiktok.oauth.token' }, kind: 'rate_limit_429', nth: 1 });
    expect(await rejection(provider.exchangeCode({ code: await approvedCode(), redirectUri: REDIRECT_URI }))).toEqual({ kind: 'temporary', code: 'http_429' });
    s.sb.addFault({ match: { endpoint: 'tiktok.user.info' }, kind: 'connection_reset', nth: 1 });
    expect(await rejection(provider.fetchProfile('act.whatever'))).toEqual({ kind: 'temporary', code: 'network_error' });

    const unconfigured = tiktokPlatform.oauth.createProvider({
      ...s.tiktok,
      settings: { ...s.tiktok.settings, clientKey: undefined, clientSecret: undefined },
    });
    expect(unconfigured.configured).toBe(false);
    expect(() => unconfigured.authorizeUrl({ state: 'st-1', redirectUri: REDIRECT_URI })).toThrow(
      expect.objectContaining({ kind: 'config', code: 'not_configured' }),
    );
  });
});
