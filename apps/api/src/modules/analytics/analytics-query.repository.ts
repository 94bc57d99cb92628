import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { ACCOUNT_METRICS, ANALYTICS_METRICS } from '@mwr/publishers';

import { accountVisibleSql } from '../../common/auth/account-scope.js';
import { sqlRows } from '../../common/database/db.js';
import type { AgeFilter } from './dto/analytics-query.dto.js';

/** What every analytics query is narrowed by. `from`/`to` are days in `timeZone` (both included). */
export interface AnalyticsFilter {
  workspaceId: string;
  age: AgeFilter;
  range?: { from: string; to: string; timeZone: string };
  platform?: string;
  accountId?: string;
  /** A member limited to some accounts reads the posts of those only (issue 25); absent or null: every account. */
  allowedAccountIds?: readonly string[] | null;
}

/** `day` null: an account's totals; `accountId` null: a platform's day. */
export interface SummaryRow {
  accountId: string | null;
  platform: string;
  day: string | null;
  metric: string;
  total: number;
  n: number;
}

/** One row of the posts table: the sort metric's reading, the post, and every metric at that age. */
export interface PostPageRow {
  publicationId: string;
  value: number;
  source: string;
  readAt: Date;
  contentItemId: string;
  platform: string;
  accountId: string;
  handle: string;
  caption: string;
  permalink: string | null;
  postedAt: Date;
  metrics: Record<string, number> | null;
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
  capabilities: Record<string, unknown>;
}

/** Positional parameters, added as the SQL is built. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** How far the posts table counts its rows. */
export const COUNT_CAP = 10_000;

/** The metrics as metric_latest's columns (names checked against this list before they reach SQL). */
const LATEST_COLUMNS: readonly string[] = ANALYTICS_METRICS;

function column(metric: string): string {
  if (!LATEST_COLUMNS.includes(metric)) throw new Error(`not a metric: ${metric}`);
  return metric;
}

/**
 * The rows a query reads and its WHERE clause. A fixed age reads metric_snapshots (one row per
 * metric; a manual reading counts only where the platform gave none for that post, age and
 * metric); `latest` reads metric_latest (one row per post, a column per metric).
 */
/**
 * A fixed age's rows with a manual reading dropped where the platform gave one for that post, age
 * and metric, written as a union so the planner costs the check for the few manual rows only (an
 * OR with a correlated NOT EXISTS is costed for every row, which made PostgreSQL JIT-compile a 20 ms count).
 */
const DEDUPED_SNAPSHOTS = `(SELECT * FROM metric_snapshots x0 WHERE x0.source = 'platform'
  UNION ALL
  SELECT * FROM metric_snapshots x1 WHERE x1.source = 'manual'
     AND NOT EXISTS (SELECT 1 FROM metric_snapshots x WHERE x.publication_id = x1.publication_id AND x.age_bucket = x1.age_bucket AND x.metric = x1.metric AND x.source = 'platform')) s`;

function scope(
  filter: AnalyticsFilter,
  params: Params,
  metricClause: (p: Params) => string,
  shape: 'ordered' | 'aggregate' = 'ordered',
): { from: string; where: string } {
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
  if (filter.allowedAccountIds) conditions.push(`s.account_id = ANY(${params.add(filter.allowedAccountIds)}::uuid[])`);
  if (filter.age !== 'latest' && shape === 'aggregate') from = DEDUPED_SNAPSHOTS;
  // A page read in index order stops after LIMIT rows: the check runs for those only.
  else if (filter.age !== 'latest')
    conditions.push(
      `(s.source = 'platform' OR NOT EXISTS (SELECT 1 FROM metric_snapshots x WHERE x.publication_id = s.publication_id AND x.age_bucket = s.age_bucket AND x.metric = s.metric AND x.source = 'platform'))`,
    );
  return { from, where: conditions.join(' AND ') };
}

/**
 * The summary's one statement: per platform and day (in the time zone), and per account, the sums
 * of each metric (grouping sets: two small result sets, not one row per account and day). At a
 * fixed age, one row per metric (`metric`, `total`, `n`); latest, one row per group with
 * `n` (posts) and a `<metric>` sum column each. Exported for the benchmark's baseline.
 */
export function summarySql(
  filter: AnalyticsFilter & { range: NonNullable<AnalyticsFilter['range']> },
  metrics: readonly string[],
): { sql: string; params: unknown[] } {
  const params = new Params();
  const latest = filter.age === 'latest';
  const { from, where } = scope(filter, params, (p) => (latest ? 'TRUE' : `s.metric = ANY(${p.add(metrics)}::text[])`), 'aggregate');
  const tz = params.add(filter.range.timeZone);
  const day = `(s.posted_at AT TIME ZONE ${tz})::date::text AS day`;
  if (latest) {
    const cols = metrics.map(column);
    return {
      // sum() is null when no post reported the metric; the average watch time needs its own count.
      sql: `SELECT r.account_id AS "accountId", r.platform, r.day, count(*)::int AS n, ${cols
        .map((c) => (c === 'avg_watch_time' ? `sum(r.${c})::float8 AS ${c}, count(r.${c})::int AS ${c}_n` : `sum(r.${c})::float8 AS ${c}`))
        .join(', ')}
              FROM (SELECT s.account_id, s.platform, ${day}, ${cols.map((c) => `s.${c}`).join(', ')} FROM ${from} WHERE ${where}) r
             GROUP BY GROUPING SETS ((r.platform, r.day), (r.account_id, r.platform))`,
      params: params.values,
    };
  }
  return {
    sql: `SELECT r.account_id AS "accountId", r.platform, r.day, r.metric, sum(r.value)::float8 AS total, count(*)::int AS n
            FROM (SELECT s.account_id, s.platform, ${day}, s.metric, s.value FROM ${from} WHERE ${where}) r
           GROUP BY GROUPING SETS ((r.platform, r.day, r.metric), (r.account_id, r.platform, r.metric))`,
    params: params.values,
  };
}

/**
 * The posts table's statements: a page of posts ordered by one metric at one age (LIMIT/OFFSET)
 * with the post and all its metrics at that age, and how many posts have that metric. Exported
 * for the benchmark's baseline.
 */
export function postsPageSql(
  filter: AnalyticsFilter,
  sort: string,
  order: 'asc' | 'desc',
  limit: number,
  offset: number,
): { sql: string; params: unknown[]; countSql: string; countParams: unknown[] } {
  const params = new Params();
  const latest = filter.age === 'latest';
  const metricClause = (p: Params) => (latest ? `s.${column(sort)} IS NOT NULL` : `s.metric = ${p.add(sort)}`);
  const counted = new Params();
  const count = scope(filter, counted, metricClause, 'aggregate');
  const { from, where } = scope(filter, params, metricClause);
  const direction = order === 'asc' ? 'ASC' : 'DESC';
  const value = latest ? `s.${column(sort)}` : 's.value';
  const metrics = latest
    ? `json_build_object(${LATEST_COLUMNS.map((c) => `'${c}', page.${c}`).join(', ')})`
    : // Platform readings last, so they win over a manual one of the same metric.
      `(SELECT json_object_agg(x.metric, x.value ORDER BY x.source = 'platform') FROM metric_snapshots x
         WHERE x.publication_id = page.publication_id AND x.age_bucket = ${params.add(filter.age)})`;
  return {
    sql: `WITH page AS (
            SELECT s.publication_id, ${value} AS value, s.source, s.read_at${latest ? `, ${LATEST_COLUMNS.map((c) => `s.${c}`).join(', ')}` : ''}
              FROM ${from} WHERE ${where}
             ORDER BY ${value} ${direction}, s.publication_id ${direction}
             LIMIT ${params.add(limit)} OFFSET ${params.add(offset)})
          SELECT page.publication_id AS "publicationId", page.value, page.source, page.read_at AS "readAt", p.content_item_id AS "contentItemId",
                 p.platform, p.social_account_id AS "accountId", a.handle, ci.caption, p.permalink, p.posted_at AS "postedAt", ${metrics} AS metrics
            FROM page
            JOIN platform_publications p ON p.id = page.publication_id
            JOIN social_accounts a ON a.id = p.social_account_id
            JOIN content_items ci ON ci.id = p.content_item_id
           ORDER BY page.value ${direction}, page.publication_id ${direction}`,
    params: params.values,
    // Counted up to COUNT_CAP + 1: past that the table says "more than 10,000" (an exact count would read every entry).
    countSql: `SELECT count(*)::int AS total FROM (SELECT 1 FROM ${count.from} WHERE ${count.where} LIMIT ${COUNT_CAP + 1}) c`,
    countParams: counted.values,
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

  accounts(workspaceId: string, platform?: string, accountId?: string, allowedAccountIds: readonly string[] | null = null): Promise<AnalyticsAccountRow[]> {
    return sqlRows<AnalyticsAccountRow>(
      this.dataSource,
      `SELECT id, platform, handle, status, scopes, capabilities FROM social_accounts
        WHERE workspace_id = $1 AND ($2::text IS NULL OR platform = $2) AND ($3::uuid IS NULL OR id = $3) AND ${accountVisibleSql('id', '$4')}
        ORDER BY platform, handle, id`,
      [workspaceId, platform ?? null, accountId ?? null, allowedAccountIds],
    );
  }

  /** The summary's sums, one row per group and metric whatever the table read. */
  async summary(filter: AnalyticsFilter & { range: NonNullable<AnalyticsFilter['range']> }, metrics: readonly string[]): Promise<SummaryRow[]> {
    const { sql, params } = summarySql(filter, metrics);
    if (filter.age !== 'latest') return sqlRows<SummaryRow>(this.dataSource, sql, params);
    const rows = await sqlRows<Record<string, unknown>>(this.dataSource, sql, params);
    return rows.flatMap((row) =>
      metrics.flatMap((metric) => {
        if (row[metric] === null || row[metric] === undefined) return [];
        const n = Number(row[`${metric}_n`] ?? row.n ?? 0);
        return [
          {
            accountId: row.accountId as string | null,
            platform: row.platform as string,
            day: row.day as string | null,
            metric,
            total: Number(row[metric]),
            n,
          },
        ];
      }),
    );
  }

  async postsPage(
    filter: AnalyticsFilter,
    sort: string,
    order: 'asc' | 'desc',
    limit: number,
    offset: number,
  ): Promise<{ rows: PostPageRow[]; total: number }> {
    const { sql, params, countSql, countParams } = postsPageSql(filter, sort, order, limit, offset);
    const [rows, count] = await Promise.all([
      sqlRows<PostPageRow>(this.dataSource, sql, params),
      sqlRows<{ total: number }>(this.dataSource, countSql, countParams),
    ]);
    return { rows, total: count[0]?.total ?? 0 };
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
          AND metric = ANY($5::text[])
        ORDER BY bucket_date, metric`,
      // Only the daily figures: the online-followers hours (the best-times seed) are not a day's figure.
      [workspaceId, accountId, from, to, ACCOUNT_METRICS],
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
    if (filter.allowedAccountIds) conditions.push(`s.account_id = ANY(${params.add(filter.allowedAccountIds)}::uuid[])`);
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
