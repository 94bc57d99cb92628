import { createHash } from 'node:crypto';

import { createSandbox } from '@mwr/platform-sandbox';

import { approveConsent } from './consent';
import { HttpSession, OWNER } from './http-session';
import { freshDatabase, psql } from './postgres';
import { startServer, tempDataDir } from './server-process';

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

describe('secrets never leak', () => {
  it('keeps passwords, sessions, API keys and OAuth tokens out of logs and API responses through setup, keys, connect and refresh', async () => {
    const db = freshDatabase('secrets');
    const data = tempDataDir();
    // The platforms run in this process, so the test can read every token they issued (the
    // sandbox's inspection API over HTTP masks them); the product reaches them over HTTP as usual.
    const sandbox = createSandbox({ clock: 'real' });
    const platforms = await sandbox.listen({ port: 0, host: '127.0.0.1' });
    const server = await startServer({
      DATABASE_URL: db.url,
      DATA_DIR: data.dir,
      LOG_LEVEL: 'trace',
      LOG_FORMAT: 'json',
      PLATFORM_MODE: 'live',
      TIKTOK_AUTH_URL: platforms.urls.tiktokAuthUrl,
      TIKTOK_API_BASE_URL: platforms.urls.tiktokApiBaseUrl,
      INSTAGRAM_AUTH_URL: platforms.urls.instagramAuthUrl,
      INSTAGRAM_GRAPH_BASE_URL: platforms.urls.instagramGraphBaseUrl,
      FACEBOOK_GRAPH_BASE_URL: platforms.urls.facebookGraphBaseUrl,
      TIKTOK_CLIENT_KEY: 'sbx_tiktok_client_key',
      TIKTOK_CLIENT_SECRET: 'sbx_tiktok_client_secret',
      META_APP_ID: '990000000000001',
      META_APP_SECRET: 'sbx_instagram_app_secret',
    });
    try {
      const owner = new HttpSession(server.url);
      const responses: string[] = [];
      // Every response is checked, except the one that shows a new API key's secret once by design.
      const call = async (method: string, path: string, body?: unknown, showsSecretOnce = false) => {
        const res = await owner.request(method, path, body);
        if (!showsSecretOnce) responses.push(res.text);
        return res;
      };
      expect((await call('POST', '/api/auth/setup', OWNER)).status).toBe(201);
      expect((await new HttpSession(server.url).request('POST', '/api/auth/login', { email: OWNER.email, password: 'a wrong password' })).status).toBe(401);
      const secret = ((await call('POST', '/api/api-keys', { name: 'Log probe', scopes: ['content:read'] }, true)).body as { secret: string }).secret;
      expect((await new HttpSession(server.url, secret).request('GET', '/api/system')).status).toBe(200);

      // Connect TikTok through the sandbox, then force a refresh.
      const { authorizeUrl } = (await call('POST', '/api/accounts/connect/tiktok')).body as { authorizeUrl: string };
      const back = await approveConsent(authorizeUrl);
      const callback = await call('GET', `${back.pathname}${back.search}`);
      expect(callback.status).toBe(200); // fetch followed the redirect to /accounts (the SPA)
      const [account] = (await call('GET', '/api/accounts')).body as { id: string }[];
      psql(db.url, `UPDATE oauth_tokens SET expires_at = now() WHERE account_id = '${account!.id}'`);
      expect(((await call('POST', `/api/accounts/${account!.id}/test`)).body as { ok: boolean }).ok).toBe(true);
      await call('GET', '/api/audit-log');
      await call('GET', '/api/auth/me');

      // Every token the platform issued, from the sandbox's own request log (in-process: real values).
      const sandboxLog = JSON.stringify(sandbox.inspect.requests());
      const platformTokens = [...new Set([...sandboxLog.matchAll(/(act|rft)\.[A-Za-z0-9_-]{10,}/g)].map((m) => m[0]))];
      expect(platformTokens.length).toBeGreaterThanOrEqual(4); // two access and two refresh tokens at least
      await server.stop();

      const logs = server.output();
      expect(logs.length).toBeGreaterThan(1000);
      const secrets = [
        OWNER.password,
        'a wrong password',
        secret,
        sha256(secret),
        ...owner.cookieValues,
        ...owner.cookieValues.map(sha256),
        '$argon2id$',
        ...platformTokens,
      ];
      for (const value of secrets) {
        expect(logs.includes(value) ? `log contains ${value.slice(0, 6)}…` : 'clean').toBe('clean');
        for (const body of responses) expect(body.includes(value) ? `response contains ${value.slice(0, 6)}…` : 'clean').toBe('clean');
      }
      expect(logs).not.toMatch(/(act|rft)\.[A-Za-z0-9._-]{10,}/);
    } finally {
      await server.stop();
      await platforms.close();
      data.remove();
      db.drop();
    }
  });
});
