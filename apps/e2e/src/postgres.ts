import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';

const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function psql(url: string, sql: string): string {
  return execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-tAc', sql], { encoding: 'utf8' }).trim();
}

/** An empty database of its own for a process-level test; dropped by the returned function. */
export function freshDatabase(label: string): { url: string; drop(): void } {
  const name = `mwr_e2e_${label}_${randomBytes(4).toString('hex')}`;
  psql(SERVER_URL, `CREATE DATABASE "${name}"`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => void psql(SERVER_URL, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
