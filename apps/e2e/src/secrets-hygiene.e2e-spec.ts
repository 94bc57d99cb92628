import { createHash } from 'node:crypto';
import { approveConsent } from './consent';
import { HttpSession, OWNER } from './http-session';
import { freshDatabase, psql } from './postgres';
import { startServer, tempDataDir } from './server-process';

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');


describe('secrets never leak', () => {
  it('keeps passwords, sessions, API keys and OAuth tokens out of logs and API responses through setup, keys, connect and refresh', async () => {
    const db = freshDatabase('secrets');
    const data = tempDataDir();
    const server = await startServer({ DATABASE_URL: db.url, DATA_DIR: data.dir, LOG_LEVEL: 'trace', LOG_FORMAT: 'json' });
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

      // Connect TikTok through the in-process sandbox, then force a refresh.
      const { authorizeUrl } = (await call('POST', '/api/accounts/connect/tiktok')).body as { authorizeUrl: string };
      const back = await approveConsent(authorizeUrl);
      const callback = await call('GET', `${back.pathname}${back.search}`);
      expect(callback.status).toBe(200); // fetch followed the redirect to /accounts (the SPA)
      const [account] = (await call('GET', '/api/accounts')).body as { id: string }[];
      psql(db.url, `UPDATE oauth_tokens SET expires_at = now() WHERE account_id = '${account!.id}'`);
      expect(((await call('POST', `/api/accounts/${account!.id}/test`)).body as { ok: boolean }).ok).toBe(true);
      await call('GET', '/api/audit-log');
      await call('GET', '/api/auth/me');

      // Every token the platform issued, from the sandbox's own request log.
      const sandboxLog = JSON.stringify(await (await fetch(`${server.url}/sandbox/__sandbox/requests`)).json());
      const platformTokens = [...new Set([...sandboxLog.matchAll(/(act|rft)\.[A-Za-z0-9_-]{10,}/g)].map((m) => m[0]))];
      expect(platformTokens.length).toBeGreaterThanOrEqual(4); // two access and two refresh tokens at least
      await server.stop();

      const logs = server.output();
      expect(logs.length).toBeGreaterThan(1000);
      const secrets = [OWNER.password, 'a wrong password', secret, sha256(secret), ...owner.cookieValues, ...owner.cookieValues.map(sha256), '$argon2id$', ...platformTokens];
      for (const value of secrets) {
        expect(logs.includes(value) ? `log contains ${value.slice(0, 6)}…` : 'clean').toBe('clean');
        for (const body of responses) expect(body.includes(value) ? `response contains ${value.slice(0, 6)}…` : 'clean').toBe('clean');
      }
      expect(logs).not.toMatch(/(act|rft)\.[A-Za-z0-9._-]{10,}/);
    } finally {
      data.remove();
      db.drop();
    }
  });
});
