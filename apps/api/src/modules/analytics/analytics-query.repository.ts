import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { sqlRows } from '../../common/database/db.js';
import type { AgeFilter } from './dto/analytics-query.dto.js';

/** What every analytics query is narrowed by. `from`/`to` are days in `timeZone` (both included). */
export interface AnalyticsFilter {
  workspaceId: string;
  age: AgeFilter;
  range?: { from: string; to: string; timeZone: string };
  platform?: string;
  accountId?: string;
}

export interface SummaryRow {
  accountId: string;
  platform: string;
  day: string;
  metric: string;
  total: number;
  n: number;
}

export interface PostPageRow {
  publicationId: string;
  value: number;
  source: string;
  readAt: Date;
  total: number;
}

export interface PostDetailRow {
  publicationId: string;
  contentItemId: string;
  platform: string;
  accountId: string;
  handle: string;
  caption: string;
  permalink: string | null;
  postedAt: Date;
}

export interface PostMetricRow {
  publicationId: string;
  metric: string;
  value: number;
  source: string;
  readAt: Date;
}

export interface SnapshotRowView {
  ageBucket: string;
  source: string;
  metric: string;
  value: number;
  readAt: Date;
  evidence: Record<string, unknown> | null;
}

export interface AnalyticsAccountRow {
  id: string;
  platform: string;
  handle: string;
  status: string;
  scopes: string[];
}

/** Positional parameters, added as the SQL is built. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The rows a query reads and its WHERE clause. A fixed age reads metric_snapshots (a manual
 * reading counts only where the platform gave none for that post, age and metric); `latest` reads
 * metric_latest. Both have an index led by (workspace, [age,] metric).
 */
function scope(filter: AnalyticsFilter, params: Params, metricClause: (p: Params) => string): { from: string; where: string } {
  const conditions = [`s.workspace_id = ${params.add(filter.workspaceId)}`];
  let from = 'metric_latest s';
  if (filter.age !== 'latest') {
    from = 'metric_snapshots s';
    conditions.push('s.publication_id IS NOT NULL', `s.age_bucket = ${params.add(filter.age)}`);
  }
  conditions.push(metricClause(params));
  if (filter.range) {
    const tz = params.add(filter.range.timeZone);
    conditions.push(
      `s.posted_at >= (${params.add(filter.range.from)}::date::timestamp AT TIME ZONE ${tz})`,
      `s.posted_at < ((${params.add(filter.range.to)}::date + 1)::timestamp AT TIME ZONE ${tz})`,
    );
  }
  if (filter.platform) conditions.push(`s.platform = ${params.add(filter.platform)}`);
  if (filter.accountId) conditions.push(`s.account_id = ${params.add(filter.accountId)}`);
  if (filter.age !== 'latest')
    conditions.push(
      `(s.source = 'platform' OR NOT EXISTS (SELECT 1 FROM metric_snapshots x WHERE x.publication_id = s.publication_id AND x.age_bucket = s.age_bucket AND x.metric = s.metric AND x.source = 'platform'))`,
    );
  return { from, where: conditions.join(' AND ') };
}

/** The summary's one statement: sums per account, platform, day (in the time zone) and metric. Exported for the benchmark's baseline. */
export function summarySql(
  filter: AnalyticsFilter & { range: NonNullable<AnalyticsFilter['range']> },
  metrics: readonly string[],
): { sql: string; params: unknown[] } {
  const params = new Params();
  const { from, where } = scope(filter, params, (p) => `s.metric = ANY(${p.add(metrics)}::text[])`);
  const tz = params.add(filter.range.timeZone);
  return {
    sql: `SELECT s.account_id AS "accountId", s.platform, to_char(s.posted_at AT TIME ZONE ${tz}, 'YYYY-MM-DD') AS day, s.metric,
                 sum(s.value)::float8 AS total, count(*)::int AS n
            FROM ${from} WHERE ${where}
           GROUP BY 1, 2, 3, 4`,
    params: params.values,
  };
}

/** The posts table's one statement: a page of posts ordered by one metric at one age, with the count. Exported for the benchmark's baseline. */
export function postsPageSql(filter: AnalyticsFilter, sort: string, order: 'asc' | 'desc', limit: number, offset: number): { sql: string; params: unknown[] } {
  const params = new Params();
  const { from, where } = scope(filter, params, (p) => `s.metric = ${p.add(sort)}`);
  const direction = order === 'asc' ? 'ASC' : 'DESC';
  return {
    sql: `SELECT s.publication_id AS "publicationId", s.value, s.source, s.read_at AS "readAt", count(*) OVER ()::int AS total
            FROM ${from} WHERE ${where}
           ORDER BY s.value ${direction}, s.publication_id ${direction}
           LIMIT ${params.add(limit)} OFFSET ${params.add(offset)}`,
    params: params.values,
  };
}

/** Reads of metric_snapshots and metric_latest for the analytics API (the ingestion writes them). */
@Injectable()
export class AnalyticsQueryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async workspaceTimeZone(workspaceId: string): Promise<string> {
    const [row] = await sqlRows<{ timeZone: string }>(this.dataSource, `SELECT time_zone AS "timeZone" FROM workspaces WHERE id = $1`, [workspaceId]);
    return row?.timeZone ?? 'UTC';
  }

  accounts(workspaceId: string, platform?: string, accountId?: string): Promise<AnalyticsAccountRow[]> {
    return sqlRows<AnalyticsAccountRow>(
      this.dataSource,
      `SELECT id, platform, handle, status, scopes FROM social_accounts
        WHERE workspace_id = $1 AND ($2::text IS NULL OR platform = $2) AND ($3::uuid IS NULL OR id = $3) ORDER BY platform, handle, id`,
      [workspaceId, platform ?? null, accountId ?? null],
    );
  }

  summary(filter: AnalyticsFilter & { range: NonNullable<AnalyticsFilter['range']> }, metrics: readonly string[]): Promise<SummaryRow[]> {
    const { sql, params } = summarySql(filter, metrics);
    return sqlRows<SummaryRow>(this.dataSource, sql, params);
  }

  postsPage(filter: AnalyticsFilter, sort: string, order: 'asc' | 'desc', limit: number, offset: number): Promise<PostPageRow[]> {
    const { sql, params } = postsPageSql(filter, sort, order, limit, offset);
    return sqlRows<PostPageRow>(this.dataSource, sql, params);
  }

  postDetails(workspaceId: string, ids: string[]): Promise<PostDetailRow[]> {
    return sqlRows<PostDetailRow>(
      this.dataSource,
      `SELECT p.id AS "publicationId", p.content_item_id AS "contentItemId", p.platform, p.social_account_id AS "accountId", a.handle, ci.caption,
              p.permalink, p.posted_at AS "postedAt"
         FROM platform_publications p
         JOIN social_accounts a ON a.id = p.social_account_id
         JOIN content_items ci ON ci.id = p.content_item_id
        WHERE p.workspace_id = $1 AND p.id = ANY($2::uuid[])`,
      [workspaceId, ids],
    );
  }

  /** Every metric of these posts at one age (both sources; the caller prefers the platform's). */
  postMetrics(workspaceId: string, ids: string[], age: AgeFilter): Promise<PostMetricRow[]> {
    if (age === 'latest')
      return sqlRows<PostMetricRow>(
        this.dataSource,
        `SELECT publication_id AS "publicationId", metric, value, source, read_at AS "readAt" FROM metric_latest WHERE workspace_id = $1 AND publication_id = ANY($2::uuid[])`,
        [workspaceId, ids],
      );
    return sqlRows<PostMetricRow>(
      this.dataSource,
      `SELECT publication_id AS "publicationId", metric, value, source, read_at AS "readAt" FROM metric_snapshots
        WHERE workspace_id = $1 AND publication_id = ANY($2::uuid[]) AND age_bucket = $3 ORDER BY source = 'platform'`,
      [workspaceId, ids, age],
    );
  }

  async publication(workspaceId: string, id: string): Promise<{ id: string; platform: string; accountId: string; postedAt: Date | null } | undefined> {
    const [row] = await sqlRows<{ id: string; platform: string; accountId: string; postedAt: Date | null }>(
      this.dataSource,
      `SELECT id, platform, social_account_id AS "accountId", posted_at AS "postedAt" FROM platform_publications WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, id],
    );
    return row;
  }

  snapshots(workspaceId: string, publicationId: string): Promise<SnapshotRowView[]> {
    return sqlRows<SnapshotRowView>(
      this.dataSource,
      `SELECT age_bucket AS "ageBucket", source, metric, value, read_at AS "readAt", evidence FROM metric_snapshots
        WHERE workspace_id = $1 AND publication_id = $2 ORDER BY read_at, metric`,
      [workspaceId, publicationId],
    );
  }

  accountDaily(workspaceId: string, accountId: string, from: string, to: string): Promise<{ day: string; metric: string; value: number; readAt: Date }[]> {
    return sqlRows(
      this.dataSource,
      `SELECT to_char(bucket_date, 'YYYY-MM-DD') AS day, metric, value, read_at AS "readAt" FROM metric_snapshots
        WHERE workspace_id = $1 AND account_id = $2 AND publication_id IS NULL AND bucket_date BETWEEN $3::date AND $4::date
        ORDER BY bucket_date, metric`,
      [workspaceId, accountId, from, to],
    );
  }

  /** Every post reading in the range, for the export (capped). */
  exportSnapshots(filter: AnalyticsFilter & { range: NonNullable<AnalyticsFilter['range']> }, cap: number): Promise<Record<string, unknown>[]> {
    const params = new Params();
    const conditions = [`s.workspace_id = ${params.add(filter.workspaceId)}`, 's.publication_id IS NOT NULL'];
    const tz = params.add(filter.range.timeZone);
    conditions.push(
      `s.posted_at >= (${params.add(filter.range.from)}::date::timestamp AT TIME ZONE ${tz})`,
      `s.posted_at < ((${params.add(filter.range.to)}::date + 1)::timestamp AT TIME ZONE ${tz})`,
    );
    if (filter.age !== 'latest') conditions.push(`s.age_bucket = ${params.add(filter.age)}`);
    if (filter.platform) conditions.push(`s.platform = ${params.add(filter.platform)}`);
    if (filter.accountId) conditions.push(`s.account_id = ${params.add(filter.accountId)}`);
    return sqlRows(
      this.dataSource,
      `SELECT s.publication_id AS "publicationId", s.account_id AS "accountId", s.platform, s.posted_at AS "postedAt", s.age_bucket AS age, s.source,
              s.metric, s.value, s.read_at AS "readAt"
         FROM metric_snapshots s WHERE ${conditions.join(' AND ')}
        ORDER BY s.posted_at, s.publication_id, s.read_at, s.metric LIMIT ${params.add(cap)}`,
      params.values,
    );
  }
}
