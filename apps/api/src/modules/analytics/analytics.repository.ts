import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { sqlRows, type Db } from '../../common/database/db.js';
import type { MeasuredPublication, MetricValues, PostResult, PublicationMetricsRow } from './analytics.types.js';
import type { MetricSource } from './dto/publication-metrics.dto.js';

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
  }

  /** The workspace's posts of the last `days` days that have results, whatever their ranking. */
  postResults(workspaceId: string, days: number): Promise<PostResult[]> {
    return sqlRows<PostResult>(
      this.dataSource,
      `SELECT p.id AS "publicationId", p.content_item_id AS "contentItemId", p.platform, p.posted_at AS "postedAt", ${METRIC_COLUMNS},
              ci.hashtags, a.duration_ms AS "durationMs", a.width, a.height
         FROM platform_publications p
         JOIN publication_metrics m ON m.publication_id = p.id
         JOIN content_items ci ON ci.id = p.content_item_id
         LEFT JOIN content_assets a ON a.id = ci.asset_id
        WHERE p.workspace_id = $1 AND p.status = 'posted' AND p.posted_at > now() - make_interval(days => $2)
        ORDER BY p.posted_at DESC, p.id
        LIMIT 1000`,
      [workspaceId, days],
    );
  }

  /** Workspaces with results for posts of the last `days` days: the ones worth a proposal pass. */
  async workspacesWithResults(days: number): Promise<string[]> {
    const rows = await sqlRows<{ workspaceId: string }>(
      this.dataSource,
      `SELECT DISTINCT m.workspace_id AS "workspaceId" FROM publication_metrics m JOIN platform_publications p ON p.id = m.publication_id
        WHERE p.status = 'posted' AND p.posted_at > now() - make_interval(days => $1)`,
      [days],
    );
    return rows.map((r) => r.workspaceId);
  }
}
