import { createHash } from 'node:crypto';

import { call, form, startTestSandbox, type TestSandbox } from '../testing/helpers.js';

const CLIENT = { client_key: 'sbx_tiktok_client_key', client_secret: 'sbx_tiktok_client_secret' };
const REDIRECT = 'http://127.0.0.1:5173/auth/tiktok/callback';

describe('TikTok OAuth v2 (platform-apis.md §2)', () => {
  let t: TestSandbox;
  beforeEach(async () => {
    t = await startTestSandbox();
  });
  afterEach(() => t.close());

  async function authorize(extra: Record<string, string> = {}, decision = 'approve'): Promise<URL> {
    const params = {
      client_key: CLIENT.client_key,
      scope: 'user.info.basic,video.publish',
      response_type: 'code',
      redirect_uri: REDIRECT,
      state: 'st-123',
      ...extra,
    };
    const page = await call(`${t.urls.tiktokAuthUrl}/v2/auth/authorize/?${new URLSearchParams(params)}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('@sandbox.public');
    const res = await call(`${t.urls.tiktokAuthUrl}/v2/auth/authorize/`, form({ ...params, decision, open_id: 'tt-open-public-0001' }));
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location') ?? '');
  }

  const exchange = (code: string, extra: Record<string, string> = {}) =>
    call(`${t.urls.tiktokApiBaseUrl}/v2/oauth/token/`, form({ ...CLIENT, code, grant_type: 'authorization_code', redirect_uri: REDIRECT, ...extra }));

  it('redirects with code and state, and exchanges the code for a flat token body', async () => {
    const back = await authorize();
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('st-123');
    const res = await exchange(back.searchParams.get('code') ?? '');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      access_token: expect.stringMatching(/^act\./),
      expires_in: 7200,
      open_id: 'tt-open-public-0001',
      refresh_expires_in: 15_552_000,
      refresh_token: expect.stringMatching(/^rft\./),
      scope: 'user.info.basic,video.publish',
      token_type: 'Bearer',
    });
  });

  it('sends error=access_denied when the user denies', async () => {
    const back = await authorize({}, 'deny');
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('st-123');
    expect(back.searchParams.has('code')).toBe(false);
  });

  it('refuses an unregistered redirect_uri or an unknown client_key with an error page, not a redirect', async () => {
    const bad = await call(
      `${t.urls.tiktokAuthUrl}/v2/auth/authorize/?client_key=${CLIENT.client_key}&scope=video.publish&response_type=code&redirect_uri=${encodeURIComponent('https://evil.example/cb')}`,
    );
    expect(bad.status).toBe(400);
    const unknown = await call(
      `${t.urls.tiktokAuthUrl}/v2/auth/authorize/?client_key=nope&scope=video.publish&response_type=code&redirect_uri=${encodeURIComponent(REDIRECT)}`,
    );
    expect(unknown.status).toBe(400);
  });

  it('redirects invalid_scope for an unknown scope', async () => {
    const res = await call(
      `${t.urls.tiktokAuthUrl}/v2/auth/authorize/?${new URLSearchParams({ client_key: CLIENT.client_key, scope: 'video.publish,everything', response_type: 'code', redirect_uri: REDIRECT, state: 's' })}`,
    );
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_scope');
  });

  it('makes codes single-use and short-lived (invalid_grant)', async () => {
    const code = (await authorize()).searchParams.get('code') ?? '';
    expect((await exchange(code)).status).toBe(200);
    const again = await exchange(code);
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: 'invalid_grant', error_description: expect.any(String), log_id: expect.any(String) });
    const late = (await authorize()).searchParams.get('code') ?? '';
    t.sb.clock.advance(11 * 60 * 1000);
    expect((await exchange(late)).body['error']).toBe('invalid_grant');
  });

  it('requires the exact redirect_uri and valid client credentials', async () => {
    const code = (await authorize()).searchParams.get('code') ?? '';
    expect((await exchange(code, { redirect_uri: `${REDIRECT}/x` })).body['error']).toBe('invalid_grant');
    const wrongSecret = await exchange(code, { client_secret: 'wrong' });
    expect([wrongSecret.status, wrongSecret.body['error']]).toEqual([401, 'invalid_client']);
  });

  it.each([
    ['base64url', (v: string) => createHash('sha256').update(v).digest('base64url')],
    ['hex', (v: string) => createHash('sha256').update(v).digest('hex')],
  ])('verifies a PKCE S256 challenge encoded as %s', async (_enc, encode) => {
    const verifier = 'v'.repeat(50);
    const code = (await authorize({ code_challenge: encode(verifier), code_challenge_method: 'S256' })).searchParams.get('code') ?? '';
    const wrong = await exchange(code, { code_verifier: 'w'.repeat(50) });
    expect([wrong.status, wrong.body['error']]).toEqual([400, 'invalid_request']);
    expect((await exchange(code, { code_verifier: verifier })).status).toBe(200);
  });

  it('rotates the refresh token: the old one stops working', async () => {
    const code = (await authorize()).searchParams.get('code') ?? '';
    const first = (await exchange(code)).body;
    const refresh = (token: string) =>
      call(`${t.urls.tiktokApiBaseUrl}/v2/oauth/token/`, form({ ...CLIENT, grant_type: 'refresh_token', refresh_token: token }));
    const second = await refresh(first['refresh_token'] as string);
    expect(second.status).toBe(200);
    expect(second.body['refresh_token']).not.toBe(first['refresh_token']);
    expect(second.body['access_token']).not.toBe(first['access_token']);
    const reuse = await refresh(first['refresh_token'] as string);
    expect([reuse.status, reuse.body['error']]).toEqual([400, 'invalid_grant']);
    expect((await refresh(second.body['refresh_token'] as string)).status).toBe(200);
  });

  it('revokes a token: later calls get access_token_invalid', async () => {
    const tokens = t.sb.actions.mintTikTokToken({ openId: 'tt-open-public-0001' });
    const revoke = await call(`${t.urls.tiktokApiBaseUrl}/v2/oauth/revoke/`, form({ ...CLIENT, token: tokens['access_token'] as string }));
    expect([revoke.status, revoke.body]).toEqual([200, {}]);
    const info = await call<{ error: { code: string } }>(`${t.urls.tiktokApiBaseUrl}/v2/user/info/?fields=open_id`, {
      headers: { authorization: `Bearer ${tokens['access_token'] as string}` },
    });
    expect([info.status, info.body.error.code]).toEqual([401, 'access_token_invalid']);
  });

  it('answers user/info with fields by scope', async () => {
    const tok = t.sb.actions.mintTikTokToken({ openId: 'tt-open-public-0001', scopes: ['user.info.basic'] })['access_token'] as string;
    const get = (fields: string) =>
      call<{ data: { user: Record<string, unknown> }; error: { code: string } }>(`${t.urls.tiktokApiBaseUrl}/v2/user/info/?fields=${fields}`, {
        headers: { authorization: `Bearer ${tok}` },
      });
    const ok = await get('open_id,display_name');
    expect(ok.body.data.user).toEqual({ open_id: 'tt-open-public-0001', display_name: 'Sandbox Public Creator' });
    expect((await get('follower_count')).body.error.code).toBe('scope_not_authorized');
    expect(
      (await call<{ error: { code: string } }>(`${t.urls.tiktokApiBaseUrl}/v2/user/info/`, { headers: { authorization: `Bearer ${tok}` } })).body.error.code,
    ).toBe('invalid_params');
  });
});
