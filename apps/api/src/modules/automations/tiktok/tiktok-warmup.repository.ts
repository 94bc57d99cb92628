import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { PUBLICATION_LIVE_STATUSES } from '@mwr/domain';

import { sqlRows, type Db } from '../../../common/database/db.js';
import { sqlStates } from '../../../common/database/sql-states.js';

export interface WarmupAccountRow {
  accountId: string;
  handle: string;
  /** The last warm-up restart, else when the account was connected. */
  startedAt: Date;
  targetPostsPerWeek: number | null;
}

export interface PlannedDayRow {
  accountId: string;
  /** Local date (YYYY-MM-DD) in the time zone asked for. */
  day: string;
  /** Posts that occupy the day: scheduled or paused, in flight, or posted. */
  planned: number;
  posted: number;
}

/** What occupies an account's day: live publications (posted or on their way, from the domain) and planned items without one. */
const LIVE_PUBLICATION = `p.status IN ${sqlStates(PUBLICATION_LIVE_STATUSES)}`;

/**
 * The TikTok warm-up's data: when each account's warm-up started (account_warmups, owned here) and
 * how many posts each of its local days already holds.
 */
@Injectable()
export class TiktokWarmupRepository {
  constructor(private readonly dataSource: DataSource) {}

  async workspaceTimeZone(workspaceId: string, db: Db = this.dataSource): Promise<string> {
    const [row] = await sqlRows<{ timeZone: string }>(db, 'SELECT time_zone AS "timeZone" FROM workspaces WHERE id = $1', [workspaceId]);
    return row?.timeZone ?? 'UTC';
  }

  /** The workspace's TikTok accounts (all of them, or those among `accountIds`) that are not disabled. */
  tiktokAccounts(workspaceId: string, accountIds: string[] | null, db: Db = this.dataSource): Promise<WarmupAccountRow[]> {
    return sqlRows<WarmupAccountRow>(
      db,
      `SELECT a.id AS "accountId", a.handle, coalesce(w.started_at, a.created_at) AS "startedAt", a.target_posts_per_week AS "targetPostsPerWeek"
         FROM social_accounts a LEFT JOIN account_warmups w ON w.account_id = a.id
        WHERE a.workspace_id = $1 AND a.platform = 'tiktok' AND a.status <> 'disabled' AND ($2::uuid[] IS NULL OR a.id = ANY($2::uuid[]))
        ORDER BY a.handle`,
      [workspaceId, accountIds],
    );
  }

  async account(workspaceId: string, accountId: string): Promise<{ accountId: string; platform: string; handle: string } | undefined> {
    const [row] = await sqlRows<{ accountId: string; platform: string; handle: string }>(
      this.dataSource,
      'SELECT id AS "accountId", platform, handle FROM social_accounts WHERE workspace_id = $1 AND id = $2',
      [workspaceId, accountId],
    );
    return row;
  }

  /**
   * Serialises every change to these accounts' plans until the transaction ends, so two requests
   * cannot both take the last slot of a day. One lock per account, always in the same order.
   */
  async lockAccounts(tx: Db, accountIds: string[]): Promise<void> {
    for (const id of [...new Set(accountIds)].sort()) {
      await sqlRows(tx, `SELECT pg_advisory_xact_lock(hashtextextended('tiktok_warmup:' || $1::text, 0))`, [id]);
    }
  }

  /**
   * Per account and local day of `timeZone` in [fromDate, toDate): the posts that occupy it. A
   * publication counts at its post time (or its item's time until posted) unless it failed or was
   * cancelled; a scheduled or paused item without a live publication counts at its scheduled time.
   * `excludeItemId`: the item being edited, which must not count against itself.
   */
  plannedPerDay(
    db: Db,
    workspaceId: string,
    accountIds: string[],
    fromDate: string,
    toDate: string,
    timeZone: string,
    excludeItemId: string | null,
  ): Promise<PlannedDayRow[]> {
    if (accountIds.length === 0) return Promise.resolve([]);
    return sqlRows<PlannedDayRow>(
      db,
      `WITH bounds AS (
         SELECT ($3::date::timestamp AT TIME ZONE $5::text) AS lo, ($4::date::timestamp AT TIME ZONE $5::text) AS hi
       ), occupied AS (
         SELECT p.social_account_id AS account_id, coalesce(p.posted_at, ci.scheduled_at) AS at, p.status = 'posted' AS posted
           FROM platform_publications p JOIN content_items ci ON ci.id = p.content_item_id
          WHERE p.workspace_id = $1 AND p.social_account_id = ANY($2::uuid[]) AND ${LIVE_PUBLICATION}
            AND ($6::uuid IS NULL OR p.content_item_id <> $6::uuid)
         UNION ALL
         SELECT t.social_account_id, ci.scheduled_at, false
           FROM content_item_targets t JOIN content_items ci ON ci.id = t.content_item_id
          WHERE t.workspace_id = $1 AND t.social_account_id = ANY($2::uuid[]) AND ci.status IN ('scheduled', 'paused')
            AND ($6::uuid IS NULL OR ci.id <> $6::uuid)
            AND NOT EXISTS (SELECT 1 FROM platform_publications p WHERE p.content_item_id = ci.id AND p.social_account_id = t.social_account_id AND ${LIVE_PUBLICATION})
       )
       SELECT o.account_id AS "accountId", to_char((o.at AT TIME ZONE $5::text)::date, 'YYYY-MM-DD') AS day,
              count(*)::int AS planned, count(*) FILTER (WHERE o.posted)::int AS posted
         FROM occupied o, bounds b
        WHERE o.at >= b.lo AND o.at < b.hi
        GROUP BY 1, 2`,
      [workspaceId, accountIds, fromDate, toDate, timeZone, excludeItemId],
    );
  }

  /** Starts the account's warm-up again now; returns the new start. */
  async restart(tx: Db, workspaceId: string, accountId: string, userId: string | null): Promise<Date> {
    const [row] = await sqlRows<{ startedAt: Date }>(
      tx,
      `INSERT INTO account_warmups (account_id, workspace_id, started_at, started_by) VALUES ($1, $2, now(), $3)
       ON CONFLICT (account_id) DO UPDATE SET started_at = now(), started_by = EXCLUDED.started_by
       RETURNING started_at AS "startedAt"`,
      [accountId, workspaceId, userId],
    );
    return row!.startedAt;
  }
}
