import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { UI_CEILING_MS } from './browser';
import { uncheckedFetch } from './contract-check';
import { HttpSession, OWNER } from './http-session';
import { freshDatabase, psql } from './postgres';
import { freePort, ROOT, runApi, startServer, tempDataDir, waitForReady } from './server-process';

const run = promisify(execFile);

describe('the built product as a process', () => {
  it('starts on the embedded defaults, serves the SPA and Swagger, and keeps its data across restarts', async () => {
    const data = tempDataDir();
    try {
      const first = await startServer({ DATA_DIR: data.dir });
      const home = await fetch(`${first.url}/`);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain('<div id="root">');
      const docs = await fetch(`${first.url}/api/docs`);
      expect(docs.status).toBe(200);
      expect(await docs.text()).toContain('swagger-ui');
      // A client-side route deep link still gets the SPA.
      expect((await fetch(`${first.url}/settings`)).status).toBe(200);
      const owner = new HttpSession(first.url);
      expect((await owner.request('POST', '/api/auth/setup', OWNER)).status).toBe(201);
      const before = (await owner.request('GET', '/api/system')).body as { installationId: string; database: string; migrations: number };
      expect(before.database).toBe('pglite');
      expect(await first.stop()).toBe(0);

      const second = await startServer({ DATA_DIR: data.dir, LOG_LEVEL: 'info' });
      expect((await new HttpSession(second.url).request('GET', '/api/auth/status')).body).toEqual({ setupRequired: false });
      const again = new HttpSession(second.url);
      expect((await again.request('POST', '/api/auth/login', { email: OWNER.email, password: OWNER.password })).status).toBe(200);
      const after = (await again.request('GET', '/api/system')).body as typeof before;
      expect(after.installationId).toBe(before.installationId);
      expect(after.migrations).toBe(before.migrations);
      expect(second.output()).toContain('0 applied');
      expect(await second.stop()).toBe(0);
    } finally {
      data.remove();
    }
  });

  it('runs on PostgreSQL, and two processes booting at once on an empty database both come up', async () => {
    const db = freshDatabase('boot');
    const data = tempDataDir();
    try {
      const [a, b] = await Promise.all([startServer({ DATABASE_URL: db.url, DATA_DIR: data.dir }), startServer({ DATABASE_URL: db.url, DATA_DIR: data.dir })]);
      const owner = new HttpSession(a.url);
      expect((await owner.request('POST', '/api/auth/setup', OWNER)).status).toBe(201);
      const info = (await owner.request('GET', '/api/system')).body as { database: string; installationId: string };
      expect(info.database).toBe('postgres');
      // The session made through process A is valid in process B: state lives in the database.
      const viaB = new HttpSession(b.url);
      expect((await viaB.request('POST', '/api/auth/login', { email: OWNER.email, password: OWNER.password })).status).toBe(200);
      expect(((await viaB.request('GET', '/api/system')).body as { installationId: string }).installationId).toBe(info.installationId);
      const files = psql(db.url, 'SELECT count(*) FROM schema_migrations');
      const distinct = psql(db.url, 'SELECT count(DISTINCT version) FROM schema_migrations');
      expect(Number(files)).toBeGreaterThan(0);
      expect(files).toBe(distinct);
      expect(await a.stop()).toBe(0);
      expect(await b.stop()).toBe(0);
    } finally {
      data.remove();
      db.drop();
    }
  });

  it.each([
    ['PORT', 'abc'],
    ['DATABASE_URL', 'nonsense'],
    ['LOG_FORMAT', 'xml'],
  ])('refuses to boot with %s=%s, in one line naming it', async (name, value) => {
    const run = runApi({ PORT: String(await freePort()), DATA_DIR: tempDataDir().dir, [name]: value });
    const code = await run.exited;
    expect(code).not.toBe(0);
    const lines = run.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: ${name} .*\\(got "${value}"\\)$`));
  });

  it('fails boot with one line, password masked, when PostgreSQL cannot be reached', async () => {
    const port = await freePort();
    const run = runApi({ PORT: String(await freePort()), DATABASE_URL: `postgres://mwr:topsecret@127.0.0.1:${port}/none`, DATABASE_CONNECT_RETRIES: '0' });
    expect(await run.exited).not.toBe(0);
    const out = run.output();
    expect(out).toMatch(/^Boot failed: .*ECONNREFUSED/m);
    expect(out).not.toContain('topsecret');
  });

  it('runs a worker-only process that answers health but serves no API', async () => {
    const data = tempDataDir();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const run = runApi({ PORT: String(port), DATA_DIR: data.dir, ROLES: 'worker' });
    try {
      await waitForReady(url, run.exited, run.output);
      // A worker serves no API, so its 404s are outside the API's contract: unchecked.
      expect((await uncheckedFetch(`${url}/api/system`)).status).toBe(404);
      expect((await uncheckedFetch(`${url}/api/docs`)).status).toBe(404);
    } finally {
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      data.remove();
    }
  });

  it('creates the owner headless with the CLI, once', async () => {
    const data = tempDataDir();
    const cli = join(ROOT, 'apps/api/dist/cli/cli.js');
    const env = { PATH: process.env.PATH ?? '', DATA_DIR: data.dir };
    try {
      const created = await run(
        process.execPath,
        [cli, 'create-admin', '--email', 'cli@example.com', '--password', 'cli password 123', '--workspace', 'CLI Co'],
        { env },
      );
      expect(created.stdout).toContain('Owner account created: cli@example.com');
      await expect(run(process.execPath, [cli, 'create-admin', '--email', 'second@example.com'], { env })).rejects.toMatchObject({
        stderr: expect.stringContaining('already has an owner'),
      });

      const server = await startServer({ DATA_DIR: data.dir });
      const session = new HttpSession(server.url);
      expect((await session.request('POST', '/api/auth/login', { email: 'cli@example.com', password: 'cli password 123' })).status).toBe(200);
      expect(((await session.request('GET', '/api/auth/me')).body as { workspace: { name: string } }).workspace.name).toBe('CLI Co');
      await server.stop();
    } finally {
      data.remove();
    }
  });
});

describe('the standalone platform sandbox', () => {
  it('starts with `npm run sandbox -- --port N` and prints the base URLs the product takes', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [join(ROOT, 'libs/platform-sandbox/dist/cli.js'), '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      const deadline = Date.now() + UI_CEILING_MS;
      while (!out.includes('FACEBOOK_GRAPH_BASE_URL=') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const url = /TIKTOK_API_BASE_URL=(\S+)/.exec(out)?.[1];
      expect(url).toBe(`http://127.0.0.1:${port}/tiktok`);
      const res = await fetch(`${url}/v2/post/publish/creator_info/query/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=UTF-8' },
        body: '{}',
      });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('access_token_invalid');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
