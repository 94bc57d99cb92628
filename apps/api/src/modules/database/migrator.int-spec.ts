import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { DataSource } from 'typeorm';

import { createTestDatabase, type TestDatabase } from '../../../test/test-database.js';
import { dataSourceOptions } from './data-source-options.js';
import { MigrationError, runMigrations } from './migrator.js';

describe('runMigrations on PostgreSQL', () => {
  let db: TestDatabase;
  let dir: string;
  const sources: DataSource[] = [];

  const connect = async () => {
    const ds = await new DataSource(dataSourceOptions({ databaseUrl: db.url, dataDir: dir })).initialize();
    sources.push(ds);
    return ds;
  };

  beforeEach(async () => {
    db = await createTestDatabase('migrator');
    dir = mkdtempSync(join(tmpdir(), 'mwr-migrations-'));
    writeFileSync(
      join(dir, '001_init.sql'),
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());',
    );
    writeFileSync(
      join(dir, '002_widgets.sql'),
      "CREATE TABLE widgets (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL);\nINSERT INTO widgets (name) VALUES ('first');",
    );
  });

  afterEach(async () => {
    await Promise.all(sources.splice(0).map((s) => s.destroy()));
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies files in order and records version, name and checksum', async () => {
    const ds = await connect();
    const report = await runMigrations(ds, dir);
    expect(report.applied.map((m) => m.file)).toEqual(['001_init.sql', '002_widgets.sql']);
    const rows = await ds.query('SELECT version, name, length(checksum) AS len FROM schema_migrations ORDER BY version');
    expect(rows).toEqual([
      { version: 1, name: 'init', len: 64 },
      { version: 2, name: 'widgets', len: 64 },
    ]);
    expect(await ds.query('SELECT name FROM widgets')).toEqual([{ name: 'first' }]);
  });

  it('does not re-apply anything on a second run', async () => {
    const ds = await connect();
    await runMigrations(ds, dir);
    const again = await runMigrations(ds, dir);
    expect(again).toMatchObject({ applied: [], alreadyApplied: 2 });
    expect(await ds.query('SELECT count(*)::int AS n FROM widgets')).toEqual([{ n: 1 }]);
  });

  it('fails loudly when an applied file was edited', async () => {
    const ds = await connect();
    await runMigrations(ds, dir);
    writeFileSync(join(dir, '002_widgets.sql'), 'CREATE TABLE widgets (id int);');
    await expect(runMigrations(ds, dir)).rejects.toThrow(/002_widgets\.sql was changed after it was applied/);
  });

  it('rolls back a failing migration and records nothing for it', async () => {
    writeFileSync(join(dir, '003_broken.sql'), 'CREATE TABLE gadgets (id int);\nSELECT no_such_function();');
    const ds = await connect();
    await expect(runMigrations(ds, dir)).rejects.toThrow(MigrationError);
    expect(await ds.query("SELECT to_regclass('gadgets') AS t")).toEqual([{ t: null }]);
    expect(await ds.query('SELECT max(version) AS v FROM schema_migrations')).toEqual([{ v: 2 }]);
  });

  it('applies each file once when several processes boot at the same time', async () => {
    const [a, b, c] = await Promise.all([connect(), connect(), connect()]);
    const reports = await Promise.all([a!, b!, c!].map((ds) => runMigrations(ds, dir)));
    expect(reports.reduce((n, r) => n + r.applied.length, 0)).toBe(2);
    expect(await a!.query('SELECT count(*)::int AS n FROM widgets')).toEqual([{ n: 1 }]);
  });

  it('refuses a file name that does not follow NNN_name.sql', async () => {
    writeFileSync(join(dir, 'widgets-v3.sql'), 'SELECT 1;');
    const ds = await connect();
    await expect(runMigrations(ds, dir)).rejects.toThrow(/must be NNN_name\.sql: widgets-v3\.sql/);
  });
});
