import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Platform } from '@mwr/domain';
import { sqlRows, type Db } from '../../common/database/db.js';

export type AccountStatus = 'active' | 'needs_reconnect' | 'disabled';

export interface SocialAccount {
  id: string;
  workspaceId: string;
  platform: Platform;
  remoteAccountId: string;
  handle: string;
  displayName: string | null;
  avatarUrl: string | null;
  status: AccountStatus;
  scopes: string[];
  createdAt: Date;
}

const COLUMNS = `id, workspace_id AS "workspaceId", platform, remote_account_id AS "remoteAccountId", handle,
  display_name AS "displayName", avatar_url AS "avatarUrl", status, scopes, created_at AS "createdAt"`;

@Injectable()
export class AccountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  list(workspaceId: string): Promise<SocialAccount[]> {
    return sqlRows(this.dataSource, `SELECT ${COLUMNS} FROM social_accounts WHERE workspace_id = $1 ORDER BY platform, handle`, [workspaceId]);
  }

  /** The accounts among `ids` that belong to the workspace; others are simply absent. */
  findMany(workspaceId: string, ids: string[], db: Db = this.dataSource): Promise<SocialAccount[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return sqlRows(db, `SELECT ${COLUMNS} FROM social_accounts WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [workspaceId, ids]);
  }
}
