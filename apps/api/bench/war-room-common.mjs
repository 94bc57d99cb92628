// Shared by bench:state and bench:sse: a throwaway PostgreSQL database, the built API started
// as a child process on it, and an owner session.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import pg from 'pg';

export const ROOT = resolve(import.meta.dirname, '../../..');
const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const log = (...a) => console.error('[bench]', ...a);

export const freePort = () =>
  new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });

export function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function rssMb(pid) {
  try {
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 102.4) / 10;
  } catch {
    return 0;
  }
}

/** A fresh database and the API (ROLES=api unless told) on it; returns a pg client, the base URL and a session cookie. */
export async function startApi(label, env = {}) {
  const name = `mwr_bench_${label}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'mwr-bench-'));
  const port = await freePort();
  const api = spawn(process.execPath, [join(ROOT, 'apps/api/dist/main.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      ROLES: 'api',
      DATABASE_URL: url.toString(),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((res, rej) => {
    let out = '';
    api.stdout.on('data', (c) => {
      out += c;
      if (out.includes('is running at')) res();
    });
    api.once('exit', (code) => rej(new Error(`API exited with ${code}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  const setup = await fetch(`${base}/api/auth/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.com', password: 'correct horse battery', name: 'Bench', workspaceName: 'Bench' }),
  });
  if (setup.status !== 201) throw new Error(`setup answered ${setup.status}`);
  const cookie = setup.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const me = await (await fetch(`${base}/api/auth/me`, { headers: { cookie } })).json();
  const sql = new pg.Client({ connectionString: url.toString() });
  await sql.connect();
  return {
    api,
    base,
    cookie,
    workspaceId: me.workspace.id,
    sql,
    async close() {
      await sql.end();
      api.kill('SIGTERM');
      await new Promise((r) => (api.exitCode !== null ? r() : api.once('exit', r)));
      rmSync(dataDir, { recursive: true, force: true });
      const c = new pg.Client({ connectionString: SERVER_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
