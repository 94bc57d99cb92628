import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { ALL_ACCOUNTS, itemVisibleSql, type AccountViewer } from '../../common/auth/account-scope.js';
import { sqlRows, type Db } from '../../common/database/db.js';

export interface ReviewLinkRow {
  id: string;
  workspaceId: string;
  contentItemIds: string[];
  label: string | null;
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** What a client sees of an item: its content and where it goes, nothing else of the workspace. */
export interface ClientItemRow {
  id: string;
  title: string;
  caption: string;
  hashtags: string[];
  scheduledAt: Date | null;
  timeZone: string;
  status: string;
  clientStep: string | null;
  targets: { platform: string; accountName: string }[];
}

const LINK = `id, workspace_id AS "workspaceId", content_item_ids AS "contentItemIds", label, created_by AS "createdBy",
  created_at AS "createdAt", expires_at AS "expiresAt", revoked_at AS "revokedAt"`;

/** The only writer of review_links. */
@Injectable()
export class ReviewLinksRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Of these items, the ones of the workspace (not deleted). */
  /** The items among `ids` that exist and that `viewer` may see (per-account access, issue 25). */
  async existingItems(workspaceId: string, ids: readonly string[], viewer: AccountViewer = ALL_ACCOUNTS): Promise<string[]> {
    const rows = await sqlRows<{ id: string }>(
      this.dataSource,
      `SELECT ci.id FROM content_items ci WHERE ci.workspace_id = $1 AND ci.id = ANY($2::uuid[]) AND ci.deleted_at IS NULL AND ${itemVisibleSql('ci', '$3', '$4')}`,
      [workspaceId, ids, viewer.allowedAccountIds, viewer.userId],
    );
    return rows.map((r) => r.id);
  }

  async create(l: { workspaceId: string; contentItemIds: string[]; label: string | null; createdBy: string | null; expiresAt: Date }): Promise<ReviewLinkRow> {
    const [row] = await sqlRows<ReviewLinkRow>(
      this.dataSource,
      `INSERT INTO review_links (workspace_id, content_item_ids, label, created_by, expires_at) VALUES ($1, $2::uuid[], $3, $4, $5) RETURNING ${LINK}`,
      [l.workspaceId, l.contentItemIds, l.label, l.createdBy, l.expiresAt],
    );
    return row!;
  }

  /** `viewer`: a member limited to some accounts lists the links whose every item they may see. */
  async list(workspaceId: string, contentItemId?: string, viewer: AccountViewer = ALL_ACCOUNTS): Promise<ReviewLinkRow[]> {
    return sqlRows<ReviewLinkRow>(
      this.dataSource,
      `SELECT ${LINK} FROM review_links WHERE workspace_id = $1 AND ($2::uuid IS NULL OR $2::uuid = ANY(content_item_ids))
          AND ($3::uuid[] IS NULL OR NOT EXISTS (SELECT 1 FROM content_items ci WHERE ci.id = ANY(content_item_ids) AND NOT ${itemVisibleSql('ci', '$3', '$4')}))
        ORDER BY created_at DESC LIMIT 100`,
      [workspaceId, contentItemId ?? null, viewer.allowedAccountIds, viewer.userId],
    );
  }

  async find(id: string, workspaceId?: string): Promise<ReviewLinkRow | undefined> {
    const [row] = await sqlRows<ReviewLinkRow>(this.dataSource, `SELECT ${LINK} FROM review_links WHERE id = $1 AND ($2::uuid IS NULL OR workspace_id = $2)`, [
      id,
      workspaceId ?? null,
    ]);
    return row;
  }

  async revoke(workspaceId: string, id: string, userId: string | null): Promise<boolean> {
    const rows = await sqlRows<{ id: string }>(
      this.dataSource,
      `UPDATE review_links SET revoked_at = COALESCE(revoked_at, now()), revoked_by = COALESCE(revoked_by, $3) WHERE workspace_id = $1 AND id = $2 RETURNING id`,
      [workspaceId, id, userId],
    );
    return rows.length > 0;
  }

  async clientItems(workspaceId: string, ids: readonly string[]): Promise<ClientItemRow[]> {
    return sqlRows<ClientItemRow>(
      this.dataSource,
      `SELECT ci.id, ci.title, ci.caption, ci.hashtags, ci.scheduled_at AS "scheduledAt", ci.time_zone AS "timeZone", ci.status,
              r.client_step AS "clientStep",
              coalesce((SELECT json_agg(json_build_object('platform', a.platform, 'accountName', COALESCE(a.display_name, a.platform))
                                        ORDER BY a.platform, a.display_name)
                          FROM content_item_targets t JOIN social_accounts a ON a.id = t.social_account_id
                         WHERE t.content_item_id = ci.id), '[]'::json) AS targets
         FROM content_items ci LEFT JOIN content_reviews r ON r.content_item_id = ci.id
        WHERE ci.workspace_id = $1 AND ci.id = ANY($2::uuid[]) AND ci.deleted_at IS NULL
        ORDER BY ci.scheduled_at NULLS LAST, ci.created_at`,
      [workspaceId, ids],
    );
  }
}
