import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Platform, PublicationStatus } from '@mwr/domain';
import type { PlatformUsage } from '@mwr/publishers';

import { sqlRows, type Db } from '../../common/database/db.js';

export interface PublicationContext {
  publicationId: string;
  workspaceId: string;
  itemId: string;
  platform: Platform;
  accountId: string;
  publicationStatus: PublicationStatus;
  caption: string;
  hashtags: string[];
  assetId: string | null;
  targetOptions: Record<string, unknown>;
  accountStatus: 'active' | 'needs_reconnect' | 'disabled' | 'restricted';
  accountHandle: string;
  remoteAccountId: string;
  capabilities: Record<string, unknown>;
}

/** A publication's details. Its status is not here: only the ledger (queue module) moves it. */
export interface PublicationPatch {
  step?: string;
  progressBytes?: number;
  totalBytes?: number;
  remoteMediaId?: string;
  remotePublishId?: string;
  permalink?: string;
  postedAt?: Date;
  errorCode?: string | null;
  errorMessage?: string | null;
  errorClass?: string | null;
  needsReview?: boolean;
}

@Injectable()
export class PublishingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The contexts of several publications in one read (the jobs a worker starts together). */
  async contexts(publicationIds: readonly string[]): Promise<Map<string, PublicationContext>> {
    const rows = await sqlRows<PublicationContext>(
      this.dataSource,
      `SELECT p.id AS "publicationId", p.workspace_id AS "workspaceId", p.content_item_id AS "itemId", p.platform,
              p.social_account_id AS "accountId", p.status AS "publicationStatus", ci.caption, ci.hashtags, ci.asset_id AS "assetId",
              coalesce(t.options, '{}'::jsonb) AS "targetOptions", sa.status AS "accountStatus", sa.handle AS "accountHandle",
              sa.remote_account_id AS "remoteAccountId", sa.capabilities
         FROM platform_publications p
         JOIN content_items ci ON ci.id = p.content_item_id
         JOIN social_accounts sa ON sa.id = p.social_account_id
         LEFT JOIN content_item_targets t ON t.content_item_id = p.content_item_id AND t.social_account_id = p.social_account_id
        WHERE p.id = ANY($1::uuid[])`,
      [publicationIds],
    );
    return new Map(rows.map((row) => [row.publicationId, row]));
  }

  /** The platform's own report of our call budget for the account (Account Health). */
  async savePlatformUsage(accountId: string, usage: PlatformUsage): Promise<void> {
    await sqlRows(this.dataSource, 'UPDATE social_accounts SET platform_usage = $2::jsonb WHERE id = $1', [accountId, JSON.stringify(usage)]);
  }

  async updatePublication(db: Db, publicationId: string, patch: PublicationPatch): Promise<void> {
    await sqlRows(
      db,
      `UPDATE platform_publications SET
         step = coalesce($2, step), progress_bytes = coalesce($3, progress_bytes),
         total_bytes = coalesce($4, total_bytes), remote_media_id = coalesce($5, remote_media_id),
         remote_publish_id = coalesce($6, remote_publish_id), permalink = coalesce($7, permalink), posted_at = coalesce($8, posted_at),
         error_code = CASE WHEN $12 THEN $9 ELSE error_code END, error_message = CASE WHEN $12 THEN $10 ELSE error_message END,
         error_class = CASE WHEN $12 THEN $11 ELSE error_class END, needs_review = coalesce($13, needs_review), updated_at = now()
       WHERE id = $1`,
      [
        publicationId,
        patch.step ?? null,
        patch.progressBytes ?? null,
        patch.totalBytes ?? null,
        patch.remoteMediaId ?? null,
        patch.remotePublishId ?? null,
        patch.permalink ?? null,
        patch.postedAt ?? null,
        patch.errorCode ?? null,
        patch.errorMessage ?? null,
        patch.errorClass ?? null,
        'errorCode' in patch || 'errorMessage' in patch || 'errorClass' in patch,
        patch.needsReview ?? null,
      ],
    );
  }

  /** The item's publications, locked: the item's status follows them (CalendarService.followPublications). */
  async publicationStatuses(db: Db, itemId: string): Promise<{ status: PublicationStatus; needsReview: boolean }[]> {
    return sqlRows(db, 'SELECT status, needs_review AS "needsReview" FROM platform_publications WHERE content_item_id = $1 FOR UPDATE', [itemId]);
  }

  async findInWorkspace(workspaceId: string, publicationId: string): Promise<(PublicationView & { itemId: string }) | undefined> {
    const rows = await sqlRows<PublicationView & { itemId: string }>(
      this.dataSource,
      `SELECT id, content_item_id AS "itemId", social_account_id AS "accountId", platform, status, step, progress_bytes::float8 AS "progressBytes",
              total_bytes::float8 AS "totalBytes", remote_media_id AS "remoteMediaId", remote_publish_id AS "remotePublishId", permalink,
              error_code AS "errorCode", error_message AS "errorMessage", error_class AS "errorClass", needs_review AS "needsReview",
              posted_at AS "postedAt", updated_at AS "updatedAt"
         FROM platform_publications WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, publicationId],
    );
    return rows[0];
  }
}

export interface PublicationView {
  id: string;
  accountId: string;
  platform: Platform;
  status: PublicationStatus;
  step: string | null;
  progressBytes: number | null;
  totalBytes: number | null;
  remoteMediaId: string | null;
  remotePublishId: string | null;
  permalink: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  errorClass: string | null;
  needsReview: boolean;
  postedAt: Date | null;
  updatedAt: Date;
}
