import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { sqlRows, type Db } from '../../common/database/db.js';

export interface AutomationSettingRow {
  workspaceId: string;
  enabled: boolean;
  config: Record<string, unknown>;
}

/** One automation's switch and settings, as saved. */
export interface AutomationRecord {
  key: string;
  enabled: boolean;
  config: Record<string, unknown>;
  updatedBy: string | null;
  updatedAt: Date;
  lastRunAt: Date | null;
}

export interface AccountFlagRow {
  accountId: string;
  automationKey: string;
  severity: string;
  message: string;
  details: Record<string, unknown>;
  flaggedAt: Date;
}

/** The automations table (flags and config): the automations module is its only writer. */
@Injectable()
export class AutomationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async setting(workspaceId: string, key: string): Promise<AutomationSettingRow | undefined> {
    const [row] = await sqlRows<AutomationSettingRow>(
      this.dataSource,
      `SELECT workspace_id AS "workspaceId", enabled, config FROM automations WHERE workspace_id = $1 AND key = $2`,
      [workspaceId, key],
    );
    return row;
  }

  /** Workspaces where `key` is on. */
  enabledSettings(key: string): Promise<AutomationSettingRow[]> {
    return sqlRows<AutomationSettingRow>(this.dataSource, `SELECT workspace_id AS "workspaceId", enabled, config FROM automations WHERE key = $1 AND enabled`, [
      key,
    ]);
  }

  /** Saves the switch and settings (insert or update), in the caller's transaction. */
  async save(db: Db, workspaceId: string, key: string, enabled: boolean, config: Record<string, unknown>, userId: string | null): Promise<AutomationRecord> {
    const rows = await sqlRows<AutomationRecord>(
      db,
      `INSERT INTO automations (workspace_id, key, enabled, config, updated_by, updated_at) VALUES ($1, $2, $3, $4::jsonb, $5, now())
       ON CONFLICT (workspace_id, key) DO UPDATE SET enabled = EXCLUDED.enabled, config = EXCLUDED.config, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING key, enabled, config, updated_by AS "updatedBy", updated_at AS "updatedAt", last_run_at AS "lastRunAt"`,
      [workspaceId, key, enabled, JSON.stringify(config), userId],
    );
    return rows[0]!;
  }

  async touch(workspaceId: string, key: string, db: Db = this.dataSource): Promise<void> {
    await sqlRows(db, 'UPDATE automations SET last_run_at = now() WHERE workspace_id = $1 AND key = $2', [workspaceId, key]);
  }

  /** Raises (or refreshes) the flag; true when it is new. */
  async raiseFlag(db: Db, workspaceId: string, accountId: string, key: string, message: string, details: Record<string, unknown>): Promise<boolean> {
    const rows = await sqlRows<{ inserted: boolean }>(
      db,
      `INSERT INTO automation_account_flags (account_id, automation_key, workspace_id, message, details) VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT (account_id, automation_key) DO UPDATE SET message = EXCLUDED.message, details = EXCLUDED.details
       RETURNING (xmax = 0) AS inserted`,
      [accountId, key, workspaceId, message, JSON.stringify(details)],
    );
    return Boolean(rows[0]?.inserted);
  }

  /** Clears the flag; true when there was one. */
  async clearFlag(db: Db, accountId: string, key: string): Promise<boolean> {
    const rows = await sqlRows<{ accountId: string }>(
      db,
      `DELETE FROM automation_account_flags WHERE account_id = $1 AND automation_key = $2 RETURNING account_id AS "accountId"`,
      [accountId, key],
    );
    return rows.length > 0;
  }

  flags(workspaceId: string): Promise<AccountFlagRow[]> {
    return sqlRows<AccountFlagRow>(
      this.dataSource,
      `SELECT account_id AS "accountId", automation_key AS "automationKey", severity, message, details, flagged_at AS "flaggedAt" FROM automation_account_flags WHERE workspace_id = $1`,
      [workspaceId],
    );
  }
}
