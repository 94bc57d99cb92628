import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { accountVisibleSql, ALL_ACCOUNTS, itemVisibleSql, type AccountViewer } from '../../common/auth/account-scope.js';
import { sqlRows } from '../../common/database/db.js';

export interface AutomationAuditRow {
  id: string;
  action: string;
  actorUserId: string | null;
  accountId: string | null;
  accountHandle: string | null;
  metadata: Record<string, unknown>;
  at: Date;
}

/**
 * What an automation did, read from the audit log (the audit module writes it): the engines' own
 * entries (`automation.<key>.<outcome>`) and the switch and settings changes of that key.
 */
@Injectable()
export class AutomationActivityRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Newest first; `before` is the id of the last entry of the previous page (keyset pagination);
   * `outcome` keeps one kind (`refused` → `automation.<key>.refused`, `enabled` → the switch turned on).
   * A member limited to some accounts (issue 25) gets only the entries about those: an entry about
   * another account (or a deleted one), about a post they may not see, or reposting such a post is
   * left out; the switch and settings changes concern no account and stay.
   */
  activity(
    workspaceId: string,
    key: string,
    page: { limit: number; before?: string | undefined; outcome?: string | undefined },
    viewer: AccountViewer = ALL_ACCOUNTS,
  ): Promise<AutomationAuditRow[]> {
    return sqlRows<AutomationAuditRow>(
      this.dataSource,
      `SELECT a.id::text AS id, a.action, a.actor_user_id AS "actorUserId", s.id AS "accountId", s.handle AS "accountHandle", a.metadata, a.at
         FROM audit_log a
         LEFT JOIN social_accounts s ON a.target_type = 'social_account' AND s.id::text = a.target_id AND s.workspace_id = a.workspace_id
        WHERE a.workspace_id = $1
          AND (starts_with(a.action, 'automation.' || $2 || '.')
               OR (a.action IN ('automation.enabled', 'automation.disabled') AND a.target_type = 'automation' AND a.target_id = $2))
          AND ($3::bigint IS NULL OR a.id < $3::bigint)
          AND ($5::text IS NULL OR a.action IN ('automation.' || $2 || '.' || $5, 'automation.' || $5))
          AND ($6::uuid[] IS NULL OR (
                (a.target_type <> 'social_account' OR ${accountVisibleSql('s.id', '$6')})
            AND (a.target_type <> 'content_item' OR EXISTS (SELECT 1 FROM content_items ci
                  WHERE ci.workspace_id = a.workspace_id AND ci.id::text = a.target_id AND ${itemVisibleSql('ci', '$6', '$7')}))
            AND (a.metadata->>'sourceContentItemId' IS NULL OR EXISTS (SELECT 1 FROM content_items ci
                  WHERE ci.workspace_id = a.workspace_id AND ci.id::text = a.metadata->>'sourceContentItemId' AND ${itemVisibleSql('ci', '$6', '$7')}))))
        ORDER BY a.id DESC
        LIMIT $4`,
      [workspaceId, key, page.before ?? null, page.limit, page.outcome ?? null, viewer.allowedAccountIds, viewer.userId],
    );
  }
}
