import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { DELETABLE_STATUSES, type ContentItemStatus } from '@mwr/domain';

import { ALL_ACCOUNTS, itemVisibleSql, type AccountViewer } from '../../common/auth/account-scope.js';
import { sqlRows, type Db } from '../../common/database/db.js';
import type { ContentItem, ItemFields, ListFilters, QueueFilters } from './calendar.types.js';

export type { ItemTarget, ItemPublication, ContentItem, ItemFields, ListFilters, QueueFilters } from './calendar.types.js';

/** Items in these states no longer need their video: it may be deleted (the item keeps its record). */
const ASSET_RELEASED_STATUSES: readonly ContentItemStatus[] = ['published', 'cancelled'];

/** One item with its targets and publications, as one row (no N+1). */
const ITEM_SELECT = `
  ci.id, ci.workspace_id AS "workspaceId", ci.title, ci.caption, ci.hashtags, ci.asset_id AS "assetId",
  ci.scheduled_at AS "scheduledAt", ci.time_zone AS "timeZone", ci.status, ci.options, ci.version,
  ci.duplicated_from AS "duplicatedFrom", ci.cancelled_from AS "cancelledFrom", ci.deleted_at AS "deletedAt", ci.created_by AS "createdBy", ci.created_at AS "createdAt", ci.updated_at AS "updatedAt",
  (SELECT a.thumbnail_key IS NOT NULL FROM content_assets a WHERE a.id = ci.asset_id AND a.workspace_id = ci.workspace_id) AS "hasThumbnail",
  coalesce((SELECT json_agg(json_build_object('accountId', t.social_account_id, 'platform', sa.platform, 'handle', sa.handle, 'options', t.options)
                            ORDER BY sa.platform, sa.handle)
              FROM content_item_targets t JOIN social_accounts sa ON sa.id = t.social_account_id
             WHERE t.content_item_id = ci.id), '[]'::json) AS targets,
  coalesce((SELECT json_agg(json_build_object('id', p.id, 'accountId', p.social_account_id, 'platform', p.platform, 'status', p.status,
                                              'remoteMediaId', p.remote_media_id, 'permalink', p.permalink, 'errorCode', p.error_code,
                                              'errorMessage', p.error_message, 'postedAt', p.posted_at, 'updatedAt', p.updated_at,
                                              'waitingOn', (SELECT j.waiting_on FROM publish_jobs j WHERE j.publication_id = p.id AND j.status = 'waiting_person'))
                            ORDER BY p.platform, p.created_at)
              FROM platform_publications p WHERE p.content_item_id = ci.id), '[]'::json) AS publications`;

/**
 * The calendar window: the workspace's own time zone turns local dates into instants inside
 * PostgreSQL (AT TIME ZONE knows DST), so one statement answers, using the calendar index.
 */
export const CALENDAR_WINDOW_SQL = `
  WITH bounds AS (
    SELECT w.time_zone,
           ($2::date::timestamp AT TIME ZONE w.time_zone) AS lo,
           (($3::date + 1)::timestamp AT TIME ZONE w.time_zone) AS hi
      FROM workspaces w WHERE w.id = $1
  )
  SELECT b.time_zone AS "workspaceTimeZone", b.lo AS "windowStart", b.hi AS "windowEnd", to_jsonb(items) AS item
    FROM bounds b
    LEFT JOIN LATERAL (
      SELECT ${ITEM_SELECT}
        FROM content_items ci
       WHERE ci.workspace_id = $1 AND ci.scheduled_at >= b.lo AND ci.scheduled_at < b.hi AND ci.deleted_at IS NULL
       ORDER BY ci.scheduled_at, ci.id
       LIMIT $4
    ) items ON true`;

/** The window for a member limited to some accounts: the same query, with the items they may see ($5 accounts, $6 user). */
const CALENDAR_WINDOW_LIMITED_SQL = CALENDAR_WINDOW_SQL.replace(
  'AND ci.deleted_at IS NULL',
  `AND ci.deleted_at IS NULL AND ${itemVisibleSql('ci', '$5', '$6')}`,
);

function hydrate(row: Record<string, unknown>): ContentItem {
  return {
    ...(row as unknown as ContentItem),
    scheduledAt: row.scheduledAt ? new Date(row.scheduledAt as string) : null,
    createdAt: new Date(row.createdAt as string),
    updatedAt: new Date(row.updatedAt as string),
    deletedAt: row.deletedAt ? new Date(row.deletedAt as string) : null,
  };
}

@Injectable()
export class CalendarRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A live item; a deleted one (restorable for 30 days) only with `includeDeleted`. */
  async findById(workspaceId: string, id: string, db: Db = this.dataSource, includeDeleted = false): Promise<ContentItem | undefined> {
    const rows = await sqlRows(
      db,
      `SELECT ${ITEM_SELECT} FROM content_items ci WHERE ci.workspace_id = $1 AND ci.id = $2 ${includeDeleted ? '' : 'AND ci.deleted_at IS NULL'}`,
      [workspaceId, id],
    );
    return rows[0] ? hydrate(rows[0]) : undefined;
  }

  async list(workspaceId: string, filters: ListFilters): Promise<ContentItem[]> {
    const params: unknown[] = [workspaceId];
    const where = ['ci.workspace_id = $1', 'ci.deleted_at IS NULL'];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filters.viewer.allowedAccountIds !== null) where.push(itemVisibleSql('ci', param(filters.viewer.allowedAccountIds), param(filters.viewer.userId)));
    if (filters.statuses?.length) where.push(`ci.status = ANY(${param(filters.statuses)}::text[])`);
    if (filters.from) where.push(`ci.scheduled_at >= ${param(filters.from)}`);
    if (filters.to) where.push(`ci.scheduled_at < ${param(filters.to)}`);
    if (filters.fromDate)
      where.push(`ci.scheduled_at >= (${param(filters.fromDate)}::date::timestamp AT TIME ZONE (SELECT time_zone FROM workspaces WHERE id = $1))`);
    if (filters.toDateExclusive)
      where.push(`ci.scheduled_at < (${param(filters.toDateExclusive)}::date::timestamp AT TIME ZONE (SELECT time_zone FROM workspaces WHERE id = $1))`);
    if (filters.accountId)
      where.push(`EXISTS (SELECT 1 FROM content_item_targets t WHERE t.content_item_id = ci.id AND t.social_account_id = ${param(filters.accountId)})`);
    if (filters.platform) {
      where.push(`EXISTS (SELECT 1 FROM content_item_targets t JOIN social_accounts sa ON sa.id = t.social_account_id
                          WHERE t.content_item_id = ci.id AND sa.platform = ${param(filters.platform)})`);
    }
    if (filters.text) {
      const pattern = param(`%${filters.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(ci.title ILIKE ${pattern} OR ci.caption ILIKE ${pattern})`);
    }
    if (filters.cursor) {
      where.push(
        `(ci.created_at, ci.id) < ('epoch'::timestamptz + ${param(filters.cursor.createdAtMicros)}::bigint * interval '1 microsecond', ${param(filters.cursor.id)}::uuid)`,
      );
    }
    const rows = await sqlRows(
      this.dataSource,
      `SELECT ${ITEM_SELECT}, ((extract(epoch FROM ci.created_at) * 1000000)::bigint)::text AS "cursorMicros"
         FROM content_items ci WHERE ${where.join(' AND ')} ORDER BY ci.created_at DESC, ci.id DESC LIMIT ${param(filters.limit)}`,
      params,
    );
    return rows.map(hydrate);
  }

  /**
   * The queue: live items in the given statuses, by scheduled time (creation time for one without
   * a time), either way, after the keyset cursor; one query, using content_items_queue_idx.
   */
  async queue(workspaceId: string, filters: QueueFilters): Promise<ContentItem[]> {
    const params: unknown[] = [workspaceId, filters.statuses];
    const where = ['ci.workspace_id = $1', 'ci.deleted_at IS NULL', 'ci.status = ANY($2::text[])'];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filters.viewer.allowedAccountIds !== null) where.push(itemVisibleSql('ci', param(filters.viewer.allowedAccountIds), param(filters.viewer.userId)));
    if (filters.accountId)
      where.push(`EXISTS (SELECT 1 FROM content_item_targets t WHERE t.content_item_id = ci.id AND t.social_account_id = ${param(filters.accountId)})`);
    if (filters.platform) {
      where.push(`EXISTS (SELECT 1 FROM content_item_targets t JOIN social_accounts sa ON sa.id = t.social_account_id
                          WHERE t.content_item_id = ci.id AND sa.platform = ${param(filters.platform)})`);
    }
    if (filters.text) {
      const pattern = param(`%${filters.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(ci.title ILIKE ${pattern} OR ci.caption ILIKE ${pattern})`);
    }
    const sortKey = 'coalesce(ci.scheduled_at, ci.created_at)';
    const direction = filters.order === 'asc' ? 'ASC' : 'DESC';
    if (filters.cursor) {
      const at = `'epoch'::timestamptz + ${param(filters.cursor.atMicros)}::bigint * interval '1 microsecond'`;
      where.push(`(${sortKey}, ci.id) ${filters.order === 'asc' ? '>' : '<'} (${at}, ${param(filters.cursor.id)}::uuid)`);
    }
    const rows = await sqlRows(
      this.dataSource,
      `SELECT ${ITEM_SELECT}, ((extract(epoch FROM ${sortKey}) * 1000000)::bigint)::text AS "cursorMicros"
         FROM content_items ci WHERE ${where.join(' AND ')}
        ORDER BY ${sortKey} ${direction}, ci.id ${direction} LIMIT ${param(filters.limit)}`,
      params,
    );
    return rows.map(hydrate);
  }

  async calendarWindow(
    workspaceId: string,
    fromDate: string,
    toDate: string,
    limit: number,
    viewer: AccountViewer = ALL_ACCOUNTS,
  ): Promise<{ timeZone: string; from: Date; to: Date; items: ContentItem[] } | undefined> {
    const limited = viewer.allowedAccountIds !== null;
    const rows = await sqlRows<{ workspaceTimeZone: string; windowStart: string; windowEnd: string; item: Record<string, unknown> | null }>(
      this.dataSource,
      limited ? CALENDAR_WINDOW_LIMITED_SQL : CALENDAR_WINDOW_SQL,
      limited ? [workspaceId, fromDate, toDate, limit, viewer.allowedAccountIds, viewer.userId] : [workspaceId, fromDate, toDate, limit],
    );
    const first = rows[0];
    if (!first) return undefined;
    return {
      timeZone: first.workspaceTimeZone,
      from: new Date(first.windowStart),
      to: new Date(first.windowEnd),
      items: rows.filter((r) => r.item).map((r) => hydrate(r.item!)),
    };
  }

  async insert(workspaceId: string, createdBy: string | null, fields: ItemFields & { duplicatedFrom?: string | null }, db: Db): Promise<string> {
    const rows = await sqlRows<{ id: string }>(
      db,
      `INSERT INTO content_items (workspace_id, title, caption, hashtags, asset_id, scheduled_at, time_zone, status, options, created_by, duplicated_from)
       VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8, $9::jsonb, $10, $11) RETURNING id`,
      [
        workspaceId,
        fields.title,
        fields.caption,
        fields.hashtags,
        fields.assetId,
        fields.scheduledAt,
        fields.timeZone,
        fields.status,
        JSON.stringify(fields.options),
        createdBy,
        fields.duplicatedFrom ?? null,
      ],
    );
    return rows[0]!.id;
  }

  /** Replaces an item's targets in two set-based statements. */
  async replaceTargets(workspaceId: string, itemId: string, targets: { accountId: string; options: Record<string, unknown> }[], db: Db): Promise<void> {
    await sqlRows(db, 'DELETE FROM content_item_targets WHERE workspace_id = $1 AND content_item_id = $2', [workspaceId, itemId]);
    if (targets.length === 0) return;
    await sqlRows(
      db,
      `INSERT INTO content_item_targets (workspace_id, content_item_id, social_account_id, options)
       SELECT $1, $2, account_id, options FROM unnest($3::uuid[], $4::jsonb[]) AS t(account_id, options)`,
      [workspaceId, itemId, targets.map((t) => t.accountId), targets.map((t) => JSON.stringify(t.options))],
    );
  }

  /** Writes the fields when the version still matches; bumps it. False means someone edited first. */
  async update(workspaceId: string, id: string, expectedVersion: number, fields: ItemFields, db: Db): Promise<boolean> {
    const rows = await sqlRows(
      db,
      `UPDATE content_items SET title = $4, caption = $5, hashtags = $6::text[], asset_id = $7, scheduled_at = $8, time_zone = $9,
              status = $10, options = $11::jsonb, version = version + 1, updated_at = now()
        WHERE workspace_id = $1 AND id = $2 AND version = $3 AND deleted_at IS NULL RETURNING id`,
      [
        workspaceId,
        id,
        expectedVersion,
        fields.title,
        fields.caption,
        fields.hashtags,
        fields.assetId,
        fields.scheduledAt,
        fields.timeZone,
        fields.status,
        JSON.stringify(fields.options),
      ],
    );
    return rows.length > 0;
  }

  /** Moves the status when it is still `from` (and the version matches, when given). */
  async transition(
    workspaceId: string,
    id: string,
    from: ContentItemStatus,
    to: ContentItemStatus,
    expectedVersion: number | undefined,
    db: Db = this.dataSource,
  ): Promise<boolean> {
    const rows = await sqlRows(
      db,
      // A cancel remembers what the item was, so it can be undone (uncancel).
      `UPDATE content_items SET status = $4, version = version + 1, updated_at = now(),
              cancelled_from = CASE WHEN $4 = 'cancelled' THEN $3 ELSE NULL END
        WHERE workspace_id = $1 AND id = $2 AND status = $3 AND ($5::int IS NULL OR version = $5) AND deleted_at IS NULL RETURNING id`,
      [workspaceId, id, from, to, expectedVersion ?? null],
    );
    return rows.length > 0;
  }

  /** The item follows its publications (set by the publishing side through CalendarService). No-op when already there. */
  async setPublishingStatus(db: Db, id: string, status: ContentItemStatus): Promise<void> {
    await sqlRows(db, 'UPDATE content_items SET status = $2, version = version + 1, updated_at = now() WHERE id = $1 AND status <> $2', [id, status]);
  }

  /** The item's state, row locked for the caller's transaction (publishing asks before a retry). */
  async lockState(db: Db, id: string): Promise<{ status: ContentItemStatus; deleted: boolean } | undefined> {
    const rows = await sqlRows<{ status: ContentItemStatus; deleted: boolean }>(
      db,
      'SELECT status, deleted_at IS NOT NULL AS deleted FROM content_items WHERE id = $1 FOR UPDATE',
      [id],
    );
    return rows[0];
  }

  /** Soft delete: hidden from every list and restorable until the purge (30 days). Drafts and cancelled items only. */
  async softDelete(workspaceId: string, id: string, version: number | undefined, db: Db = this.dataSource): Promise<boolean> {
    const rows = await sqlRows(
      db,
      `UPDATE content_items SET deleted_at = now(), version = version + 1, updated_at = now()
        WHERE workspace_id = $1 AND id = $2 AND status = ANY($4::text[]) AND deleted_at IS NULL AND ($3::int IS NULL OR version = $3) RETURNING id`,
      [workspaceId, id, version ?? null, DELETABLE_STATUSES],
    );
    return rows.length > 0;
  }

  /** Undoes a soft delete; false when the item is not deleted (or was purged). */
  async restore(workspaceId: string, id: string, db: Db = this.dataSource): Promise<boolean> {
    const rows = await sqlRows(
      db,
      `UPDATE content_items SET deleted_at = NULL, version = version + 1, updated_at = now()
        WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NOT NULL RETURNING id`,
      [workspaceId, id],
    );
    return rows.length > 0;
  }

  /** Undoes a cancel: the item goes back to the state it was cancelled from (checked by the caller). */
  async uncancel(workspaceId: string, id: string, to: ContentItemStatus, expectedVersion: number, db: Db): Promise<boolean> {
    const rows = await sqlRows(
      db,
      `UPDATE content_items SET status = $3, cancelled_from = NULL, version = version + 1, updated_at = now()
        WHERE workspace_id = $1 AND id = $2 AND status = 'cancelled' AND cancelled_from = $3 AND version = $4 AND deleted_at IS NULL RETURNING id`,
      [workspaceId, id, to, expectedVersion],
    );
    return rows.length > 0;
  }

  /** Removes items deleted before `before`, in batches (their targets and publications go with them). */
  async purgeDeleted(before: Date, batchSize = 500): Promise<number> {
    let purged = 0;
    for (;;) {
      const rows = await sqlRows(
        this.dataSource,
        `DELETE FROM content_items WHERE id IN (
           SELECT id FROM content_items WHERE deleted_at IS NOT NULL AND deleted_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED
         ) RETURNING id`,
        [before, batchSize],
      );
      purged += rows.length;
      if (rows.length < batchSize) return purged;
    }
  }

  /** Items still planning to post the asset (anything but published or cancelled). */
  itemsUsingAsset(workspaceId: string, assetId: string, db: Db = this.dataSource): Promise<{ id: string; status: string }[]> {
    return sqlRows(
      db,
      `SELECT id, status FROM content_items WHERE workspace_id = $1 AND asset_id = $2 AND status <> ALL($3::text[]) AND deleted_at IS NULL
        ORDER BY created_at LIMIT 50`,
      [workspaceId, assetId, ASSET_RELEASED_STATUSES],
    );
  }

  /** Finished items (published, cancelled) keep their record but lose the link to an asset being deleted. */
  async detachAssetFromFinishedItems(workspaceId: string, assetId: string, db: Db): Promise<void> {
    await sqlRows(
      db,
      `UPDATE content_items SET asset_id = NULL WHERE workspace_id = $1 AND asset_id = $2 AND (status = ANY($3::text[]) OR deleted_at IS NOT NULL)`,
      [workspaceId, assetId, ASSET_RELEASED_STATUSES],
    );
  }

  async assetExists(workspaceId: string, assetId: string): Promise<boolean> {
    return (await sqlRows(this.dataSource, 'SELECT 1 FROM content_assets WHERE workspace_id = $1 AND id = $2', [workspaceId, assetId])).length > 0;
  }

  /** Other live items posting the same asset to one of these accounts within 24 h of `at`. */
  async nearDuplicates(
    workspaceId: string,
    assetId: string,
    accountIds: string[],
    at: Date,
    excludeId: string | null,
  ): Promise<{ id: string; handle: string; scheduledAt: Date }[]> {
    return sqlRows(
      this.dataSource,
      `SELECT ci.id, sa.handle, ci.scheduled_at AS "scheduledAt"
         FROM content_items ci
         JOIN content_item_targets t ON t.content_item_id = ci.id
         JOIN social_accounts sa ON sa.id = t.social_account_id
        WHERE ci.workspace_id = $1 AND ci.asset_id = $2 AND t.social_account_id = ANY($3::uuid[])
          AND ci.status IN ('scheduled', 'paused', 'publishing', 'published', 'partially_published')
          AND ci.scheduled_at > $4::timestamptz - interval '24 hours' AND ci.scheduled_at < $4::timestamptz + interval '24 hours'
          AND ($5::uuid IS NULL OR ci.id <> $5)
        ORDER BY ci.scheduled_at`,
      [workspaceId, assetId, accountIds, at, excludeId],
    );
  }
}
