import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Platform } from '@mwr/domain';

import { sqlRows, type Db } from '../../../common/database/db.js';
import type { RepostMetric } from './auto-reposter-config.dto.js';

/** A (source item, target account) pair whose rule fires now and that was never decided before. */
export interface RepostCandidate {
  sourceContentItemId: string;
  targetAccountId: string;
  /** When the source first went out (on the rule's source account, for an account rule). */
  postedAt: Date;
  metricValue: number | null;
  /** The source item is already posted on the target account itself. */
  alreadyOnTarget: boolean;
}

export interface RepostClaim {
  id: string;
  ruleId: string;
  sourceContentItemId: string;
  targetAccountId: string;
}

export interface SourceAccountRow {
  id: string;
  platform: Platform;
  handle: string;
}

export interface RuleQuery {
  sourceContentItemId: string | null;
  sourceAccountId: string | null;
  targetAccountIds: string[];
  lookbackDays: number;
  trigger: { kind: 'delay'; hours: number } | { kind: 'threshold'; metric: RepostMetric; atLeast: number };
}

// Interpolated into SQL only from this map (never from input).
const METRIC_COLUMN: Record<RepostMetric, string> = { views: 'm.views', likes: 'm.likes', comments: 'm.comments', shares: 'm.shares', saves: 'm.saves' };
const CANDIDATE_LIMIT = 100;

/** automation_reposts (the reposter is its only writer), and what the reposter reads to decide. */
@Injectable()
export class AutoReposterRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The pairs a rule fires for now: the source is posted, its delay elapsed or its threshold met,
   * the pair has no decision yet, and the source is not itself a re-post (no chains, no ping-pong).
   */
  candidates(workspaceId: string, rule: RuleQuery): Promise<RepostCandidate[]> {
    const metric = rule.trigger.kind === 'threshold' ? METRIC_COLUMN[rule.trigger.metric] : 'NULL::bigint';
    const fires = rule.trigger.kind === 'delay' ? `s.first_posted_at <= now() - make_interval(hours => $5::int)` : `s.metric_value >= $5::bigint`;
    return sqlRows<RepostCandidate>(
      this.dataSource,
      `WITH s AS (
         SELECT p.content_item_id AS item_id, min(p.posted_at) AS first_posted_at, max(${metric})::float8 AS metric_value
           FROM platform_publications p
           JOIN content_items ci ON ci.id = p.content_item_id
           LEFT JOIN publication_metrics m ON m.publication_id = p.id
          WHERE p.workspace_id = $1 AND p.status = 'posted' AND ci.options->'autoRepost' IS NULL
            AND ($2::uuid IS NULL OR p.content_item_id = $2)
            AND ($3::uuid IS NULL OR (p.social_account_id = $3 AND p.posted_at > now() - make_interval(days => $6::int)))
          GROUP BY p.content_item_id
       )
       SELECT s.item_id AS "sourceContentItemId", t.id AS "targetAccountId", s.first_posted_at AS "postedAt", s.metric_value AS "metricValue",
              EXISTS (SELECT 1 FROM platform_publications q WHERE q.content_item_id = s.item_id AND q.social_account_id = t.id AND q.status = 'posted') AS "alreadyOnTarget"
         FROM s CROSS JOIN unnest($4::uuid[]) AS t(id)
        WHERE ${fires}
          AND NOT EXISTS (SELECT 1 FROM automation_reposts r WHERE r.source_content_item_id = s.item_id AND r.target_account_id = t.id)
        ORDER BY s.first_posted_at, t.id
        LIMIT ${CANDIDATE_LIMIT}`,
      [
        workspaceId,
        rule.sourceContentItemId,
        rule.sourceAccountId,
        rule.targetAccountIds,
        rule.trigger.kind === 'delay' ? rule.trigger.hours : rule.trigger.atLeast,
        rule.lookbackDays,
      ],
    );
  }

  /**
   * Claims the pair for a new item, unless the target already had `maxPerDay` re-posts in the last
   * 24 h. The target's row is locked so two ticks cannot both take its last slot; the unique pair
   * makes a second claim of the same pair a no-op. Returns the claim id, 'daily_limit', or undefined
   * when the pair was claimed by someone else.
   */
  async claim(
    workspaceId: string,
    ruleId: string,
    sourceContentItemId: string,
    targetAccountId: string,
    maxPerDay: number,
  ): Promise<string | 'daily_limit' | undefined> {
    return this.dataSource.transaction(async (tx) => {
      await sqlRows(tx, 'SELECT 1 FROM social_accounts WHERE id = $1 FOR UPDATE', [targetAccountId]);
      const [{ used }] = (await sqlRows<{ used: number }>(
        tx,
        `SELECT count(*)::int AS used FROM automation_reposts WHERE target_account_id = $1 AND status IN ('pending', 'created') AND claimed_at > now() - interval '24 hours'`,
        [targetAccountId],
      )) as [{ used: number }];
      if (used >= maxPerDay) return 'daily_limit';
      const [row] = await sqlRows<{ id: string }>(
        tx,
        `INSERT INTO automation_reposts (workspace_id, rule_id, source_content_item_id, target_account_id, status)
         VALUES ($1, $2, $3, $4, 'pending') ON CONFLICT (source_content_item_id, target_account_id) DO NOTHING RETURNING id`,
        [workspaceId, ruleId, sourceContentItemId, targetAccountId],
      );
      return row?.id;
    });
  }

  /** Records a decision never to re-post the pair (with why); undefined when it was decided already. */
  async insertSkipped(
    db: Db,
    workspaceId: string,
    ruleId: string,
    sourceContentItemId: string,
    targetAccountId: string,
    reason: string,
  ): Promise<string | undefined> {
    const [row] = await sqlRows<{ id: string }>(
      db,
      `INSERT INTO automation_reposts (workspace_id, rule_id, source_content_item_id, target_account_id, status, reason, finished_at)
       VALUES ($1, $2, $3, $4, 'skipped', $5, now()) ON CONFLICT (source_content_item_id, target_account_id) DO NOTHING RETURNING id`,
      [workspaceId, ruleId, sourceContentItemId, targetAccountId, reason],
    );
    return row?.id;
  }

  async markCreated(db: Db, claimId: string, contentItemId: string): Promise<void> {
    await sqlRows(db, `UPDATE automation_reposts SET status = 'created', repost_content_item_id = $2, finished_at = now() WHERE id = $1`, [
      claimId,
      contentItemId,
    ]);
  }

  async markSkipped(db: Db, claimId: string, reason: string): Promise<void> {
    await sqlRows(db, `UPDATE automation_reposts SET status = 'skipped', reason = $2, finished_at = now() WHERE id = $1`, [claimId, reason]);
  }

  /**
   * Claims left pending longer than `olderThanMs` (their process died mid-way), each taken over
   * atomically: a concurrent tick gets none of the ones this one took.
   */
  takeStaleClaims(workspaceId: string, olderThanMs: number): Promise<RepostClaim[]> {
    return sqlRows<RepostClaim>(
      this.dataSource,
      `UPDATE automation_reposts SET claimed_at = now()
        WHERE id IN (SELECT id FROM automation_reposts WHERE workspace_id = $1 AND status = 'pending' AND claimed_at < now() - make_interval(secs => $2::float8 / 1000)
                      ORDER BY claimed_at LIMIT 20 FOR UPDATE SKIP LOCKED)
        RETURNING id, rule_id AS "ruleId", source_content_item_id AS "sourceContentItemId", target_account_id AS "targetAccountId"`,
      [workspaceId, olderThanMs],
    );
  }

  /** The item a claim already made (marked in its options), if its process died before recording it. */
  async itemOfClaim(workspaceId: string, claimId: string): Promise<string | undefined> {
    const [row] = await sqlRows<{ id: string }>(
      this.dataSource,
      `SELECT id FROM content_items WHERE workspace_id = $1 AND options->'autoRepost'->>'repostId' = $2 LIMIT 1`,
      [workspaceId, claimId],
    );
    return row?.id;
  }

  accounts(workspaceId: string, ids: string[]): Promise<SourceAccountRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return sqlRows<SourceAccountRow>(this.dataSource, `SELECT id, platform, handle FROM social_accounts WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [
      workspaceId,
      ids,
    ]);
  }

  /** The accounts a content item is planned for or posted on (the rule check refuses them as targets). */
  async itemAccounts(workspaceId: string, contentItemId: string): Promise<{ exists: boolean; accountIds: string[]; caption: string; hashtags: string[] }> {
    const [row] = await sqlRows<{ accountIds: string[]; caption: string; hashtags: string[] }>(
      this.dataSource,
      `SELECT ci.caption, ci.hashtags,
              ARRAY(SELECT social_account_id FROM content_item_targets WHERE content_item_id = ci.id
                    UNION SELECT social_account_id FROM platform_publications WHERE content_item_id = ci.id) AS "accountIds"
         FROM content_items ci WHERE ci.workspace_id = $1 AND ci.id = $2`,
      [workspaceId, contentItemId],
    );
    return row ? { exists: true, ...row } : { exists: false, accountIds: [], caption: '', hashtags: [] };
  }
}
