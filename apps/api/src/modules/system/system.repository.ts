import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { sqlRows } from '../../common/database/db.js';

@Injectable()
export class SystemRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Returns the stored installation id, creating it on first call. Concurrent first boots agree
   * on one id: the insert is a no-op for all but the first, and everyone reads the winner.
   */
  async ensureInstallationId(candidate: string): Promise<string> {
    const rows: { value: string }[] = await sqlRows(
      this.dataSource,
      `INSERT INTO app_settings (key, value) VALUES ('installation_id', to_jsonb($1::text))
       ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key
       RETURNING value #>> '{}' AS value`,
      [candidate],
    );
    const value = rows[0]?.value;
    if (!value) throw new Error('installation id could not be stored');
    return value;
  }

  async databaseVersion(): Promise<string> {
    const rows: { version: string }[] = await sqlRows(this.dataSource, 'SELECT version() AS version');
    return rows[0]?.version ?? 'unknown';
  }

  async appliedMigrations(): Promise<number> {
    const rows: { count: string }[] = await sqlRows(this.dataSource, 'SELECT count(*)::text AS count FROM schema_migrations');
    return Number(rows[0]?.count ?? 0);
  }
}
