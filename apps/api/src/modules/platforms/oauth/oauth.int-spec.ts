import { createHash, randomBytes } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';

import { DataSource } from 'typeorm';

import { platformDescriptor } from '@mwr/publishers';

import { consent } from '../../../../test/sandbox-browser.js';
import { addMember, SessionClient, setupOwner } from '../../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/test-database.js';
import { TokensService } from '../../tokens/tokens.service.js';

async function freePort(): Promise<number> {
  const probe: Server = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
type Platform = 'tiktok' | 'instagram';
const FIELD = { tiktok: 'open_id', instagram: 'ig_user_id' } as const;

/**
 * The connect flow of each platform against the product's in-process sandbox (the default
 * platform mode), over real sockets: the browser's consent and the product's token exchange both
 * go through HTTP on loopback.
 */
describe('platform OAuth connect flows through the in-process sandbox (PostgreSQL)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let origin: string;
  let owner: SessionClient;

  beforeAll(async () => {
    db = await createTestDatabase('oauth');
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    t = await startTestApp({ DATABASE_URL: db.url, PUBLIC_URL: origin, ENCRYPTION_KEYS: `1:${randomBytes(32).toString('base64')}` });
    const server = t.app.getHttpServer() as HttpServer;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    owner = await setupOwner(server);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const start = async (platform: Platform, client = owner) => {
    const res = await client.post(`/api/accounts/connect/${platform}`).expect(200);
    const url = new URL(res.body.authorizeUrl);
    return { res, url, state: url.searchParams.get('state')! };
  };
  const callbackOf = (back: URL) => `${back.pathname}${back.search}`;

  it.each(['tiktok', 'instagram'] as const)('%s: gives an authorize URL with a fresh state, of which only the hash is stored', async (platform) => {
    const before = Date.now();
    const { res, url, state } = await start(platform);
    expect(`${url.origin}${url.pathname}`).toBe(
      platform === 'tiktok' ? `${origin}/sandbox/tiktok-auth/v2/auth/authorize/` : `${origin}/sandbox/instagram-auth/oauth/authorize`,
    );
    expect(url.searchParams.get('redirect_uri')).toBe(`${origin}/api/accounts/callback/${platform}`);
    expect(url.searchParams.get('response_type')).toBe('code');
    // The scopes its registry descriptor declares (the platform's OAuth flavour).
    expect(url.searchParams.get('scope')?.split(',')).toEqual([...platformDescriptor(platform).oauth.scopes]);
    expect(state.length).toBeGreaterThanOrEqual(32);
    const expiresAt = Date.parse(res.body.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 9 * 60_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 10 * 60_000 + 1000);

    const rows = await sql().query('SELECT state_hash, platform, used_at FROM oauth_states WHERE state_hash = $1', [sha256(state)]);
    expect(rows).toEqual([{ state_hash: sha256(state), platform, used_at: null }]);
    expect(JSON.stringify(await sql().query('SELECT * FROM oauth_states'))).not.toContain(state);
    const again = await start(platform);
    expect(again.state).not.toBe(state);
  });

  it.each(['tiktok', 'instagram'] as const)('%s: a good callback stores the account with its token encrypted, never in clear', async (platform) => {
    const { res } = await start(platform);
    const back = await consent(res.body.authorizeUrl, { decision: 'approve', field: FIELD[platform] });
    const done = await owner.get(callbackOf(back)).expect(302);
    const target = new URL(done.headers.location!);
    expect(target.pathname).toBe('/accounts');
    const accountId = target.searchParams.get('connected');
    const accounts = (await owner.get('/api/accounts').expect(200)).body as { id: string; platform: string; status: string }[];
    expect(accounts.find((a) => a.id === accountId)).toMatchObject({ platform, status: 'active' });

    const token = await t.app.get(TokensService).peekAccessToken(accountId!);
    expect(token).toEqual(expect.any(String));
    expect(token!.length).toBeGreaterThanOrEqual(16);
    const [row] = await sql().query('SELECT * FROM oauth_tokens WHERE account_id = $1', [accountId]);
    expect(row).toBeDefined();
    const raw = Object.values(row as Record<string, unknown>).map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : JSON.stringify(v)));
    for (const value of raw) expect(value).not.toContain(token);
    expect(Buffer.from(row.access_token_ciphertext).includes(Buffer.from(token!))).toBe(false);
    expect(JSON.stringify(accounts)).not.toContain(token);
    const audit = await sql().query("SELECT action FROM audit_log WHERE target_id = $1 AND action IN ('account.connected', 'account.reconnected')", [
      accountId,
    ]);
    expect(audit).toEqual([{ action: 'account.connected' }]);
  });

  it.each(['tiktok', 'instagram'] as const)('%s: denied consent comes back to the accounts page with the reason, and stores nothing', async (platform) => {
    const accountsBefore = await sql().query('SELECT count(*)::int AS n FROM social_accounts');
    const { res } = await start(platform);
    const back = await consent(res.body.authorizeUrl, { decision: 'deny', field: FIELD[platform] });
    const done = await owner.get(callbackOf(back)).expect(302);
    const target = new URL(done.headers.location!);
    expect(target.pathname).toBe('/accounts');
    expect(target.searchParams.get('error')).toBe('access_denied');
    expect(target.searchParams.get('message')).toMatch(/declined/);
    expect(target.searchParams.get('connected')).toBeNull();
    expect(await sql().query('SELECT count(*)::int AS n FROM social_accounts')).toEqual(accountsBefore);
  });

  it('refuses a missing, forged, reused, expired, other-platform or other-session state with an exact 400', async () => {
    const refused = async (path: string, client: SessionClient, message: string) => {
      const res = await client.get(path).expect(400);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain(`<p>${message}</p>`);
      expect(res.headers.location).toBeUndefined();
    };
    const countAccounts = async () => Number((await sql().query('SELECT count(*)::int AS n FROM social_accounts'))[0].n);
    const accountsBefore = await countAccounts();

    await refused('/api/accounts/callback/tiktok?code=abc', owner, 'The sign-in answer from the platform had no state: start the connection again.');
    await refused(
      '/api/accounts/callback/tiktok?code=abc&state=forged-state-value',
      owner,
      'This connection link is not one we started: start the connection again.',
    );

    // Reused: the first use connects, the second is refused.
    const first = await start('tiktok');
    const back = await consent(first.res.body.authorizeUrl, { decision: 'approve', field: 'open_id' });
    await owner.get(callbackOf(back)).expect(302);
    await refused(callbackOf(back), owner, 'This connection link was already used: start the connection again.');

    // Expired: older than its 10 minutes.
    const late = await start('tiktok');
    const lateBack = await consent(late.res.body.authorizeUrl, { decision: 'approve', field: 'open_id' });
    await sql().query("UPDATE oauth_states SET expires_at = now() - interval '1 second' WHERE state_hash = $1", [sha256(late.state)]);
    await refused(callbackOf(lateBack), owner, 'This connection took more than 10 minutes: start it again.');

    // A TikTok state presented at the Instagram callback is not one Instagram's flow started.
    const crossed = await start('tiktok');
    await refused(
      `/api/accounts/callback/instagram?code=abc&state=${encodeURIComponent(crossed.state)}`,
      owner,
      'This connection link is not one we started: start the connection again.',
    );

    // Another browser session (here: nobody signed in) cannot complete the owner's flow.
    const foreign = await start('instagram');
    const foreignBack = await consent(foreign.res.body.authorizeUrl, { decision: 'approve', field: 'ig_user_id' });
    await refused(
      callbackOf(foreignBack),
      new SessionClient(t.app.getHttpServer()),
      'This connection was started in another browser session: start it again here.',
    );

    expect(await countAccounts()).toBe(accountsBefore);
  });

  it('lets only admins start a connection, not API keys, and only for platforms it can connect', async () => {
    const editor = await addMember(t.app.getHttpServer(), owner, 'editor@example.com', 'editor');
    const byEditor = await editor.client.post('/api/accounts/connect/tiktok').expect(403);
    expect(byEditor.body).toEqual({ statusCode: 403, code: 'INSUFFICIENT_ROLE', message: 'Your role in this workspace cannot do this (needs admin)' });
    const key = (await owner.post('/api/api-keys', { name: 'all', scopes: ['admin'] }).expect(201)).body.secret;
    const byKey = await SessionClient.withApiKey(t.app.getHttpServer(), key).post('/api/accounts/connect/tiktok').expect(403);
    expect(byKey.body).toEqual({ statusCode: 403, code: 'INSUFFICIENT_SCOPE', message: 'This route is not available to API keys' });
    expect((await owner.post('/api/accounts/connect/myspace').expect(404)).body.code).toBe('NOT_FOUND');
  });

  const sql = () => t.app.get(DataSource);
});
