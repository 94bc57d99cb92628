import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DataSource } from 'typeorm';

import { findProjectRoot } from '../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';
import { runMigrations } from './migrator.js';

const migrationsDir = join(findProjectRoot(process.cwd()), 'migrations');

describe('embedded PGlite database (smoke)', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'mwr-pglite-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const open = () => new DataSource(dataSourceOptions({ dataDir })).initialize();

  it('applies the real migrations and round-trips a query, and keeps the data across restarts', async () => {
    const first = await open();
    const report = await runMigrations(first, migrationsDir);
    expect(report.applied.length).toBeGreaterThan(0);
    await first.query(`INSERT INTO app_settings (key, value) VALUES ('smoke', $1::jsonb)`, [JSON.stringify({ n: 42, big: '9007199254740993' })]);
    expect(
      await first.query(`SELECT value, gen_random_uuid() IS NOT NULL AS uuid_ok, 9007199254740993::int8 AS big FROM app_settings WHERE key = 'smoke'`),
    ).toEqual([{ value: { n: 42, big: '9007199254740993' }, uuid_ok: true, big: '9007199254740993' }]);
    await first.destroy();

    const second = await open();
    const again = await runMigrations(second, migrationsDir);
    expect(again.applied).toEqual([]);
    expect(await second.query(`SELECT value->>'n' AS n FROM app_settings WHERE key = 'smoke'`)).toEqual([{ n: '42' }]);
    await second.destroy();
    // Booting PGlite (WASM) and applying every migration, twice: slow on a busy 2-core machine.
  });

  it('isolates concurrent transactions on the single embedded session', async () => {
    const ds = await open();
    await runMigrations(ds, migrationsDir);
    await ds.query(`INSERT INTO app_settings (key, value) VALUES ('counter', '0'::jsonb)`);
    // Each transaction reads then writes; interleaving would lose increments.
    await Promise.all(
      Array.from({ length: 10 }, () =>
        ds.transaction(async (tx) => {
          const [row] = await tx.query(`SELECT (value #>> '{}')::int AS n FROM app_settings WHERE key = 'counter'`);
          await new Promise((r) => setTimeout(r, 2));
          await tx.query(`UPDATE app_settings SET value = to_jsonb($1::int) WHERE key = 'counter'`, [row.n + 1]);
        }),
      ),
    );
    expect(await ds.query(`SELECT (value #>> '{}')::int AS n FROM app_settings WHERE key = 'counter'`)).toEqual([{ n: 10 }]);
    await expect(ds.transaction((tx) => tx.query('SELECT 1/0'))).rejects.toThrow(/division by zero/);
    expect(await ds.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    await ds.destroy();
  });
});
