import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { ExperimentAge, ExperimentMetric, ExperimentMode, ExperimentStatus, Platform } from '@mwr/domain';

import { accountVisibleSql, ALL_ACCOUNTS, itemVisibleSql, type AccountViewer } from '../../common/auth/account-scope.js';
import { sqlRows, type Db } from '../../common/database/db.js';

const LABELS = ['A', 'B', 'C', 'D'];
/** A variant's label from its position: A, B, C, D. */
export const labelOf = (position: number): string => LABELS[position] ?? String(position + 1);

export interface ExperimentVariantRow {
  position: number;
  caption: string;
  hashtags: string[];
  accountId: string;
  handle: string;
  variantItemId: string;
  scheduledAt: Date;
  publicationId: string | null;
  publicationStatus: string | null;
  postedAt: Date | null;
  permalink: string | null;
}

export interface ExperimentRow {
  id: string;
  workspaceId: string;
  contentItemId: string;
  platform: Platform;
  mode: ExperimentMode;
  metric: ExperimentMetric;
  age: ExperimentAge;
  status: ExperimentStatus;
  cancelReason: string | null;
  verdict: Record<string, unknown> | null;
  decidedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  variants: ExperimentVariantRow[];
}

export interface AccountRow {
  id: string;
  platform: Platform;
  handle: string;
  status: string;
}

const COLUMNS = `e.id, e.workspace_id AS "workspaceId", e.content_item_id AS "contentItemId", e.platform, e.mode, e.metric, e.age, e.status,
  e.cancel_reason AS "cancelReason", e.verdict, e.decided_at AS "decidedAt", e.created_at AS "createdAt", e.updated_at AS "updatedAt",
  COALESCE((SELECT json_agg(json_build_object(
      'position', v.position, 'caption', v.caption, 'hashtags', v.hashtags, 'accountId', v.account_id, 'handle', a.handle,
      'variantItemId', v.variant_item_id, 'scheduledAt', v.scheduled_at, 'publicationId', p.id, 'publicationStatus', p.status,
      'postedAt', p.posted_at, 'permalink', p.permalink) ORDER BY v.position)
     FROM experiment_variants v
     JOIN social_accounts a ON a.id = v.account_id
     LEFT JOIN platform_publications p ON p.content_item_id = v.variant_item_id AND p.social_account_id = v.account_id
    WHERE v.experiment_id = e.id), '[]'::json) AS variants`;

type RawRow = Omit<ExperimentRow, 'variants'> & {
  variants: (Omit<ExperimentVariantRow, 'scheduledAt' | 'postedAt'> & { scheduledAt: string; postedAt: string | null })[];
};

const toRow = (r: RawRow): ExperimentRow => ({
  ...r,
  variants: r.variants.map((v) => ({ ...v, scheduledAt: new Date(v.scheduledAt), postedAt: v.postedAt ? new Date(v.postedAt) : null })),
});

/** Caption experiments (issue 24): owns experiments and experiment_variants; reads the plan and analytics' readings. */
@Injectable()
export class ExperimentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  get db(): Db {
    return this.dataSource;
  }

  transaction<R>(work: (tx: Db) => Promise<R>): Promise<R> {
    return this.dataSource.transaction(work);
  }

  accounts(workspaceId: string, ids: string[]): Promise<AccountRow[]> {
    return sqlRows<AccountRow>(this.dataSource, `SELECT id, platform, handle, status FROM social_accounts WHERE workspace_id = $1 AND id = ANY($2::uuid[])`, [
      workspaceId,
      ids,
    ]);
  }

  async insert(
    workspaceId: string,
    createdBy: string | null,
    e: { contentItemId: string; platform: Platform; mode: ExperimentMode; metric: ExperimentMetric; age: ExperimentAge },
    variants: { caption: string; hashtags: string[]; accountId: string; variantItemId: string; scheduledAt: Date }[],
    db: Db = this.dataSource,
  ): Promise<string> {
    const [row] = await sqlRows<{ id: string }>(
      db,
      `INSERT INTO experiments (workspace_id, content_item_id, platform, mode, metric, age, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [workspaceId, e.contentItemId, e.platform, e.mode, e.metric, e.age, createdBy],
    );
    await db.query(
      `INSERT INTO experiment_variants (experiment_id, workspace_id, position, caption, hashtags, account_id, variant_item_id, scheduled_at)
       SELECT $1, $2, v.position, v.caption, ARRAY(SELECT jsonb_array_elements_text(v.hashtags)), v.account_id, v.item_id, v.scheduled_at
         FROM jsonb_to_recordset($3::jsonb) AS v(position int, caption text, hashtags jsonb, account_id uuid, item_id uuid, scheduled_at timestamptz)`,
      [
        row!.id,
        workspaceId,
        JSON.stringify(
          variants.map((v, position) => ({
            position,
            caption: v.caption,
            hashtags: v.hashtags,
            account_id: v.accountId,
            item_id: v.variantItemId,
            scheduled_at: v.scheduledAt.toISOString(),
          })),
        ),
      ],
    );
    return row!.id;
  }

  async find(workspaceId: string, id: string, db: Db = this.dataSource): Promise<ExperimentRow | undefined> {
    const [row] = await sqlRows<RawRow>(db, `SELECT ${COLUMNS} FROM experiments e WHERE e.workspace_id = $1 AND e.id = $2`, [workspaceId, id]);
    return row ? toRow(row) : undefined;
  }

  /** Newest first; with an item: the experiments built from it or posting one of its variants. */
  /** `viewer`: a member limited to some accounts lists the experiments whose item and variant accounts they may see (issue 25). */
  async list(workspaceId: string, filter: { itemId?: string; limit: number; viewer?: AccountViewer }): Promise<ExperimentRow[]> {
    const viewer = filter.viewer ?? ALL_ACCOUNTS;
    const rows = await sqlRows<RawRow>(
      this.dataSource,
      `SELECT ${COLUMNS} FROM experiments e
        WHERE e.workspace_id = $1
          AND ($2::uuid IS NULL OR e.content_item_id = $2
               OR EXISTS (SELECT 1 FROM experiment_variants x WHERE x.experiment_id = e.id AND x.variant_item_id = $2))
          AND ($4::uuid[] IS NULL OR (
               EXISTS (SELECT 1 FROM content_items ci WHERE ci.id = e.content_item_id AND ${itemVisibleSql('ci', '$4', '$5')})
               AND NOT EXISTS (SELECT 1 FROM experiment_variants v WHERE v.experiment_id = e.id AND NOT ${accountVisibleSql('v.account_id', '$4')})))
        ORDER BY e.created_at DESC, e.id DESC LIMIT $3`,
      [workspaceId, filter.itemId ?? null, filter.limit, viewer.allowedAccountIds, viewer.userId],
    );
    return rows.map(toRow);
  }

  /** Open experiments for the deciding pass, locked so two schedulers never decide one twice. */
  lockDue(db: Db, now: Date, limit: number): Promise<{ id: string; workspaceId: string }[]> {
    return sqlRows(
      db,
      `SELECT id, workspace_id AS "workspaceId" FROM experiments
        WHERE status IN ('running', 'waiting_for_age') AND next_check_at <= $1 ORDER BY next_check_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
  }

  async checkAgainAt(db: Db, id: string, at: Date): Promise<void> {
    await db.query(`UPDATE experiments SET next_check_at = $2 WHERE id = $1`, [id, at]);
  }

  async setStatus(
    db: Db,
    workspaceId: string,
    id: string,
    change: { status: ExperimentStatus; verdict?: Record<string, unknown>; cancelReason?: string },
    onlyFrom: ExperimentStatus[],
  ): Promise<boolean> {
    const rows = await sqlRows<{ id: string }>(
      db,
      `UPDATE experiments SET status = $3, verdict = COALESCE($4::jsonb, verdict), cancel_reason = COALESCE($5, cancel_reason),
              decided_at = CASE WHEN $3 IN ('decided', 'no_clear_winner') THEN now() ELSE decided_at END, updated_at = now()
        WHERE workspace_id = $1 AND id = $2 AND status = ANY($6::text[]) RETURNING id`,
      [workspaceId, id, change.status, change.verdict ? JSON.stringify(change.verdict) : null, change.cancelReason ?? null, onlyFrom],
    );
    return rows.length > 0;
  }

  /** Remembers each variant's publication once the scheduler has made it. */
  async linkPublications(db: Db, experimentId: string): Promise<void> {
    await db.query(
      `UPDATE experiment_variants v SET publication_id = p.id
         FROM platform_publications p
        WHERE v.experiment_id = $1 AND v.publication_id IS NULL AND p.content_item_id = v.variant_item_id AND p.social_account_id = v.account_id`,
      [experimentId],
    );
  }

  /** Each publication's figure at the age: the platform's reading, else the hand-entered one. */
  figures(db: Db, publicationIds: string[], age: ExperimentAge, metric: ExperimentMetric): Promise<{ publicationId: string; value: number; source: string }[]> {
    return sqlRows(
      db,
      `SELECT DISTINCT ON (publication_id) publication_id AS "publicationId", value, source
         FROM metric_snapshots
        WHERE publication_id = ANY($1::uuid[]) AND age_bucket = $2 AND metric = $3
        ORDER BY publication_id, (source = 'platform') DESC`,
      [publicationIds, age, metric],
    );
  }

  /**
   * An account's figures at the age for its last 50 posts before `before`, leaving out every
   * experiment's posts (the baseline the verdict compares against).
   */
  async history(db: Db, accountId: string, age: ExperimentAge, metric: ExperimentMetric, before: Date): Promise<number[]> {
    const rows = await sqlRows<{ value: number }>(
      db,
      `SELECT value FROM (
         SELECT DISTINCT ON (s.publication_id) s.value, s.posted_at
           FROM metric_snapshots s
          WHERE s.account_id = $1 AND s.publication_id IS NOT NULL AND s.age_bucket = $2 AND s.metric = $3 AND s.posted_at < $4
            AND NOT EXISTS (SELECT 1 FROM experiment_variants v WHERE v.publication_id = s.publication_id)
          ORDER BY s.publication_id, (s.source = 'platform') DESC) last
        ORDER BY posted_at DESC LIMIT 50`,
      [accountId, age, metric, before],
    );
    return rows.map((r) => Number(r.value));
  }
}
