import { buildMp4 } from '../index.js';
import { call, form, startReceiver, startTestSandbox, tiktokJson, type TestSandbox } from '../testing/helpers.js';
import { mask, redact, redactQuery } from './redact.js';

const REDIRECT = 'http://127.0.0.1:5173/cb';
const TIKTOK_CLIENT = { client_key: 'sbx_tiktok_client_key', client_secret: 'sbx_tiktok_client_secret' };
const IG_APP = { client_id: '990000000000001', client_secret: 'sbx_instagram_app_secret' };
const TIKTOK_WEBHOOK_SECRET = 'tiktok-webhook-secret-for-the-test';
const IG_WEBHOOK_SECRET = 'instagram-webhook-secret-for-the-test';

describe('the inspection API over HTTP never hands out a credential', () => {
  let t: TestSandbox;
  let hook: Awaited<ReturnType<typeof startReceiver>>;
  beforeEach(async () => {
    hook = await startReceiver();
    t = await startTestSandbox({ webhooks: { tiktok: { callbackUrl: hook.url, secret: TIKTOK_WEBHOOK_SECRET } } });
  });
  afterEach(async () => {
    await t.close();
    await hook.close();
  });

  /** The browser's part of a consent page: approve with the first account; returns the redirect. */
  async function consent(authorizeUrl: string, field: string, value: string): Promise<URL> {
    expect((await call(authorizeUrl)).status).toBe(200);
    const fields = new URLSearchParams(new URL(authorizeUrl).search);
    fields.set('decision', 'approve');
    fields.set(field, value);
    const res = await call(authorizeUrl.split('?')[0] ?? '', form(Object.fromEntries(fields)));
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location') ?? '');
  }

  it('masks tokens, OAuth codes, client, app, upload and webhook secrets in every response, and mints nothing', async () => {
    const secrets: string[] = [TIKTOK_CLIENT.client_secret, IG_APP.client_secret, 'sbx_tiktok_unaudited_secret', TIKTOK_WEBHOOK_SECRET, IG_WEBHOOK_SECRET];
    const configured = await call(`${t.urls.inspectionUrl}/webhooks/config`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ instagram: { callbackUrl: hook.url, secret: IG_WEBHOOK_SECRET } }),
    });
    expect(configured.status).toBe(200);

    // TikTok: the real OAuth flow, a refresh, and an upload (its URL carries an upload token).
    const tiktokParams = new URLSearchParams({
      client_key: TIKTOK_CLIENT.client_key,
      scope: 'user.info.basic,video.publish',
      response_type: 'code',
      redirect_uri: REDIRECT,
      state: 's1',
    });
    const ttCode =
      (await consent(`${t.urls.tiktokAuthUrl}/v2/auth/authorize/?${tiktokParams}`, 'open_id', 'tt-open-public-0001')).searchParams.get('code') ?? '';
    const ttTokens = await call<{ access_token: string; refresh_token: string }>(
      `${t.urls.tiktokApiBaseUrl}/v2/oauth/token/`,
      form({ ...TIKTOK_CLIENT, code: ttCode, grant_type: 'authorization_code', redirect_uri: REDIRECT }),
    );
    expect(ttTokens.status).toBe(200);
    const refreshed = await call<{ access_token: string; refresh_token: string }>(
      `${t.urls.tiktokApiBaseUrl}/v2/oauth/token/`,
      form({ ...TIKTOK_CLIENT, grant_type: 'refresh_token', refresh_token: ttTokens.body.refresh_token }),
    );
    expect(refreshed.status).toBe(200);
    const access = refreshed.body.access_token;
    const video = buildMp4({ seed: 9 });
    const init = await call<{ data: { upload_url: string; publish_id: string } }>(
      `${t.urls.tiktokApiBaseUrl}/v2/post/publish/video/init/`,
      tiktokJson(access, {
        post_info: { privacy_level: 'SELF_ONLY', brand_content_toggle: false },
        source_info: { source: 'FILE_UPLOAD', video_size: video.length, chunk_size: video.length, total_chunk_count: 1 },
      }),
    );
    const uploadToken = new URL(init.body.data.upload_url).searchParams.get('upload_token') ?? '';
    const put = await fetch(init.body.data.upload_url, {
      method: 'PUT',
      headers: { 'content-type': 'video/mp4', 'content-range': `bytes 0-${video.length - 1}/${video.length}` },
      body: video,
    });
    expect(put.status).toBe(201);
    t.sb.clock.advance(5_000);
    await t.sb.settle();

    // Instagram: consent, code exchange, long-lived exchange (client secret and token in the query), a Graph call.
    const igParams = new URLSearchParams({
      client_id: IG_APP.client_id,
      redirect_uri: REDIRECT,
      scope: 'instagram_business_basic,instagram_business_content_publish',
      response_type: 'code',
      state: 's2',
    });
    const igCode = (
      (await consent(`${t.urls.instagramAuthUrl}/oauth/authorize?${igParams}`, 'ig_user_id', '17841400000000001')).searchParams.get('code') ?? ''
    ).replace(/#_$/, '');
    const short = await call<{ access_token: string }>(
      `${t.urls.instagramAuthUrl}/oauth/access_token`,
      form({ ...IG_APP, grant_type: 'authorization_code', redirect_uri: REDIRECT, code: igCode }),
    );
    expect(short.status).toBe(200);
    const long = await call<{ access_token: string }>(
      `${t.urls.instagramGraphBaseUrl}/access_token?${new URLSearchParams({ grant_type: 'ig_exchange_token', client_secret: IG_APP.client_secret, access_token: short.body.access_token })}`,
    );
    expect(long.status).toBe(200);
    expect((await call(`${t.urls.instagramGraphBaseUrl}/v26.0/me?fields=id,username&access_token=${encodeURIComponent(long.body.access_token)}`)).status).toBe(
      200,
    );

    secrets.push(
      ttCode,
      ttTokens.body.access_token,
      ttTokens.body.refresh_token,
      access,
      refreshed.body.refresh_token,
      uploadToken,
      igCode,
      short.body.access_token,
      long.body.access_token,
    );
    expect(secrets.every((s) => s.length >= 12)).toBe(true);

    const paths = [
      '/',
      '/requests',
      '/requests?host=tiktok',
      '/posts',
      '/duplicates',
      '/received',
      '/quotas',
      '/webhooks',
      '/clock',
      '/faults',
      '/accounts',
      `/tiktok/publishes/${encodeURIComponent(init.body.data.publish_id)}`,
    ];
    const texts: string[] = [];
    for (const path of paths) {
      const res = await call(`${t.urls.inspectionUrl}${path}`);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      texts.push(res.text);
    }
    texts.push(
      (
        await call(`${t.urls.inspectionUrl}/instagram/17841400000000001/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: 'hi' }),
        })
      ).text,
    );
    const all = texts.join('\n');
    for (const secret of secrets) expect({ leaked: all.includes(secret) ? secret : null }).toEqual({ leaked: null });

    // Still useful: the log says which kind of token a call carried.
    const log = await call<{ data: { endpoint: string; token?: string; body?: Record<string, unknown> }[] }>(`${t.urls.inspectionUrl}/requests?host=tiktok`);
    expect(log.body.data.find((e) => e.endpoint === 'tiktok.video.init')?.token).toBe('act.…');
    expect(log.body.data.find((e) => e.endpoint === 'tiktok.oauth.token')?.body).toMatchObject({
      client_key: TIKTOK_CLIENT.client_key,
      client_secret: 'sbx_…',
      grant_type: 'authorization_code',
    });

    // No token minting over HTTP.
    for (const path of ['/tiktok/tokens', '/instagram/tokens']) {
      const res = await call(`${t.urls.inspectionUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ openId: 'tt-open-public-0001', igUserId: '17841400000000001' }),
      });
      expect({ path, status: res.status, token: /act\.|IG/.test(res.text) && res.status < 300 }).toEqual({ path, status: 404, token: false });
    }
  });
});

describe('redact', () => {
  it('masks credentials by key and inside URLs, and leaves error codes and everything else alone', () => {
    expect(redact({ code: 'AQ1234567890abcdef', error: { code: 'access_token_invalid' }, nested: { client_secret: 'sbx_secret_value', count: 3 } })).toEqual({
      code: 'AQ12…',
      error: { code: 'access_token_invalid' },
      nested: { client_secret: 'sbx_…', count: 3 },
    });
    expect(redactQuery('?fields=id&access_token=IGQVJ1234567890&x=1')).toBe(`?fields=id&access_token=${encodeURIComponent('IGQV…')}&x=1`);
    expect(redact({ upload_url: 'http://h/video/?upload_id=u1&upload_token=abcdefghijklmnop' })).toEqual({
      upload_url: `http://h/video/?upload_id=u1&upload_token=${encodeURIComponent('abcd…')}`,
    });
    expect(mask('short')).toBe('…');
  });
});
