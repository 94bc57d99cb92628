import { createHash, randomBytes } from 'node:crypto';

import { call, startTestSandbox, type TestSandbox } from '../testing/helpers.js';
import { DEFAULT_X, X_SCOPES } from './index.js';

type TokenAnswer = {
  access_token: string;
  refresh_token?: string;
  scope: string;
  expires_in: number;
  token_type: string;
  error?: string;
  error_description?: string;
};
type Problem = { title: string; detail: string; type: string; status: number };

const CLIENT = 'sbx_x_client';
const SECRET = 'sbx_x_secret';
const PUBLIC_CLIENT = 'sbx_x_public_client';
const USER = '1790000000000000001';
const REDIRECT = 'http://localhost:3000/oauth/x/callback';
const SCOPES = 'tweet.read tweet.write users.read media.write offline.access';

describe('X sandbox: OAuth 2.0 with PKCE, rotating refresh tokens, users/me (platform-apis.md §7, §10; docs/x-contract.md)', () => {
  let t: TestSandbox;
  beforeEach(async () => {
    t = await startTestSandbox();
  });
  afterEach(() => t.close());

  const authorizeUrl = (): string => `${t.urls.xAuthUrl}/i/oauth2/authorize`;
  const tokenUrl = (): string => `${t.urls.xApiBaseUrl}/2/oauth2/token`;
  const basic = (id = CLIENT, secret = SECRET): string => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

  function pkce(): { verifier: string; challenge: string } {
    const verifier = randomBytes(40).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
  }

  const params = (challenge: string, extra: Record<string, string> = {}): Record<string, string> => ({
    response_type: 'code',
    client_id: CLIENT,
    redirect_uri: REDIRECT,
    scope: SCOPES,
    state: 'st-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  });

  /** Opens the consent page and submits it as the person would. */
  async function consent(p: Record<string, string>, decision = 'approve'): Promise<URL> {
    const page = await call(`${authorizeUrl()}?${new URLSearchParams(p).toString()}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Authorize app');
    const res = await fetch(authorizeUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...p, user_id: USER, decision }).toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location') ?? '');
  }

  /** null: no Authorization header (a public client, or a confidential one forgetting Basic auth). */
  function tokenCall(fields: Record<string, string>, authorization: string | null = basic()) {
    return call<TokenAnswer>(tokenUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) },
      body: new URLSearchParams(fields).toString(),
    });
  }

  async function connect(scope = SCOPES): Promise<TokenAnswer> {
    const { verifier, challenge } = pkce();
    const back = await consent(params(challenge, { scope }));
    expect(back.searchParams.get('state')).toBe('st-1');
    const res = await tokenCall({
      grant_type: 'authorization_code',
      code: back.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(res.status).toBe(200);
    return res.body;
  }

  it('connects with PKCE S256 and Basic auth: a 2 h bearer token, the scopes, a refresh token with offline.access', async () => {
    const tokens = await connect();
    expect(tokens).toMatchObject({ token_type: 'bearer', expires_in: 7200, scope: SCOPES, refresh_token: expect.any(String) });
    expect(X_SCOPES).toEqual(SCOPES.split(' '));
    const me = await call<{ data: Record<string, string> }>(`${t.urls.xApiBaseUrl}/2/users/me?user.fields=profile_image_url`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(me.status).toBe(200);
    expect(me.body.data).toEqual({
      id: USER,
      name: 'Sandbox Brand',
      username: 'sandbox_brand',
      profile_image_url: expect.stringContaining('/avatars/sandbox_brand.svg'),
    });
    // Without user.fields: the default fields only.
    const plain = await call<{ data: Record<string, string> }>(`${t.urls.xApiBaseUrl}/2/users/me`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(Object.keys(plain.body.data).sort()).toEqual(['id', 'name', 'username']);
  });

  it('issues no refresh token without offline.access', async () => {
    const tokens = await connect('tweet.read tweet.write users.read media.write');
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('refuses a code after 30 s, a code used twice, a wrong verifier, and a confidential client without Basic auth', async () => {
    const { verifier, challenge } = pkce();
    const late = await consent(params(challenge));
    t.sb.clock.advance(31_000);
    const expired = await tokenCall({
      grant_type: 'authorization_code',
      code: late.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(expired.status).toBe(400);
    expect(expired.body).toEqual({ error: 'invalid_request', error_description: 'Value passed for the authorization code was invalid.' });

    const back = await consent(params(challenge));
    const code = back.searchParams.get('code') ?? '';
    const wrong = await tokenCall({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: pkce().verifier });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error_description).toContain('code verifier');
    const noBasic = await tokenCall({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: CLIENT }, null);
    expect(noBasic.status).toBe(401);
    expect(noBasic.body.error).toBe('unauthorized_client');
    const badSecret = await tokenCall({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier }, basic(CLIENT, 'nope'));
    expect(badSecret.status).toBe(401);
    const first = await tokenCall({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
    expect(first.status).toBe(200);
    const again = await tokenCall({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier });
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_request');
  });

  it('a code exchanged within 30 s works (29 s after consent)', async () => {
    const { verifier, challenge } = pkce();
    const back = await consent(params(challenge));
    t.sb.clock.advance(29_000);
    const res = await tokenCall({
      grant_type: 'authorization_code',
      code: back.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    });
    expect(res.status).toBe(200);
  });

  it('rotates refresh tokens: each refresh returns a new one and the old one fails on a second use', async () => {
    const tokens = await connect();
    const first = await tokenCall({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' });
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).toEqual(expect.any(String));
    expect(first.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(first.body.access_token).not.toBe(tokens.access_token);
    // The old refresh token is dead: a concurrent or replayed refresh is refused as X refuses it.
    const replay = await tokenCall({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' });
    expect(replay.status).toBe(400);
    expect(replay.body).toEqual({ error: 'invalid_request', error_description: 'Value passed for the token was invalid.' });
    // …and the new pair still works: the refused replay did not revoke the account.
    const second = await tokenCall({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token ?? '' });
    expect(second.status).toBe(200);
    const me = await call(`${t.urls.xApiBaseUrl}/2/users/me`, { headers: { authorization: `Bearer ${second.body.access_token}` } });
    expect(me.status).toBe(200);
  });

  it('two concurrent refreshes with the same refresh token: exactly one gets the new pair, the other is refused', async () => {
    const tokens = await connect();
    const both = await Promise.all([0, 1].map(() => tokenCall({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 400]);
    const winner = both.find((r) => r.status === 200);
    expect((await tokenCall({ grant_type: 'refresh_token', refresh_token: winner?.body.refresh_token ?? '' })).status).toBe(200);
  });

  it('expires access tokens after 2 h (401 problem), and accepts a public client with client_id in the body', async () => {
    const tokens = await connect();
    t.sb.clock.advance(7200 * 1000);
    const me = await call<Problem>(`${t.urls.xApiBaseUrl}/2/users/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(me.status).toBe(401);
    expect(me.headers.get('content-type')).toContain('application/problem+json');
    expect(me.body).toMatchObject({ title: 'Unauthorized', status: 401, type: 'about:blank' });

    const { verifier, challenge } = pkce();
    const back = await consent(params(challenge, { client_id: PUBLIC_CLIENT }));
    const res = await tokenCall(
      {
        grant_type: 'authorization_code',
        code: back.searchParams.get('code') ?? '',
        redirect_uri: REDIRECT,
        code_verifier: verifier,
        client_id: PUBLIC_CLIENT,
      },
      null,
    );
    expect(res.status).toBe(200);
  });

  it('the consent page refuses a request without PKCE or state, an unknown redirect URI; Cancel comes back with access_denied', async () => {
    const { challenge } = pkce();
    const noPkce = params(challenge);
    delete noPkce['code_challenge'];
    expect((await call(`${authorizeUrl()}?${new URLSearchParams(noPkce).toString()}`)).status).toBe(400);
    expect((await call(`${authorizeUrl()}?${new URLSearchParams(params(challenge, { state: '' })).toString()}`)).status).toBe(400);
    expect((await call(`${authorizeUrl()}?${new URLSearchParams(params(challenge, { redirect_uri: 'https://evil.example/cb' })).toString()}`)).status).toBe(
      400,
    );
    const denied = await consent(params(challenge), 'deny');
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('st-1');
  });

  it('revoking a token ends the consent: its access and refresh tokens stop working', async () => {
    const tokens = await connect();
    const res = await call<{ revoked: boolean }>(`${t.urls.xApiBaseUrl}/2/oauth2/revoke`, {
      method: 'POST',
      headers: { authorization: basic(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens.access_token, token_type_hint: 'access_token' }).toString(),
    });
    expect(res.body).toEqual({ revoked: true });
    expect((await call(`${t.urls.xApiBaseUrl}/2/users/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } })).status).toBe(401);
    expect((await tokenCall({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' })).status).toBe(400);
  });

  it('refuses an endpoint whose scope was not granted with 403', async () => {
    const token = t.sb.actions.mintXToken({ userId: USER, scopes: ['tweet.read'] })['access_token'] as string;
    const me = await call<Problem>(`${t.urls.xApiBaseUrl}/2/users/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(403);
    expect(me.body.detail).toContain('users.read');
  });

  it('takes its apps and accounts from SandboxOptions.seedData (xApps, xUsers)', async () => {
    await t.close();
    t = await startTestSandbox({
      seedData: {
        xApps: [{ clientId: 'my_app', clientSecret: 'my_secret', redirectUris: [REDIRECT], confidential: true }],
        xUsers: [{ id: '42', name: 'Only One', username: 'only_one', followersCount: 1, longPosts: false }],
      },
    });
    expect(t.sb.inspect.publicPosts({ platform: 'x' })).toEqual([]);
    const { challenge } = pkce();
    const page = await call(`${authorizeUrl()}?${new URLSearchParams(params(challenge, { client_id: 'my_app' })).toString()}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('@only_one');
    expect(page.text).not.toContain('@sandbox_brand');
    expect((await call(`${authorizeUrl()}?${new URLSearchParams(params(challenge)).toString()}`)).status).toBe(400);
  });

  it("takes its tunables from SandboxOptions.x, merged one level deep (one endpoint's limits, the others kept)", async () => {
    await t.close();
    t = await startTestSandbox({ x: { authCodeTtlMs: 5_000, limits: { 'users.me': { user: { limit: 1, windowMs: 60_000 } } } } });
    expect(t.sb.options.x.limits['tweets.create']).toEqual(DEFAULT_X.limits['tweets.create']);
    expect(t.sb.options.x.accessTokenTtlSec).toBe(7200);
    const { verifier, challenge } = pkce();
    const back = await consent(params(challenge));
    t.sb.clock.advance(6_000);
    expect(
      (await tokenCall({ grant_type: 'authorization_code', code: back.searchParams.get('code') ?? '', redirect_uri: REDIRECT, code_verifier: verifier }))
        .status,
    ).toBe(400);
    const token = t.sb.actions.mintXToken({ userId: USER })['access_token'] as string;
    expect((await call(`${t.urls.xApiBaseUrl}/2/users/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await call(`${t.urls.xApiBaseUrl}/2/users/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(429);
  });
});
