import { randomBytes } from 'node:crypto';

import { DataSource } from 'typeorm';

import { createSandbox, type RunningSandbox, type Sandbox } from '@mwr/platform-sandbox';

import { SessionClient, setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { TokensService } from '../tokens/tokens.service.js';
import { AccountsService } from './accounts.service.js';

const USER = '1790000000000000001';

/** X's consent page as a person answers it: the account, then Authorize app. */
async function xConsent(authorizeUrl: string): Promise<URL> {
  const page = await fetch(authorizeUrl);
  if (page.status !== 200) throw new Error(`consent page answered ${page.status}: ${await page.text()}`);
  const fields = new URLSearchParams(new URL(authorizeUrl).search);
  fields.set('decision', 'approve');
  fields.set('user_id', USER);
  const res = await fetch(authorizeUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields, redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`consent answered ${res.status} without a redirect: ${await res.text()}`);
  return new URL(location);
}

/**
 * Connecting an X account through the API (issue #23): OAuth 2.0 with PKCE, the code exchanged at
 * once with Basic auth; refresh tokens rotate on every use, so refreshes are single-flight per
 * account across processes (two apps on one database here) and the new pair is stored in the
 * refresh's transaction: a second refresh with the used token would disconnect the account.
 */
describe('accounts: connecting an X account, rotating refresh tokens (PostgreSQL + sandbox over HTTP)', () => {
  let db: TestDatabase;
  let sandbox: Sandbox;
  let running: RunningSandbox;
  let t: TestApp;
  let other: TestApp;
  let sql: DataSource;
  let owner: SessionClient;

  beforeAll(async () => {
    sandbox = createSandbox({ clock: 'real' });
    running = await sandbox.listen({ port: 0, host: '127.0.0.1' });
    db = await createTestDatabase('x_connect');
    const env = {
      DATABASE_URL: db.url,
      PLATFORM_MODE: 'live',
      X_AUTH_URL: running.urls.xAuthUrl,
      X_API_BASE_URL: running.urls.xApiBaseUrl,
      X_CLIENT_ID: 'sbx_x_client',
      X_CLIENT_SECRET: 'sbx_x_secret',
      ENCRYPTION_KEYS: `1:${randomBytes(32).toString('base64')}`,
    };
    t = await startTestApp(env);
    // A second process on the same database: its own pool, its own TokensService.
    other = await startTestApp(env);
    sql = t.app.get(DataSource);
    owner = await setupOwner(t.app.getHttpServer());
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
    await running?.close();
    await db?.drop();
  });
  afterEach(() => sandbox.clearFaults());

  /** Calls to X's token endpoint (a slowed call's log entry may lack its body: every call counts). */
  const tokenCalls = () => sandbox.inspect.requests({ endpoint: 'x.oauth.token' }).length;
  const accountId = async (): Promise<string> => (await sql.query("SELECT id FROM social_accounts WHERE platform = 'x'"))[0].id;
  const expireToken = async (id: string) => sql.query("UPDATE oauth_tokens SET expires_at = now() + interval '1 minute' WHERE account_id = $1", [id]);
  const status = async (id: string): Promise<string> => (await sql.query('SELECT status FROM social_accounts WHERE id = $1', [id]))[0].status;

  it('connects the account end to end (PKCE S256, the code exchanged at once) and shows it', async () => {
    const started = await owner.post('/api/accounts/connect/x').expect(200);
    const authorize = new URL(started.body.authorizeUrl);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${running.urls.xAuthUrl}/i/oauth2/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('scope')).toBe('tweet.read tweet.write users.read media.write offline.access');
    const back = await xConsent(started.body.authorizeUrl);
    expect(`${back.origin}${back.pathname}`).toBe('http://localhost:3000/api/accounts/callback/x');
    const res = await owner.get(`${back.pathname}${back.search}`).expect(302);
    const target = new URL(res.headers.location!);
    expect(target.searchParams.get('error')).toBeNull();
    expect((await owner.get('/api/accounts').expect(200)).body).toEqual([
      expect.objectContaining({ id: target.searchParams.get('connected'), platform: 'x', handle: 'sandbox_brand', status: 'active' }),
    ]);
    const [row] = await sql.query("SELECT remote_account_id AS remote FROM social_accounts WHERE platform = 'x'");
    expect(row.remote).toBe(USER);
    expect(tokenCalls()).toBe(1);
  });

  it('refreshes once when two processes refresh the same account at the same time, and stores the rotated refresh token', async () => {
    const id = await accountId();
    await expireToken(id);
    const before = tokenCalls();
    // X takes its time: the second process arrives while the first holds the account's token row.
    sandbox.addFault({ match: { endpoint: 'x.oauth.token' }, kind: 'slow', delayMs: 800, nth: 1 });
    const [a, b] = await Promise.all([t.app.get(TokensService).getValidAccessToken(id), other.app.get(TokensService).getValidAccessToken(id)]);
    expect(a).toBe(b);
    expect(tokenCalls() - before).toBe(1);
    expect(await status(id)).toBe('active');
    // The refresh token stored is the new one: the next refresh works (the used one would be refused).
    await expireToken(id);
    const next = await other.app.get(TokensService).getValidAccessToken(id);
    expect(next).not.toBe(a);
    expect(tokenCalls() - before).toBe(2);
    expect(await status(id)).toBe('active');
  });

  it('forces one refresh when two workers are refused the same token at once (the second uses the first one’s)', async () => {
    const id = await accountId();
    // The stored token is minutes old (a job's reused token the platform now refuses).
    await sql.query("UPDATE oauth_tokens SET issued_at = now() - interval '5 minutes' WHERE account_id = $1", [id]);
    const before = tokenCalls();
    sandbox.addFault({ match: { endpoint: 'x.oauth.token' }, kind: 'slow', delayMs: 800, nth: 1 });
    await Promise.all([t.app.get(AccountsService).forceRefresh(id), other.app.get(AccountsService).forceRefresh(id)]);
    expect(tokenCalls() - before).toBe(1);
    expect(await status(id)).toBe('active');
    await expireToken(id);
    await expect(t.app.get(TokensService).getValidAccessToken(id)).resolves.toEqual(expect.any(String));
    expect(await status(id)).toBe('active');
  });

  it('does not keep a refresh token X killed when its answer carries no new one', async () => {
    const id = await accountId();
    await sql.query("UPDATE oauth_tokens SET issued_at = now() - interval '5 minutes' WHERE account_id = $1", [id]);
    // The consent no longer includes offline.access (the grant's scopes, as a new consent would set them): the answer has an access token only.
    sandbox.actions.mintXToken({ userId: USER, scopes: ['tweet.read', 'tweet.write', 'users.read', 'media.write'] });
    await t.app.get(AccountsService).forceRefresh(id);
    const [row] = await sql.query('SELECT refresh_token_ciphertext AS r FROM oauth_tokens WHERE account_id = $1', [id]);
    expect(row.r).toBeNull();
  });
});
