import 'reflect-metadata';

import { DataSource } from 'typeorm';

import { ConfigError, loadConfig } from '../modules/config/index.js';
import { dataSourceOptions, runMigrations } from '../modules/database/index.js';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database) and exits. */
async function main(): Promise<void> {
  const config = loadConfig();
  const dataSource = await new DataSource(dataSourceOptions(config)).initialize();
  try {
    const report = await runMigrations(dataSource, config.migrationsDir, (line) => process.stdout.write(`${line}\n`));
    process.stdout.write(`${report.applied.length} migration(s) applied, ${report.alreadyApplied} already up to date\n`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? '' : 'migrate: '}${(error as Error).message}\n`);
  process.exit(1);
});
