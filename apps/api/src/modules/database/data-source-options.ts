import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { PGlite, types } from '@electric-sql/pglite';
import type { DataSourceOptions } from 'typeorm';

import type { AppConfig } from '../config/index.js';
import { createPGliteDriver } from './pglite-pool.js';

export type DatabaseKind = 'postgres' | 'pglite';

export function databaseKind(config: Pick<AppConfig, 'databaseUrl'>): DatabaseKind {
  return config.databaseUrl ? 'postgres' : 'pglite';
}

/**
 * PostgreSQL and PGlite need different option sets (stack-notes §5): PGlite ships neither
 * uuid-ossp nor pgcrypto, so TypeORM must not try to install extensions; our SQL uses the core
 * gen_random_uuid() on both.
 */
export function dataSourceOptions(config: Pick<AppConfig, 'databaseUrl' | 'dataDir'> & Partial<Pick<AppConfig, 'databasePoolMax'>>): DataSourceOptions {
  const common = { type: 'postgres' as const, synchronize: false, migrationsRun: false, entities: [], logging: false };
  if (config.databaseUrl) {
    return {
      ...common,
      url: config.databaseUrl,
      uuidExtension: 'pgcrypto',
      installExtensions: false,
      extra: { max: config.databasePoolMax ?? 10, connectionTimeoutMillis: 5000 },
    };
  }
  const dataDir = join(config.dataDir, 'pglite');
  mkdirSync(dataDir, { recursive: true });
  return {
    ...common,
    driver: createPGliteDriver({
      dataDir,
      create: (dir, options) => PGlite.create(dir, options),
      // pg returns int8 as a string (it does not fit a JS number); PGlite must agree.
      parsers: { [types.INT8]: (value: string) => value },
    }),
    uuidExtension: 'pgcrypto',
    installExtensions: false,
  };
}
