import { randomBytes } from 'node:crypto';

import { DataSource } from 'typeorm';

import { createSandbox, type RunningSandbox, type Sandbox } from '@mwr/platform-sandbox';

import { consent } from '../../../test/sandbox-browser.js';
import { SessionClient, setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { TokensService } from '../tokens/tokens.service.js';
import { AccountsService } from './accounts.service.js';

/**
 * Connect flows against the platform sandbox running as its own server: the product is in "live"
 * mode, pointed at it only through the platform URLs and client keys, as it would be at any
 * server implementing the contract.
 */
describe('accounts: OAuth connect, token vault and refresh (PostgreSQL + sandbox over HTTP)', () => {
  let db: TestDatabase;
  let sandbox: Sandbox;
  let running: RunningSandbox;
  let t: TestApp;
  let sql: DataSource;
  let owner: SessionClient;
  let env: Record<string, string>;

  beforeAll(async () => {
    sandbox = createSandbox({ clock: 'real' });
    running = await sandbox.listen({ port: 0, host: '127.0.0.1' });
    db = await createTestDatabase('accounts');
    env = {
      DATABASE_URL: db.url,
      PLATFORM_MODE: 'live',
      TIKTOK_AUTH_URL: running.urls.tiktokAuthUrl,
      TIKTOK_API_BASE_URL: running.urls.tiktokApiBaseUrl,
      INSTAGRAM_AUTH_URL: running.urls.instagramAuthUrl,
      INSTAGRAM_GRAPH_BASE_URL: running.urls.instagramGraphBaseUrl,
      FACEBOOK_GRAPH_BASE_URL: running.urls.facebookGraphBaseUrl,
      TIKTOK_CLIENT_KEY: 'sbx_tiktok_client_key',
      TIKTOK_CLIENT_SECRET: 'sbx_tiktok_client_secret',
      META_APP_ID: '990000000000001',
      META_APP_SECRET: 'sbx_instagram_app_secret',
      ENCRYPTION_KEYS: `1:${randomBytes(32).toString('base64')}`,
    };
    t = await startTestApp(env);
    sql = t.app.get(DataSource);
    owner = await setupOwner(t.app.getHttpServer());
  });
  afterAll(async () => {
    await t?.close();
    await running?.close();
    await db?.drop();
  });

  const connect = async (platform: 'tiktok' | 'instagram', decision: 'approve' | 'deny' = 'approve', client = owner) => {
    const started = await client.post(`/api/accounts/connect/${platform}`).expect(200);
    const back = await consent(started.body.authorizeUrl, { decision, field: platform === 'tiktok' ? 'open_id' : 'ig_user_id' });
    expect(`${back.origin}${back.pathname}`).toBe(`http://localhost:3000/api/accounts/callback/${platform}`);
    return { back, callback: () => client.get(`${back.pathname}${back.search}`) };
  };
  const tokenCalls = (grant: string) =>
    sandbox.inspect.requests({ endpoint: 'tiktok.oauth.token' }).filter((r) => JSON.stringify(r.body ?? '').includes(grant)).length;

  it('connects a TikTok account end to end and shows it without its token', async () => {
    const { callback } = await connect('tiktok');
    const res = await callback().expect(302);
    const target = new URL(res.headers.location!);
    expect(target.pathname).toBe('/accounts');
    expect(target.searchParams.get('new')).toBe('true');
    const accounts = (await owner.get('/api/accounts').expect(200)).body;
    expect(accounts).toEqual([
      expect.objectContaining({
        id: target.searchParams.get('connected'),
        platform: 'tiktok',
        handle: 'sandbox.public',
        status: 'active',
        lastRefreshError: null,
      }),
    ]);
    expect(accounts[0].capabilities.privacyLevelOptions).toContain('PUBLIC_TO_EVERYONE');
    expect(new Date(accounts[0].tokenExpiresAt).getTime()).toBeGreaterThan(Date.now() + 60 * 60_000);
    const token = await t.app.get(TokensService).peekAccessToken(accounts[0].id);
    expect(JSON.stringify(accounts)).not.toContain(token);
    const [row] = await sql.query('SELECT access_token_ciphertext AS a, refresh_token_ciphertext AS r FROM oauth_tokens');
    expect(Buffer.from(row.a).includes(Buffer.from(token!))).toBe(false);
    expect(row.r).not.toBeNull();
    expect((await owner.post(`/api/accounts/${accounts[0].id}/test`).expect(200)).body).toEqual({ ok: true, handle: 'sandbox.public', status: 'active' });
  });

  it('updates the same row when the account is connected again', async () => {
    const before = await sql.query("SELECT id FROM social_accounts WHERE platform = 'tiktok'");
    const res = await (await connect('tiktok')).callback().expect(302);
    const target = new URL(res.headers.location!);
    expect(target.searchParams.get('new')).toBe('false');
    expect(target.searchParams.get('connected')).toBe(before[0].id);
    expect(await sql.query("SELECT id FROM social_accounts WHERE platform = 'tiktok'")).toEqual(before);
  });

  it('comes back with a readable reason when the user declines', async () => {
    const res = await (await connect('tiktok', 'deny')).callback().expect(302);
    const target = new URL(res.headers.location!);
    expect(target.searchParams.get('error')).toBe('access_denied');
    expect(target.searchParams.get('message')).toMatch(/declined/);
  });

  it('refuses a replayed, forged or foreign-session state with a 400 page', async () => {
    const { back, callback } = await connect('tiktok');
    await callback().expect(302);
    const replay = await callback().expect(400);
    expect(replay.text).toContain('already used');
    const forged = new URL(back);
    forged.searchParams.set('state', 'forged-state-value');
    expect((await owner.get(`${forged.pathname}${forged.search}`).expect(400)).text).toContain('not one we started');
    await owner.get(`${back.pathname}?code=x`).expect(400);

    const started = await connect('tiktok');
    const stranger = new SessionClient(t.app.getHttpServer());
    expect((await stranger.get(`${started.back.pathname}${started.back.search}`).expect(400)).text).toContain('another browser session');
  });

  it('connects an Instagram professional account with a long-lived token', async () => {
    const res = await (await connect('instagram')).callback().expect(302);
    const id = new URL(res.headers.location!).searchParams.get('connected');
    const account = (await owner.get('/api/accounts').expect(200)).body.find((a: { id: string }) => a.id === id);
    expect(account).toMatchObject({ platform: 'instagram', handle: 'sandbox.business', accountType: 'BUSINESS', status: 'active' });
    expect(new Date(account.tokenExpiresAt).getTime()).toBeGreaterThan(Date.now() + 50 * 86_400_000);
  });

  it('refreshes before expiry, stores the rotated refresh token, and refreshes once when two processes race', async () => {
    const [{ id }] = await sql.query("SELECT id FROM social_accounts WHERE platform = 'tiktok'");
    const tokens = t.app.get(TokensService);
    const oldToken = await tokens.peekAccessToken(id);
    const [before] = await sql.query('SELECT refresh_token_ciphertext AS r FROM oauth_tokens WHERE account_id = $1', [id]);
    const refreshesBefore = tokenCalls('refresh_token');

    // A second "process": its own Nest app, connection pool and token service on the same database.
    const other = await startTestApp(env);
    try {
      await sql.query("UPDATE oauth_tokens SET expires_at = now() + interval '2 minutes' WHERE account_id = $1", [id]);
      const [a, b] = await Promise.all([tokens.getValidAccessToken(id), other.app.get(TokensService).getValidAccessToken(id)]);
      expect(a).toBe(b);
      expect(a).not.toBe(oldToken);
      expect(tokenCalls('refresh_token') - refreshesBefore).toBe(1);
    } finally {
      await other.close();
    }
    const [after] = await sql.query('SELECT refresh_token_ciphertext AS r, expires_at FROM oauth_tokens WHERE account_id = $1', [id]);
    expect(Buffer.from(after.r).equals(Buffer.from(before.r))).toBe(false);
    expect(new Date(after.expires_at).getTime()).toBeGreaterThan(Date.now() + 60 * 60_000);
    // The new refresh token works (the rotated-out one would not).
    await sql.query('UPDATE oauth_tokens SET expires_at = now() WHERE account_id = $1', [id]);
    await expect(tokens.getValidAccessToken(id)).resolves.toEqual(expect.any(String));
  });

  it('keeps the account on a temporary refresh failure, and marks it needs_reconnect when the grant is revoked', async () => {
    const [{ id }] = await sql.query("SELECT id FROM social_accounts WHERE platform = 'tiktok'");
    const accounts = t.app.get(AccountsService);
    await sql.query('UPDATE oauth_tokens SET expires_at = now() WHERE account_id = $1', [id]);
    sandbox.addFault({ match: { endpoint: 'tiktok.oauth.token' }, kind: 'http_503', nth: 1 });
    await expect(accounts.getValidAccessToken(id)).rejects.toThrow(/failed for now/);
    expect((await sql.query('SELECT status, last_refresh_error FROM social_accounts WHERE id = $1', [id]))[0]).toEqual({
      status: 'active',
      last_refresh_error: 'http_503',
    });

    const token = await t.app.get(TokensService).peekAccessToken(id);
    const revoked = await fetch(`${running.urls.tiktokApiBaseUrl}/v2/oauth/revoke/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_key: 'sbx_tiktok_client_key', client_secret: 'sbx_tiktok_client_secret', token: token! }).toString(),
    });
    expect(revoked.status).toBe(200);
    await expect(accounts.getValidAccessToken(id)).rejects.toThrow(/must be reconnected/);
    expect((await sql.query('SELECT status FROM social_accounts WHERE id = $1', [id]))[0].status).toBe('needs_reconnect');
    const audit = (await owner.get('/api/audit-log').expect(200)).body.items.map((e: { action: string }) => e.action);
    expect(audit).toContain('account.needs_reconnect');
    expect((await owner.post(`/api/accounts/${id}/test`).expect(200)).body).toEqual({ ok: false, error: 'reconnect_required' });
  });

  it('disconnects: deletes the tokens and keeps the account for history', async () => {
    const [{ id }] = await sql.query("SELECT id FROM social_accounts WHERE platform = 'instagram'");
    await owner.delete(`/api/accounts/${id}`).expect(204);
    expect(await sql.query('SELECT 1 FROM oauth_tokens WHERE account_id = $1', [id])).toEqual([]);
    expect((await sql.query('SELECT status FROM social_accounts WHERE id = $1', [id]))[0].status).toBe('disabled');
    // A platform outside the registry is simply not a route.
    await owner.post('/api/accounts/connect/myspace').expect(404);
  });
});
