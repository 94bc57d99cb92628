// Shared by the API benchmarks: a throwaway database on the local PostgreSQL, migrated.
import { randomBytes } from 'node:crypto';

import pg from 'pg';

export const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function createBenchDatabase(label) {
  const name = `mwr_bench_${label}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: SERVER_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Builds the app's own config from an explicit environment (benchmarks never read the shell's). */
export async function benchConfig(env) {
  const { loadConfig } = await import('../dist/modules/config/index.js');
  return loadConfig({ LOG_LEVEL: 'warn', LOG_FORMAT: 'json', ...env });
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
