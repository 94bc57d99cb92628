import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { JOB_WAITING_ON_PERSON_STATUS, JOB_WAITING_STATUSES } from '@mwr/domain';

import { sqlRows, type Db } from '../../common/database/db.js';
import { sqlStates } from '../../common/database/sql-states.js';

/** A post still to go out on an account: scheduled (or paused) and not started, or started and not finished. */
export interface AccountPostsCount {
  /** Scheduled items targeting the account, not started yet (what a pause or a move changes). */
  scheduled: number;
  /** Paused items targeting the account. */
  paused: number;
  /** Items already handed to the queue for this account and not finished (queued, retrying, waiting on a person). */
  inQueue: number;
}

/** Jobs handed to the queue that have not run yet: waiting their turn or backoff, or waiting on a person (from the domain's machine). */
const NOT_STARTED_JOBS = sqlStates([...JOB_WAITING_STATUSES, JOB_WAITING_ON_PERSON_STATUS]);

/** Items a disconnect can move or pause: on the calendar, not started, not deleted. */
const MOVABLE = `ci.status IN ('scheduled', 'paused') AND ci.deleted_at IS NULL`;

/**
 * The calendar's side of disconnecting an account (issue #20): how many posts it affects, and
 * set-based moves of those posts (pause, move to another account). The calendar module owns
 * content_items and content_item_targets; the accounts module calls AccountPostsService.
 */
@Injectable()
export class AccountPostsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async count(workspaceId: string, accountId: string): Promise<AccountPostsCount> {
    const rows = await sqlRows<AccountPostsCount>(
      this.dataSource,
      `SELECT count(*) FILTER (WHERE ci.status = 'scheduled')::int AS scheduled, count(*) FILTER (WHERE ci.status = 'paused')::int AS paused,
              (SELECT count(DISTINCT p.content_item_id)::int FROM platform_publications p JOIN publish_jobs j ON j.publication_id = p.id
                WHERE p.workspace_id = $1 AND p.social_account_id = $2 AND j.status IN ${NOT_STARTED_JOBS}) AS "inQueue"
         FROM content_items ci JOIN content_item_targets t ON t.content_item_id = ci.id
        WHERE ci.workspace_id = $1 AND t.social_account_id = $2 AND ${MOVABLE}`,
      [workspaceId, accountId],
    );
    return rows[0] ?? { scheduled: 0, paused: 0, inQueue: 0 };
  }

  /** Scheduled items targeting the account become paused (a person puts them back on schedule). */
  async pauseScheduled(db: Db, workspaceId: string, accountId: string): Promise<string[]> {
    const rows = await sqlRows<{ id: string }>(
      db,
      `UPDATE content_items ci SET status = 'paused', version = version + 1, updated_at = now()
        WHERE ci.workspace_id = $1 AND ci.status = 'scheduled' AND ci.deleted_at IS NULL
          AND EXISTS (SELECT 1 FROM content_item_targets t WHERE t.content_item_id = ci.id AND t.social_account_id = $2)
        RETURNING ci.id`,
      [workspaceId, accountId],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Scheduled and paused items targeting `fromAccountId` target `toAccountId` instead, with the
   * same per-account options; an item that already targets both keeps one target. One statement.
   */
  async moveScheduled(db: Db, workspaceId: string, fromAccountId: string, toAccountId: string): Promise<string[]> {
    const rows = await sqlRows<{ id: string }>(
      db,
      `WITH items AS (
         SELECT ci.id FROM content_items ci JOIN content_item_targets t ON t.content_item_id = ci.id
          WHERE ci.workspace_id = $1 AND t.social_account_id = $2 AND ${MOVABLE}
          FOR UPDATE OF ci
       ), retargeted AS (
         UPDATE content_item_targets t SET social_account_id = $3
          WHERE t.social_account_id = $2 AND t.content_item_id IN (SELECT id FROM items)
            AND NOT EXISTS (SELECT 1 FROM content_item_targets o WHERE o.content_item_id = t.content_item_id AND o.social_account_id = $3)
         RETURNING t.content_item_id
       ), dropped AS (
         DELETE FROM content_item_targets t
          WHERE t.social_account_id = $2 AND t.content_item_id IN (SELECT id FROM items) AND t.content_item_id NOT IN (SELECT content_item_id FROM retargeted)
         RETURNING t.content_item_id
       )
       UPDATE content_items ci SET version = version + 1, updated_at = now()
        WHERE ci.id IN (SELECT id FROM items) AND (SELECT count(*) FROM retargeted) + (SELECT count(*) FROM dropped) >= 0
       RETURNING ci.id`,
      [workspaceId, fromAccountId, toAccountId],
    );
    return rows.map((r) => r.id);
  }
}
