import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { PUBLICATION_LIVE_STATUSES } from '@mwr/domain';

import { sqlRows } from '../../common/database/db.js';
import { sqlStates } from '../../common/database/sql-states.js';
import type { SlotOrigin } from './dto/queue-slots.dto.js';

export interface ViewsAt24hRow {
  accountId: string;
  postedAt: Date;
  views: number;
}

export interface BestTimesAccountRow {
  id: string;
  platform: string;
  handle: string;
}

export interface QueueSlotRow {
  id: string;
  accountId: string;
  weekday: number;
  minute: number;
  origin: SlotOrigin;
}

export interface QueueSettingsRow {
  exploreShare: number;
  minSpacingMinutes: number;
}

/** Instagram's online followers stored by the daily account read: one metric per Pacific hour. */
export const ONLINE_FOLLOWERS_METRIC_PREFIX = 'online_followers_h';

const SLOT_COLUMNS = `id, account_id AS "accountId", weekday, minute, origin`;
const LIVE_PUBLICATION = `p.status IN ${sqlStates(PUBLICATION_LIVE_STATUSES)}`;

/**
 * Best times and queue slots (issue 24). Reads the analytics readings (metric_snapshots, owned by
 * analytics) and the plan (content items, publications); owns and writes queue_slots and
 * queue_settings.
 */
@Injectable()
export class BestTimesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async workspaceTimeZone(workspaceId: string): Promise<string> {
    const [row] = await sqlRows<{ timeZone: string }>(this.dataSource, `SELECT time_zone AS "timeZone" FROM workspaces WHERE id = $1`, [workspaceId]);
    return row?.timeZone ?? 'UTC';
  }

  /** `allowedAccountIds`: a member limited to some accounts finds only those (issue 25); others answer as unknown. */
  accounts(
    workspaceId: string,
    filter: { accountIds?: string[]; platform?: string; allowedAccountIds?: readonly string[] | null },
  ): Promise<BestTimesAccountRow[]> {
    return sqlRows<BestTimesAccountRow>(
      this.dataSource,
      `SELECT id, platform, handle FROM social_accounts
        WHERE workspace_id = $1 AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[])) AND ($3::text IS NULL OR platform = $3)
          AND ($4::uuid[] IS NULL OR id = ANY($4::uuid[]))
        ORDER BY handle, id`,
      [workspaceId, filter.accountIds ?? null, filter.platform ?? null, filter.allowedAccountIds ?? null],
    );
  }

  /**
   * Every post's views at 24 h of the accounts, oldest first per account: the platform's reading,
   * else the hand-entered one (one row per post).
   */
  viewsAt24h(workspaceId: string, accountIds: string[]): Promise<ViewsAt24hRow[]> {
    if (accountIds.length === 0) return Promise.resolve([]);
    return sqlRows<ViewsAt24hRow>(
      this.dataSource,
      `SELECT s.account_id AS "accountId", s.posted_at AS "postedAt", s.value AS views
         FROM metric_snapshots s
        WHERE s.account_id = ANY($2::uuid[]) AND s.workspace_id = $1
          AND s.publication_id IS NOT NULL AND s.age_bucket = '24h' AND s.metric = 'views' AND s.posted_at IS NOT NULL
          AND (s.source = 'platform' OR NOT EXISTS (
                SELECT 1 FROM metric_snapshots o
                 WHERE o.publication_id = s.publication_id AND o.age_bucket = '24h' AND o.metric = 'views' AND o.source = 'platform'))
        ORDER BY s.account_id, s.posted_at`,
      [workspaceId, accountIds],
    );
  }

  /** The account's daily online-followers readings of the last `days` days: one row per day and Pacific hour. */
  onlineFollowers(workspaceId: string, accountId: string, days: number): Promise<{ day: string; metric: string; value: number }[]> {
    return sqlRows(
      this.dataSource,
      `SELECT to_char(bucket_date, 'YYYY-MM-DD') AS day, metric, value
         FROM metric_snapshots
        WHERE workspace_id = $1 AND account_id = $2 AND publication_id IS NULL
          AND metric LIKE '${ONLINE_FOLLOWERS_METRIC_PREFIX}%' AND bucket_date >= current_date - $3::int
        ORDER BY bucket_date`,
      [workspaceId, accountId, days],
    );
  }

  slots(workspaceId: string, accountIds: string[]): Promise<QueueSlotRow[]> {
    return sqlRows<QueueSlotRow>(
      this.dataSource,
      `SELECT ${SLOT_COLUMNS} FROM queue_slots WHERE workspace_id = $1 AND account_id = ANY($2::uuid[]) ORDER BY weekday, minute, account_id`,
      [workspaceId, accountIds],
    );
  }

  async slot(workspaceId: string, id: string): Promise<QueueSlotRow | undefined> {
    const [row] = await sqlRows<QueueSlotRow>(this.dataSource, `SELECT ${SLOT_COLUMNS} FROM queue_slots WHERE workspace_id = $1 AND id = $2`, [
      workspaceId,
      id,
    ]);
    return row;
  }

  /** Undefined when the account already has a slot at that time. */
  async createSlot(workspaceId: string, input: { accountId: string; weekday: number; minute: number; origin: SlotOrigin }): Promise<QueueSlotRow | undefined> {
    const [row] = await sqlRows<QueueSlotRow>(
      this.dataSource,
      `INSERT INTO queue_slots (workspace_id, account_id, weekday, minute, origin) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (account_id, weekday, minute) DO NOTHING RETURNING ${SLOT_COLUMNS}`,
      [workspaceId, input.accountId, input.weekday, input.minute, input.origin],
    );
    return row;
  }

  /** 'taken' when the new time collides with another slot of the account. */
  async updateSlot(workspaceId: string, id: string, weekday: number, minute: number): Promise<QueueSlotRow | 'taken' | undefined> {
    try {
      const [row] = await sqlRows<QueueSlotRow>(
        this.dataSource,
        // A slot moved by hand is the team's choice now, not a suggestion.
        `UPDATE queue_slots SET weekday = $3, minute = $4, origin = CASE WHEN weekday = $3 AND minute = $4 THEN origin ELSE 'manual' END
          WHERE workspace_id = $1 AND id = $2 RETURNING ${SLOT_COLUMNS}`,
        [workspaceId, id, weekday, minute],
      );
      return row;
    } catch (error) {
      if ((error as { code?: string }).code === '23505') return 'taken';
      throw error;
    }
  }

  async deleteSlot(workspaceId: string, id: string): Promise<boolean> {
    const rows = await sqlRows(this.dataSource, `DELETE FROM queue_slots WHERE workspace_id = $1 AND id = $2 RETURNING id`, [workspaceId, id]);
    return rows.length > 0;
  }

  async settings(workspaceId: string): Promise<QueueSettingsRow> {
    const [row] = await sqlRows<QueueSettingsRow>(
      this.dataSource,
      `SELECT explore_share AS "exploreShare", min_spacing_minutes AS "minSpacingMinutes" FROM queue_settings WHERE workspace_id = $1`,
      [workspaceId],
    );
    return row ?? { exploreShare: 0.2, minSpacingMinutes: 60 };
  }

  async saveSettings(workspaceId: string, patch: { exploreShare?: number; minSpacingMinutes?: number }): Promise<QueueSettingsRow> {
    const [row] = await sqlRows<QueueSettingsRow>(
      this.dataSource,
      `INSERT INTO queue_settings AS q (workspace_id, explore_share, min_spacing_minutes) VALUES ($1, coalesce($2, 0.2), coalesce($3, 60))
       ON CONFLICT (workspace_id) DO UPDATE SET explore_share = coalesce($2, q.explore_share), min_spacing_minutes = coalesce($3, q.min_spacing_minutes), updated_at = now()
       RETURNING explore_share AS "exploreShare", min_spacing_minutes AS "minSpacingMinutes"`,
      [workspaceId, patch.exploreShare ?? null, patch.minSpacingMinutes ?? null],
    );
    return row!;
  }

  /**
   * When the accounts post between `from` and `to`: live publications (posted or on their way, at
   * their go-live or planned time) and planned items not yet published (scheduled or paused).
   */
  occupied(workspaceId: string, accountIds: string[], from: Date, to: Date): Promise<{ accountId: string; at: Date }[]> {
    return sqlRows(
      this.dataSource,
      `SELECT * FROM (
         SELECT p.social_account_id AS "accountId", coalesce(p.posted_at, ci.scheduled_at) AS at
           FROM platform_publications p JOIN content_items ci ON ci.id = p.content_item_id
          WHERE p.workspace_id = $1 AND p.social_account_id = ANY($2::uuid[]) AND ${LIVE_PUBLICATION}
         UNION ALL
         SELECT t.social_account_id, ci.scheduled_at
           FROM content_item_targets t JOIN content_items ci ON ci.id = t.content_item_id
          WHERE t.workspace_id = $1 AND t.social_account_id = ANY($2::uuid[]) AND ci.status IN ('scheduled', 'paused') AND ci.deleted_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM platform_publications p WHERE p.content_item_id = ci.id AND p.social_account_id = t.social_account_id AND ${LIVE_PUBLICATION})
       ) o WHERE o.at >= $3 AND o.at < $4`,
      [workspaceId, accountIds, from, to],
    );
  }
}
