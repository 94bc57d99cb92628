import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';

import { consent } from '../../../test/sandbox-browser.js';
import { addMember, SessionClient, setupOwner } from '../../../test/session-client.js';
import { startTestApp, type TestApp } from '../../../test/test-app.js';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { PlatformSandboxHost } from './platform-sandbox.host.js';

/**
 * A caller that is not on loopback, over a real socket: this machine's own non-loopback interface
 * address (connecting to it from here makes it the TCP peer address too). No traffic leaves the machine.
 */
function ownNonLoopbackAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal && !a.address.startsWith('169.254.')) return a.address;
  }
  throw new Error('this suite needs a non-loopback network interface on this machine (os.networkInterfaces() lists none)');
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const NOT_FOUND = { statusCode: 404, code: 'NOT_FOUND' };

describe('platform sandbox exposure: loopback callers and the installation owner only (PostgreSQL, real sockets)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let server: Server;
  let local: string;
  let remote: string;
  let owner: SessionClient;

  beforeAll(async () => {
    db = await createTestDatabase('sandbox_exposure');
    const port = await freePort();
    // The product reaches its in-process sandbox over loopback, as it does by default.
    t = await startTestApp({ DATABASE_URL: db.url, PUBLIC_URL: `http://127.0.0.1:${port}`, ENCRYPTION_KEYS: `1:${randomBytes(32).toString('base64')}` });
    server = t.app.getHttpServer() as Server;
    await new Promise<void>((resolve) => server.listen(port, '0.0.0.0', resolve));
    local = `http://127.0.0.1:${port}`;
    remote = `http://${ownNonLoopbackAddress()}:${port}`;
    owner = await setupOwner(server);
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const sandbox = () => t.app.get(PlatformSandboxHost).sandbox!;
  const session = (client: SessionClient) => ({ cookie: `mwr_session=${client.sessionToken ?? ''}` });
  const tiktokAuthorize = (origin: string) =>
    `${origin}/sandbox/tiktok-auth/v2/auth/authorize/?${new URLSearchParams({ client_key: 'sbx_tiktok_client_key', scope: 'user.info.basic', response_type: 'code', redirect_uri: `${local}/cb` })}`;
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const res = await fetch(url, { headers, redirect: 'manual' });
    return { status: res.status, text: await res.text() };
  };
  const body = (text: string): unknown => JSON.parse(text);

  it('answers 404 to a caller elsewhere, on inspection, OAuth and Graph/Open API alike, and changes nothing', async () => {
    const fault = sandbox().addFault({ match: { endpoint: 'tiktok.creator_info' }, kind: 'http_503' });
    const served = sandbox().inspect.requests().length;
    const probes: [string, RequestInit][] = [
      [`${remote}/sandbox/__sandbox/`, {}],
      [`${remote}/sandbox/__sandbox/requests`, {}],
      [`${remote}/sandbox/__sandbox/accounts`, {}],
      [`${remote}/sandbox/__sandbox/faults`, { method: 'DELETE' }],
      [`${remote}/sandbox/__sandbox/reset`, { method: 'POST' }],
      [tiktokAuthorize(remote), {}],
      [
        `${remote}/sandbox/tiktok/v2/oauth/token/`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'client_key=sbx_tiktok_client_key&grant_type=client_credentials',
        },
      ],
      [`${remote}/sandbox/tiktok/v2/post/publish/creator_info/query/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }],
      [`${remote}/sandbox/instagram-auth/oauth/authorize?client_id=990000000000001`, {}],
      [`${remote}/sandbox/instagram-graph/v26.0/me?access_token=x`, {}],
      [`${remote}/sandbox/facebook-graph/v26.0/me`, {}],
    ];
    for (const [url, init] of probes) {
      const res = await fetch(url, { redirect: 'manual', ...init });
      const path = new URL(url).pathname + new URL(url).search;
      expect({ url, status: res.status, body: await res.json() }).toEqual({
        url,
        status: 404,
        body: { ...NOT_FOUND, message: `Cannot ${init.method ?? 'GET'} ${path}` },
      });
    }
    // Exactly what an unknown route answers: nothing tells that a sandbox is there.
    expect(body((await get(`${remote}/api/no-such-route`)).text)).toEqual({ ...NOT_FOUND, message: 'Cannot GET /api/no-such-route' });
    expect(sandbox().inspect.requests()).toHaveLength(served);
    // The refused DELETE and reset did nothing.
    expect(body((await get(`${local}/sandbox/__sandbox/faults`)).text)).toEqual({ data: [expect.objectContaining({ id: fault.id })] });
    sandbox().clearFaults();
  });

  it('serves callers on this machine, but not a request a local proxy forwarded for someone else', async () => {
    expect((await get(`${local}/sandbox/__sandbox/`)).status).toBe(200);
    const page = await get(tiktokAuthorize(local));
    expect([page.status, page.text]).toEqual([200, expect.stringContaining('Authorize sbx_tiktok_client_key')]);
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
      const value = header === 'forwarded' ? 'for=203.0.113.7' : '203.0.113.7';
      expect({ header, status: (await get(`${local}/sandbox/__sandbox/`, { [header]: value })).status }).toEqual({ header, status: 404 });
    }
  });

  it('serves the signed-in installation owner from elsewhere, and no other account or API key', async () => {
    const asOwner = await get(`${remote}/sandbox/__sandbox/accounts`, session(owner));
    expect(asOwner.status).toBe(200);
    expect((await get(tiktokAuthorize(remote), session(owner))).status).toBe(200);
    const reset = await fetch(`${remote}/sandbox/__sandbox/reset`, { method: 'POST', headers: session(owner) });
    expect(reset.status).toBe(200);

    // An admin of the installation's workspace who also owns a workspace of their own: still not the installation owner.
    const { client: admin } = await addMember(server, owner, 'admin@example.com', 'admin');
    await admin.post('/api/workspaces', { name: 'Side project' }).expect(201);
    const key = (await owner.post('/api/api-keys', { name: 'Ops', scopes: ['admin'] }).expect(201)).body.secret as string;
    const refused: [string, Record<string, string>][] = [
      ['workspace admin and owner', session(admin)],
      ["owner's API key", { authorization: `Bearer ${key}` }],
      ['unknown session', { cookie: 'mwr_session=not-a-session-token-at-all' }],
    ];
    for (const [who, headers] of refused) {
      expect({ who, status: (await get(`${remote}/sandbox/__sandbox/accounts`, headers)).status }).toEqual({ who, status: 404 });
      expect({ who, status: (await get(tiktokAuthorize(remote), headers)).status }).toEqual({ who, status: 404 });
    }
    // After signing out, the owner's old cookie opens nothing.
    const gone = new SessionClient(server);
    await gone.post('/api/auth/login', { email: 'owner@example.com', password: 'correct horse battery' }).expect(200);
    const cookie = session(gone);
    await gone.post('/api/auth/logout').expect(204);
    expect((await get(`${remote}/sandbox/__sandbox/accounts`, cookie)).status).toBe(404);
  });

  it('never returns a token, OAuth code or secret in an inspection response, after real connects and a refresh', async () => {
    for (const [platform, field] of [
      ['tiktok', 'open_id'],
      ['instagram', 'ig_user_id'],
    ] as const) {
      const started = await owner.post(`/api/accounts/connect/${platform}`).expect(200);
      const back = await consent(started.body.authorizeUrl, { decision: 'approve', field });
      await owner.get(`${back.pathname}${back.search}`).expect(302);
    }
    const accounts = (await owner.get('/api/accounts').expect(200)).body as { id: string; platform: string }[];
    expect(accounts.map((a) => a.platform).sort()).toEqual(['instagram', 'tiktok']);
    for (const a of accounts) await owner.post(`/api/accounts/${a.id}/test`).expect(200);

    // The real values, from the sandbox object in this process.
    const secrets = new Set<string>(['sbx_tiktok_client_secret', 'sbx_tiktok_unaudited_secret', 'sbx_instagram_app_secret']);
    const collect = (value: unknown, key = ''): void => {
      if (typeof value === 'string' && ['access_token', 'refresh_token', 'code', 'client_secret', 'token'].includes(key) && value.length >= 12)
        secrets.add(value.replace(/#_$/, ''));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) collect(v, k);
    };
    for (const entry of sandbox().inspect.requests()) {
      collect(entry.body);
      collect(entry.response);
      collect(entry.token, 'token');
      collect(Object.fromEntries(new URLSearchParams(entry.query)));
    }
    const kinds = [...secrets].map((s) => s.slice(0, 4));
    expect(kinds).toEqual(expect.arrayContaining(['act.', 'rft.', 'sbx_']));
    expect(secrets.size).toBeGreaterThanOrEqual(8);

    const paths = ['/', '/requests', '/posts', '/duplicates', '/quotas', '/webhooks', '/clock', '/faults', '/accounts'];
    const texts: string[] = [];
    for (const path of paths) {
      for (const [origin, headers] of [
        [local, {}],
        [remote, session(owner)],
      ] as const) {
        const res = await get(`${origin}/sandbox/__sandbox${path}`, headers);
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
        texts.push(res.text);
      }
    }
    const all = texts.join('\n');
    expect(all).toContain('act.…');
    for (const secret of secrets) expect({ leaked: all.includes(secret) ? `${secret.slice(0, 6)}…` : null }).toEqual({ leaked: null });
  });
});
