import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { DataSource } from 'typeorm';

export interface MigrationFile {
  version: number;
  name: string;
  file: string;
  sql: string;
  checksum: string;
}

export interface MigrationReport {
  applied: MigrationFile[];
  alreadyApplied: number;
}

export class MigrationError extends Error {
  readonly code = 'MIGRATION_FAILED';
}

const FILE_PATTERN = /^(\d{3,})_([a-z0-9_]+)\.sql$/;
/** Arbitrary constant shared by every process of this app: "mwr-migrations". */
const MIGRATION_LOCK_KEY = 7_243_188_812;

export async function readMigrationFiles(dir: string): Promise<MigrationFile[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    throw new MigrationError(`migrations folder not found: ${dir}`);
  }
  const files: MigrationFile[] = [];
  const seen = new Map<number, string>();
  for (const entry of entries.sort()) {
    if (!entry.endsWith('.sql')) continue;
    const match = FILE_PATTERN.exec(entry);
    if (!match?.[1] || !match[2]) throw new MigrationError(`migration file name must be NNN_name.sql: ${entry}`);
    const version = Number(match[1]);
    const clash = seen.get(version);
    if (clash) throw new MigrationError(`two migrations share version ${version}: ${clash} and ${entry}`);
    seen.set(version, entry);
    const sql = await readFile(join(dir, entry), 'utf8');
    files.push({ version, name: match[2], file: entry, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return files.sort((a, b) => a.version - b.version);
}

/**
 * Applies pending forward-only SQL migrations in order, each in its own transaction, under a
 * session advisory lock so that processes booting together apply each file exactly once.
 * An applied file whose checksum changed stops the boot: history is never rewritten silently.
 */
export async function runMigrations(dataSource: DataSource, dir: string, log: (line: string) => void = () => undefined): Promise<MigrationReport> {
  const files = await readMigrationFiles(dir);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      // 001_init creates this table too; it must exist before we can ask what was applied.
      await runner.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        checksum text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
      const rows: { version: number; name: string; checksum: string }[] = await runner.query(
        'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
      );
      const applied = new Map(rows.map((r) => [Number(r.version), r]));
      const report: MigrationReport = { applied: [], alreadyApplied: 0 };
      for (const file of files) {
        const previous = applied.get(file.version);
        if (previous) {
          if (previous.checksum !== file.checksum) {
            throw new MigrationError(
              `migration ${file.file} was changed after it was applied (checksum ${previous.checksum.slice(0, 12)}… in schema_migrations, ${file.checksum.slice(0, 12)}… on disk); add a new migration instead`,
            );
          }
          report.alreadyApplied++;
          continue;
        }
        await runner.startTransaction();
        try {
          await runner.query(file.sql);
          await runner.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [file.version, file.name, file.checksum]);
          await runner.commitTransaction();
        } catch (error) {
          await runner.rollbackTransaction();
          throw new MigrationError(`migration ${file.file} failed: ${(error as Error).message}`);
        }
        log(`applied migration ${file.file}`);
        report.applied.push(file);
      }
      const known = new Set(files.map((f) => f.version));
      const unknown = [...applied.keys()].filter((v) => !known.has(v));
      if (unknown.length > 0) log(`database has migrations this build does not know: ${unknown.join(', ')}`);
      return report;
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
