import { freshDatabase, psql } from './postgres';
import { freePort, runApi, startServer, tempDataDir, waitForReady } from './server-process';

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
      const before = (await (await fetch(`${first.url}/api/system`)).json()) as { installationId: string; database: string; migrations: number };
      expect(before.database).toBe('pglite');
      expect(await first.stop()).toBe(0);

      const second = await startServer({ DATA_DIR: data.dir, LOG_LEVEL: 'info' });
      const after = (await (await fetch(`${second.url}/api/system`)).json()) as typeof before;
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
      const info = (await (await fetch(`${a.url}/api/system`)).json()) as { database: string; installationId: string };
      expect(info.database).toBe('postgres');
      const fromB = (await (await fetch(`${b.url}/api/system`)).json()) as { installationId: string };
      expect(fromB.installationId).toBe(info.installationId);
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
      expect((await fetch(`${url}/api/system`)).status).toBe(404);
      expect((await fetch(`${url}/api/docs`)).status).toBe(404);
    } finally {
      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      data.remove();
    }
  });
});
