import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { accountVisibleSql, itemVisibleSql, type AccountScopedKind } from '../../common/auth/account-scope.js';
import { sqlRows } from '../../common/database/db.js';

/**
 * Whether one row named by a route is visible to a member limited to some accounts: one statement
 * per request, asked by the AuthGuard before the handler runs. $1 workspace, $2 id, $3 allowed
 * accounts (uuid[]), $4 the user (only where an item's visibility depends on its author).
 */
const VISIBLE_SQL: Record<AccountScopedKind, string> = {
  account: `SELECT 1 FROM social_accounts s WHERE s.workspace_id = $1 AND s.id = $2 AND ${accountVisibleSql('s.id', '$3')}`,
  contentItem: `SELECT 1 FROM content_items c WHERE c.workspace_id = $1 AND c.id = $2 AND ${itemVisibleSql('c', '$3', '$4')}`,
  publication: `SELECT 1 FROM platform_publications p JOIN content_items c ON c.id = p.content_item_id
                 WHERE p.workspace_id = $1 AND p.id = $2 AND ${accountVisibleSql('p.social_account_id', '$3')} AND ${itemVisibleSql('c', '$3', '$4')}`,
  experiment: `SELECT 1 FROM experiments e JOIN content_items c ON c.id = e.content_item_id
                WHERE e.workspace_id = $1 AND e.id = $2 AND ${itemVisibleSql('c', '$3', '$4')}
                  AND NOT EXISTS (SELECT 1 FROM experiment_variants v WHERE v.experiment_id = e.id AND NOT ${accountVisibleSql('v.account_id', '$3')})`,
  comment: `SELECT 1 FROM content_comments cc JOIN content_items c ON c.id = cc.content_item_id
             WHERE cc.workspace_id = $1 AND cc.id = $2 AND ${itemVisibleSql('c', '$3', '$4')}`,
  queueSlot: `SELECT 1 FROM queue_slots q WHERE q.workspace_id = $1 AND q.id = $2 AND ${accountVisibleSql('q.account_id', '$3')}`,
  reviewLink: `SELECT 1 FROM review_links l WHERE l.workspace_id = $1 AND l.id = $2
                 AND NOT EXISTS (SELECT 1 FROM content_items c WHERE c.id = ANY (l.content_item_ids) AND NOT ${itemVisibleSql('c', '$3', '$4')})`,
};

@Injectable()
export class AccountScopeRepository {
  constructor(private readonly dataSource: DataSource) {}

  async visible(kind: AccountScopedKind, workspaceId: string, id: string, allowedAccountIds: readonly string[], userId: string): Promise<boolean> {
    const sql = VISIBLE_SQL[kind];
    const params: unknown[] = [workspaceId, id, allowedAccountIds];
    if (sql.includes('$4')) params.push(userId);
    const rows = await sqlRows(this.dataSource, sql, params);
    return rows.length > 0;
  }
}
