import { createHash, randomBytes } from 'node:crypto';

import { call, form, startTestSandbox, type TestSandbox } from '../testing/helpers.js';
import { YT_READONLY, YT_UPLOAD } from './index.js';

type TokenAnswer = {
  access_token: string;
  refresh_token?: string;
  scope: string;
  expires_in: number;
  token_type: string;
  error?: string;
  error_description?: string;
};
type GoogleErr = { error: { code: number; message: string; errors: { domain: string; reason: string }[]; status: string } };

const CLIENT = 'sbx_youtube_client';
const SECRET = 'sbx_youtube_secret';
const CHANNEL = 'UCsandboxShorts000000001';
const REDIRECT = 'http://localhost:3000/oauth/youtube/callback';

describe('YouTube sandbox: Google OAuth 2.0 (platform-apis.md §6, §10; docs/youtube-contract.md)', () => {
  let t: TestSandbox;
  beforeEach(async () => {
    t = await startTestSandbox();
  });
  afterEach(() => t.close());

  const authorizeUrl = (): string => `${t.urls.youtubeAuthUrl}/o/oauth2/v2/auth`;
  const tokenUrl = (): string => `${t.urls.youtubeOauthUrl}/token`;

  function pkce(): { verifier: string; challenge: string } {
    const verifier = randomBytes(40).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
  }

  function authorizeParams(challenge: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
      client_id: CLIENT,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: `${YT_UPLOAD} ${YT_READONLY}`,
      access_type: 'offline',
      state: 'st-1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...extra,
    };
  }

  /** Opens the consent page, then submits it as the person would (account, ticked scopes, decision). */
  async function consent(params: Record<string, string>, choice: { scopes?: string[]; decision?: string } = {}): Promise<URL> {
    const page = await call(`${authorizeUrl()}?${new URLSearchParams(params).toString()}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="granted_scope"');
    const body = new URLSearchParams({ ...params, channel_id: CHANNEL, decision: choice.decision ?? 'approve' });
    for (const s of choice.scopes ?? params['scope']?.split(' ') ?? []) body.append('granted_scope', s);
    const res = await fetch(authorizeUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
      redirect: 'manual',
    });
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location') ?? '');
  }

  async function exchange(code: string, verifier: string, extra: Record<string, string> = {}) {
    return call<TokenAnswer>(
      tokenUrl(),
      form({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: CLIENT, client_secret: SECRET, code_verifier: verifier, ...extra }),
    );
  }

  async function connect(extra: Record<string, string> = {}, scopes?: string[]): Promise<TokenAnswer> {
    const { verifier, challenge } = pkce();
    const back = await consent(authorizeParams(challenge, extra), scopes ? { scopes } : {});
    expect(back.searchParams.get('state')).toBe('st-1');
    const res = await exchange(back.searchParams.get('code') ?? '', verifier);
    expect(res.status).toBe(200);
    return res.body;
  }

  const mine = (token: string) =>
    call<GoogleErr & { items: { id: string; snippet: { title: string } }[] }>(`${t.urls.youtubeApiBaseUrl}/youtube/v3/channels?part=snippet&mine=true`, {
      headers: { authorization: `Bearer ${token}` },
    });

  it('connects a channel: consent, code exchange with PKCE, channels.list?mine=true gives its id and title', async () => {
    const tokens = await connect();
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3599, scope: `${YT_UPLOAD} ${YT_READONLY}`, refresh_token: expect.any(String) });
    const me = await mine(tokens.access_token);
    expect(me.status).toBe(200);
    expect(me.body.items).toEqual([expect.objectContaining({ id: CHANNEL, snippet: expect.objectContaining({ title: 'Sandbox Shorts' }) })]);
  });

  it('issues a refresh token on the first consent only; a reconnect keeps the first one working; prompt=consent issues a new one', async () => {
    const first = await connect();
    expect(first.refresh_token).toEqual(expect.any(String));
    const again = await connect();
    expect(again.refresh_token).toBeUndefined();
    const refreshed = await call<TokenAnswer>(
      tokenUrl(),
      form({ grant_type: 'refresh_token', refresh_token: first.refresh_token ?? '', client_id: CLIENT, client_secret: SECRET }),
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toBeUndefined();
    expect((await mine(refreshed.body.access_token)).status).toBe(200);
    const forced = await connect({ prompt: 'consent' });
    expect(forced.refresh_token).toEqual(expect.any(String));
    expect(forced.refresh_token).not.toBe(first.refresh_token);
  });

  it('gives no refresh token without access_type=offline', async () => {
    const online = await connect({ access_type: 'online' });
    expect(online.refresh_token).toBeUndefined();
    // …and the later offline consent is still the first one that carries a refresh token.
    expect((await connect()).refresh_token).toEqual(expect.any(String));
  });

  it('refuses a wrong or missing PKCE verifier, a reused code and a wrong redirect_uri', async () => {
    const { verifier, challenge } = pkce();
    const code = (await consent(authorizeParams(challenge))).searchParams.get('code') ?? '';
    expect((await exchange(code, 'x'.repeat(43))).body).toMatchObject({ error: 'invalid_grant', error_description: 'Invalid code verifier.' });
    expect((await exchange(code, '')).body).toMatchObject({ error: 'invalid_grant', error_description: 'Missing code verifier.' });
    expect((await exchange(code, verifier, { redirect_uri: 'http://localhost:3000/elsewhere' })).body.error).toBe('redirect_uri_mismatch');
    expect((await exchange(code, verifier)).status).toBe(200);
    const reused = await exchange(code, verifier);
    expect([reused.status, reused.body.error]).toEqual([400, 'invalid_grant']);
    const badClient = await exchange(code, verifier, { client_secret: 'nope' });
    expect([badClient.status, badClient.body.error]).toEqual([401, 'invalid_client']);
  });

  it("shows Google's error page for an unregistered redirect_uri, a missing PKCE challenge or an unknown scope, and redirects a refusal", async () => {
    const { challenge } = pkce();
    const page = (params: Record<string, string>) => call(`${authorizeUrl()}?${new URLSearchParams(params).toString()}`);
    const mismatch = await page(authorizeParams(challenge, { redirect_uri: 'https://evil.example/cb' }));
    expect([mismatch.status, mismatch.text.includes('redirect_uri_mismatch')]).toEqual([400, true]);
    const { code_challenge: _c, ...noPkce } = authorizeParams(challenge);
    expect((await page(noPkce)).status).toBe(400);
    const plain = await page(authorizeParams(challenge, { code_challenge_method: 'plain' }));
    expect(plain.status).toBe(400);
    const scope = await page(authorizeParams(challenge, { scope: 'https://www.googleapis.com/auth/drive' }));
    expect([scope.status, scope.text.includes('invalid_scope')]).toEqual([400, true]);
    const denied = await consent(authorizeParams(challenge), { decision: 'deny' });
    expect([denied.searchParams.get('error'), denied.searchParams.get('state'), denied.searchParams.get('code')]).toEqual(['access_denied', 'st-1', null]);
  });

  it('a token with only youtube.upload (readonly unticked on the consent page) cannot read the channel: 403 insufficientPermissions', async () => {
    const tokens = await connect({}, [YT_UPLOAD]);
    expect(tokens.scope).toBe(YT_UPLOAD);
    const res = await mine(tokens.access_token);
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 403, status: 'PERMISSION_DENIED', errors: [{ domain: 'global', reason: 'insufficientPermissions' }] });
  });

  it('the token_revoked fault withdraws the consent mid-flow: the access and refresh tokens stop working', async () => {
    const tokens = await connect();
    const hit = await call(`${t.urls.youtubeApiBaseUrl}/youtube/v3/channels?part=snippet&mine=true`, {
      headers: { authorization: `Bearer ${tokens.access_token}`, 'x-sandbox-fault': 'token_revoked' },
    });
    expect(hit.status).toBe(401);
    const refresh = await call<TokenAnswer>(
      tokenUrl(),
      form({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '', client_id: CLIENT, client_secret: SECRET }),
    );
    expect(refresh.body.error).toBe('invalid_grant');
  });

  it('expires access tokens after an hour and refuses a revoked consent everywhere', async () => {
    const tokens = await connect();
    t.sb.clock.advance(3600 * 1000);
    const expired = await mine(tokens.access_token);
    expect([expired.status, expired.body.error.errors[0]?.reason]).toEqual([401, 'authError']);
    const fresh = await call<TokenAnswer>(
      tokenUrl(),
      form({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '', client_id: CLIENT, client_secret: SECRET }),
    );
    expect(fresh.status).toBe(200);
    const revoked = await call(`${t.urls.youtubeOauthUrl}/revoke?token=${encodeURIComponent(fresh.body.access_token)}`, { method: 'POST' });
    expect(revoked.status).toBe(200);
    expect((await mine(fresh.body.access_token)).status).toBe(401);
    const again = await call<TokenAnswer>(
      tokenUrl(),
      form({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '', client_id: CLIENT, client_secret: SECRET }),
    );
    expect(again.body).toMatchObject({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
    const missing = await call<GoogleErr>(`${t.urls.youtubeApiBaseUrl}/youtube/v3/channels?part=snippet&mine=true`);
    expect([missing.status, missing.body.error.errors[0]?.reason]).toEqual([401, 'required']);
  });
});
