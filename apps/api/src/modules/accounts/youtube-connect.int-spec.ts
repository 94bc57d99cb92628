import { randomBytes } from 'node:crypto';

import { DataSource } from 'typeorm';

import { createSandbox, type RunningSandbox, type Sandbox } from '@mwr/platform-sandbox';

import { SessionClient, setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { TokensService } from '../tokens/tokens.service.js';

const CHANNEL = 'UCsandboxShorts000000001';

/** Google's consent page as a person answers it: the channel, every scope left ticked. */
async function googleConsent(authorizeUrl: string): Promise<URL> {
  const page = await fetch(authorizeUrl);
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${await page.text()}`);
  const fields = new URLSearchParams(new URL(authorizeUrl).search);
  fields.set('decision', 'approve');
  fields.set('channel_id', CHANNEL);
  for (const scope of (fields.get('scope') ?? '').split(' ')) fields.append('granted_scope', scope);
  const res = await fetch(authorizeUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields, redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`consent answered ${res.status} without a redirect: ${await res.text()}`);
  return new URL(location);
}

/**
 * Connecting a YouTube channel through the API (issue 22): Google's web flow with PKCE, whose
 * verifier the callback re-derives from the state; a reconnect, a refresh without a new refresh
 * token keeping the stored one.
 */
describe('accounts: connecting a YouTube channel (PostgreSQL + sandbox over HTTP)', () => {
  let db: TestDatabase;
  let sandbox: Sandbox;
  let running: RunningSandbox;
  let t: TestApp;
  let sql: DataSource;
  let owner: SessionClient;

  beforeAll(async () => {
    sandbox = createSandbox({ clock: 'real' });
    running = await sandbox.listen({ port: 0, host: '127.0.0.1' });
    db = await createTestDatabase('youtube_connect');
    t = await startTestApp({
      DATABASE_URL: db.url,
      PLATFORM_MODE: 'live',
      YOUTUBE_AUTH_URL: running.urls.youtubeAuthUrl,
      YOUTUBE_OAUTH_URL: running.urls.youtubeOauthUrl,
      YOUTUBE_API_BASE_URL: running.urls.youtubeApiBaseUrl,
      YOUTUBE_CLIENT_ID: 'sbx_youtube_client',
      YOUTUBE_CLIENT_SECRET: 'sbx_youtube_secret',
      ENCRYPTION_KEYS: `1:${randomBytes(32).toString('base64')}`,
    });
    sql = t.app.get(DataSource);
    owner = await setupOwner(t.app.getHttpServer());
  });
  afterAll(async () => {
    await t?.close();
    await running?.close();
    await db?.drop();
  });

  const connect = async () => {
    const started = await owner.post('/api/accounts/connect/youtube').expect(200);
    const authorize = new URL(started.body.authorizeUrl);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('access_type')).toBe('offline');
    const back = await googleConsent(started.body.authorizeUrl);
    expect(`${back.origin}${back.pathname}`).toBe('http://localhost:3000/api/accounts/callback/youtube');
    const res = await owner.get(`${back.pathname}${back.search}`).expect(302);
    return new URL(res.headers.location!);
  };

  it('connects the channel end to end (PKCE verifier from the state) and shows it', async () => {
    const target = await connect();
    expect(target.searchParams.get('error')).toBeNull();
    expect(target.searchParams.get('new')).toBe('true');
    const accounts = (await owner.get('/api/accounts').expect(200)).body;
    expect(accounts).toEqual([
      expect.objectContaining({ id: target.searchParams.get('connected'), platform: 'youtube', displayName: 'Sandbox Shorts', status: 'active' }),
    ]);
    const [row] = await sql.query('SELECT remote_account_id AS remote, scopes FROM social_accounts WHERE platform = $1', ['youtube']);
    expect(row.remote).toBe(CHANNEL);
    // The PKCE exchange went through: Google would have refused a wrong or missing verifier.
    const exchange = sandbox.inspect.requests({ endpoint: 'youtube.oauth.token' });
    expect(exchange.length).toBe(1);
  });

  it('keeps the stored refresh token when a refresh answer carries none', async () => {
    const [{ id }] = await sql.query("SELECT id FROM social_accounts WHERE platform = 'youtube'");
    const [before] = await sql.query('SELECT refresh_token_ciphertext AS r FROM oauth_tokens WHERE account_id = $1', [id]);
    expect(before.r).not.toBeNull();
    await sql.query('UPDATE oauth_tokens SET expires_at = now() WHERE account_id = $1', [id]);
    const tokens = t.app.get(TokensService);
    const fresh = await tokens.getValidAccessToken(id);
    expect(fresh).toMatch(/^ya29\./);
    const [after] = await sql.query('SELECT refresh_token_ciphertext AS r, expires_at FROM oauth_tokens WHERE account_id = $1', [id]);
    // Re-sealed (a new nonce), but still there.
    expect(after.r).not.toBeNull();
    expect(new Date(after.expires_at).getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
    // It is still the first consent's token: a second refresh succeeds with it.
    await sql.query('UPDATE oauth_tokens SET expires_at = now() WHERE account_id = $1', [id]);
    await expect(tokens.getValidAccessToken(id)).resolves.toMatch(/^ya29\./);
  });

  it('reconnects the same channel as the same account', async () => {
    const target = await connect();
    expect(target.searchParams.get('new')).toBe('false');
    expect((await owner.get('/api/accounts').expect(200)).body).toHaveLength(1);
  });
});
