import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { sqlRows, type Db } from '../../common/database/db.js';
import type { MeasuredPublication, MetricValues, PostResult, PublicationMetricsRow } from './analytics.types.js';
import type { MetricSource } from './dto/publication-metrics.dto.js';

/** One account's analytics figures for Account Health. */
export interface AccountAnalyticsRow {
  accountId: string;
  platform: string;
  status: string;
  scopes: string[];
  capabilities: Record<string, unknown>;
  followers: number | null;
  followersReadAt: Date | null;
  views7d: number | null;
  readsWaiting: number;
  lastReadError: string | null;
}

export type { MetricValues, PublicationMetricsRow, MeasuredPublication, PostResult } from './analytics.types.js';

// bigint comes back from pg as a string; the counts fit a double exactly (≤ 2^53).
const METRIC_COLUMNS = `m.views::float8 AS views, m.likes::float8 AS likes, m.comments::float8 AS comments, m.shares::float8 AS shares, m.saves::float8 AS saves`;

/** publication_metrics: the only writer of it. */
@Injectable()
export class AnalyticsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async publication(workspaceId: string, id: string): Promise<MeasuredPublication | undefined> {
    const [row] = await sqlRows<MeasuredPublication>(
      this.dataSource,
      `SELECT id, status, posted_at AS "postedAt" FROM platform_publications WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, id],
    );
    return row;
  }

  async metrics(workspaceId: string, publicationId: string): Promise<PublicationMetricsRow | undefined> {
    const [row] = await sqlRows<PublicationMetricsRow>(
      this.dataSource,
      `SELECT m.publication_id AS "publicationId", ${METRIC_COLUMNS}, m.source, m.recorded_at AS "recordedAt", m.recorded_by AS "recordedBy"
         FROM publication_metrics m WHERE m.workspace_id = $1 AND m.publication_id = $2`,
      [workspaceId, publicationId],
    );
    return row;
  }

  /** Replaces the publication's reading. */
  async upsert(
    db: Db,
    workspaceId: string,
    publicationId: string,
    values: MetricValues,
    source: MetricSource,
    recordedAt: Date | null,
    recordedBy: string | null,
  ): Promise<void> {
    await sqlRows(
      db,
      `INSERT INTO publication_metrics (publication_id, workspace_id, views, likes, comments, shares, saves, source, recorded_at, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9, now()), $10)
       ON CONFLICT (publication_id) DO UPDATE SET views = EXCLUDED.views, likes = EXCLUDED.likes, comments = EXCLUDED.comments, shares = EXCLUDED.shares,
         saves = EXCLUDED.saves, source = EXCLUDED.source, recorded_at = EXCLUDED.recorded_at, recorded_by = EXCLUDED.recorded_by`,
      [publicationId, workspaceId, values.views, values.likes, values.comments, values.shares, values.saves, source, recordedAt, recordedBy],
    );
    await this.upsertManualSnapshots(db, workspaceId, publicationId, values, recordedAt);
  }

  /**
   * The hand-entered reading as `manual` snapshots (issue 21) at the age it was recorded at (the
   * largest age bucket not after it; 1h when earlier), replacing an earlier manual reading of that
   * bucket, and as the latest figures unless a newer reading exists. Platform readings stay apart.
   */
  private async upsertManualSnapshots(db: Db, workspaceId: string, publicationId: string, values: MetricValues, recordedAt: Date | null): Promise<void> {
    const metrics = Object.entries(values).filter((e): e is [string, number] => e[1] !== null);
    if (metrics.length === 0) return;
    await sqlRows(
      db,
      `WITH p AS (
         SELECT p.workspace_id, p.social_account_id, p.id, p.platform, p.posted_at, coalesce($3::timestamptz, now()) AS read_at
           FROM platform_publications p WHERE p.workspace_id = $1 AND p.id = $2 AND p.posted_at IS NOT NULL),
       input AS (
         SELECT p.*, m.metric, m.value,
                CASE WHEN p.read_at - p.posted_at >= interval '30 days' THEN '30d' WHEN p.read_at - p.posted_at >= interval '7 days' THEN '7d'
                     WHEN p.read_at - p.posted_at >= interval '72 hours' THEN '72h' WHEN p.read_at - p.posted_at >= interval '24 hours' THEN '24h'
                     WHEN p.read_at - p.posted_at >= interval '6 hours' THEN '6h' ELSE '1h' END AS age_bucket
           FROM p, unnest($4::text[], $5::float8[]) AS m(metric, value)),
       snapshots AS (
         INSERT INTO metric_snapshots (workspace_id, account_id, publication_id, platform, source, age_bucket, bucket_date, metric, value, read_at, posted_at)
         SELECT workspace_id, social_account_id, id, platform, 'manual', age_bucket, (posted_at AT TIME ZONE 'UTC')::date, metric, value, read_at, posted_at FROM input
         ON CONFLICT (publication_id, age_bucket, metric, source) WHERE publication_id IS NOT NULL DO UPDATE SET value = EXCLUDED.value, read_at = EXCLUDED.read_at)
       INSERT INTO metric_latest AS l (publication_id, workspace_id, account_id, platform, posted_at, views, likes, comments, shares, saves, source, read_at)
       SELECT id, workspace_id, social_account_id, platform, posted_at, max(value) FILTER (WHERE metric = 'views'), max(value) FILTER (WHERE metric = 'likes'), max(value) FILTER (WHERE metric = 'comments'), max(value) FILTER (WHERE metric = 'shares'), max(value) FILTER (WHERE metric = 'saves'), 'manual', max(read_at)
         FROM input GROUP BY id, workspace_id, social_account_id, platform, posted_at
       ON CONFLICT (publication_id) DO UPDATE SET views = coalesce(EXCLUDED.views, l.views), likes = coalesce(EXCLUDED.likes, l.likes), comments = coalesce(EXCLUDED.comments, l.comments), shares = coalesce(EXCLUDED.shares, l.shares), saves = coalesce(EXCLUDED.saves, l.saves), source = EXCLUDED.source, read_at = EXCLUDED.read_at
         WHERE l.read_at <= EXCLUDED.read_at`,
      [workspaceId, publicationId, recordedAt, metrics.map(([m]) => m), metrics.map(([, v]) => v)],
    );
  }

  /**
   * The workspace's posts of the last `days` days that have results, whatever their ranking: each
   * post's latest figures, read from the platform by the ingestion or entered by hand (issue 21).
   */
  postResults(workspaceId: string, days: number): Promise<PostResult[]> {
    return sqlRows<PostResult>(
      this.dataSource,
      `WITH m AS (SELECT * FROM metric_latest WHERE workspace_id = $1 AND posted_at > now() - make_interval(days => $2))
       SELECT p.id AS "publicationId", p.content_item_id AS "contentItemId", p.platform, p.posted_at AS "postedAt", ${METRIC_COLUMNS},
              ci.hashtags, a.duration_ms AS "durationMs", a.width, a.height
         FROM platform_publications p
         JOIN m ON m.publication_id = p.id
         JOIN content_items ci ON ci.id = p.content_item_id
         LEFT JOIN content_assets a ON a.id = ci.asset_id
        WHERE p.workspace_id = $1 AND p.status = 'posted' AND p.posted_at > now() - make_interval(days => $2)
        ORDER BY p.posted_at DESC, p.id
        LIMIT 1000`,
      [workspaceId, days],
    );
  }

  /** Workspaces with results (read or entered) for posts of the last `days` days: the ones worth a proposal pass. */
  async workspacesWithResults(days: number): Promise<string[]> {
    const rows = await sqlRows<{ workspaceId: string }>(
      this.dataSource,
      `SELECT DISTINCT l.workspace_id AS "workspaceId" FROM metric_latest l JOIN platform_publications p ON p.id = l.publication_id
        WHERE p.status = 'posted' AND l.posted_at > now() - make_interval(days => $1)`,
      [days],
    );
    return rows.map((r) => r.workspaceId);
  }

  /** Account Health's analytics figures of these accounts. */
  accountsAnalytics(workspaceId: string, accountIds: string[]): Promise<AccountAnalyticsRow[]> {
    return sqlRows<AccountAnalyticsRow>(
      this.dataSource,
      `SELECT a.id AS "accountId", a.platform, a.status, a.scopes, a.capabilities, f.value AS followers, f.read_at AS "followersReadAt",
              (SELECT sum(l.views)::float8 FROM metric_latest l WHERE l.workspace_id = a.workspace_id AND l.account_id = a.id AND l.posted_at > now() - interval '7 days') AS "views7d",
              (SELECT count(*)::int FROM metric_reads r WHERE r.account_id = a.id AND r.done_at IS NULL AND r.next_attempt_at > now()) AS "readsWaiting",
              (SELECT r.last_error FROM metric_reads r WHERE r.account_id = a.id AND r.done_at IS NULL AND r.last_error IS NOT NULL
                ORDER BY r.next_attempt_at DESC LIMIT 1) AS "lastReadError"
         FROM social_accounts a
         LEFT JOIN LATERAL (SELECT s.value, s.read_at FROM metric_snapshots s
                             WHERE s.account_id = a.id AND s.publication_id IS NULL AND s.metric = 'followers' ORDER BY s.bucket_date DESC LIMIT 1) f ON true
        WHERE a.workspace_id = $1 AND a.id = ANY($2::uuid[])`,
      [workspaceId, accountIds],
    );
  }
}
