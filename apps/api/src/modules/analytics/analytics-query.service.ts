import { Injectable } from '@nestjs/common';

import { ANALYTICS_METRICS, findPlatformDescriptor, POST_AGE_MS, type AnalyticsMetric, type PostAgeBucket } from '@mwr/publishers';

import { accountAccessOf, workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import { AnalyticsQueryRepository, COUNT_CAP, type AnalyticsFilter, type SummaryRow } from './analytics-query.repository.js';
import { analyticsStatusOf } from './analytics-status.js';
import { AnalyticsInvalidRange, AnalyticsNotFound, AnalyticsRangeTooLong } from './analytics.errors.js';
import {
  MAX_RANGE_DAYS,
  type AccountAnalyticsDto,
  type AccountSummaryDto,
  type AgeFilter,
  type AnalyticsPostDto,
  type AnalyticsPostsPageDto,
  type AnalyticsPostsQueryDto,
  type AnalyticsRangeQueryDto,
  type AnalyticsSummaryDto,
  type AnalyticsSummaryQueryDto,
  type LateIdEvidenceDto,
  type MetricValuesDto,
  type PlatformSummaryDto,
  type PostSnapshotsDto,
  type SnapshotDto,
  type TrendPointDto,
} from './dto/analytics-query.dto.js';

const DAY_MS = 86_400_000;
/** Summed in totals; engagement rate is derived from the sums, average watch time averaged. */
const AGGREGATED: readonly AnalyticsMetric[] = ANALYTICS_METRICS.filter((m) => m !== 'engagement_rate');
const INTERACTIONS: readonly AnalyticsMetric[] = ['likes', 'comments', 'shares', 'saves'];
const EXPORT_POSTS_CAP = 50_000;
const EXPORT_SNAPSHOTS_CAP = 500_000;

type Sums = Map<string, { total: number; n: number }>;
type Range = { from: string; to: string; timeZone: string };

/** A YYYY-MM-DD that names a real day, as ms since the epoch (UTC midnight). */
function dayMs(day: string, field: string): number {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== day) throw new AnalyticsInvalidRange(`${field} is not a real day: ${day}`);
  return ms;
}

/** Today in a time zone, as YYYY-MM-DD. */
function today(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

function emptyMetrics(): MetricValuesDto {
  return Object.fromEntries(ANALYTICS_METRICS.map((m) => [m, null])) as unknown as MetricValuesDto;
}

/** One post's metrics in our vocabulary; engagement rate derived when it was not read. */
function metricsOf(values: Record<string, number>): MetricValuesDto {
  const out = emptyMetrics();
  for (const metric of ANALYTICS_METRICS) if (typeof values[metric] === 'number') out[metric] = values[metric];
  if (out.engagement_rate === null) out.engagement_rate = engagementOf(out);
  return out;
}

function engagementOf(m: MetricValuesDto): number | null {
  const known = INTERACTIONS.map((k) => m[k]).filter((v): v is number => v !== null);
  return m.views && known.length > 0 ? Math.round((known.reduce((a, b) => a + b, 0) / m.views) * 1_000_000) / 1_000_000 : null;
}

/** Totals from per-metric sums: null where no post reported the metric (never 0 for "unknown"). */
function totalsOf(sums: Sums): MetricValuesDto {
  const out = emptyMetrics();
  for (const metric of AGGREGATED) {
    const s = sums.get(metric);
    if (!s || s.n === 0) continue;
    out[metric] = metric === 'avg_watch_time' ? Math.round(s.total / s.n) : s.total;
  }
  out.engagement_rate = engagementOf(out);
  return out;
}

function add(sums: Sums, metric: string, total: number, n: number): void {
  const s = sums.get(metric) ?? { total: 0, n: 0 };
  s.total += total;
  s.n += n;
  sums.set(metric, s);
}

/** Sums per metric and the post count (the most readings of any one metric). */
class Bucket {
  readonly sums: Sums = new Map();
  private readonly counts = new Map<string, number>();

  add(metric: string, total: number, n: number): void {
    add(this.sums, metric, total, n);
    this.counts.set(metric, (this.counts.get(metric) ?? 0) + n);
  }

  merge(other: Bucket): void {
    for (const [metric, s] of other.sums) this.add(metric, s.total, s.n);
  }

  postCount(): number {
    return Math.max(0, ...this.counts.values());
  }
}

/** The summary rows, split: per account (totals) and per platform and day (trend). */
function splitSummary(rows: SummaryRow[]): { accounts: Map<string, Bucket>; days: Map<string, Map<string, Bucket>> } {
  const accounts = new Map<string, Bucket>();
  const days = new Map<string, Map<string, Bucket>>();
  for (const row of rows) {
    if (row.day === null && row.accountId !== null) {
      const bucket = accounts.get(row.accountId) ?? new Bucket();
      bucket.add(row.metric, row.total, row.n);
      accounts.set(row.accountId, bucket);
    } else if (row.day !== null) {
      const platform = days.get(row.platform) ?? new Map<string, Bucket>();
      const bucket = platform.get(row.day) ?? new Bucket();
      bucket.add(row.metric, row.total, row.n);
      platform.set(row.day, bucket);
      days.set(row.platform, platform);
    }
  }
  return { accounts, days };
}

/** Days with posts, oldest first (days without posts are left out). */
function trendOf(days: Map<string, Bucket> | undefined): TrendPointDto[] {
  return [...(days ?? new Map<string, Bucket>()).entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, bucket]) => ({ date, posts: bucket.postCount(), metrics: totalsOf(bucket.sums) }));
}

/**
 * The analytics API (issue 21): totals and trends per account and platform, the posts table at a
 * chosen age, a post's snapshots, an account's daily figures and the exports — all over the
 * readings the ingestion wrote (plus the hand-entered ones, source `manual`). Totals never mix a
 * platform whose terms forbid it (YouTube, docs/platform-apis.md §11) with the others.
 */
@Injectable()
export class AnalyticsQueryService {
  constructor(private readonly repository: AnalyticsQueryRepository) {}

  /** The query's days: default the 30 days up to today in the workspace's time zone; at most 400 days. */
  async range(workspaceId: string, query: AnalyticsRangeQueryDto): Promise<Range> {
    const timeZone = query.timeZone ?? (await this.repository.workspaceTimeZone(workspaceId));
    const toDay = query.to ?? today(timeZone);
    const from = query.from ?? new Date(dayMs(toDay, 'to') - 29 * DAY_MS).toISOString().slice(0, 10);
    const span = Math.round((dayMs(toDay, 'to') - dayMs(from, 'from')) / DAY_MS) + 1;
    if (span < 1) throw new AnalyticsInvalidRange(`from (${from}) is after to (${toDay})`);
    if (span > MAX_RANGE_DAYS) throw new AnalyticsRangeTooLong(span, MAX_RANGE_DAYS);
    return { from, to: toDay, timeZone };
  }

  async summary(principal: Principal, query: AnalyticsSummaryQueryDto): Promise<AnalyticsSummaryDto> {
    const workspaceId = workspaceIdOf(principal);
    const range = await this.range(workspaceId, query);
    const age = query.age ?? 'latest';
    const filter = {
      workspaceId,
      age,
      range,
      ...(query.platform ? { platform: query.platform } : {}),
      ...(query.accountId ? { accountId: query.accountId } : {}),
      allowedAccountIds: accountAccessOf(principal),
    };
    const [rows, accounts] = await Promise.all([
      this.repository.summary(filter, AGGREGATED),
      this.repository.accounts(workspaceId, query.platform, query.accountId, accountAccessOf(principal)),
    ]);
    const { accounts: byAccount, days } = splitSummary(rows);
    const platformOf = new Map(accounts.map((a) => [a.id, a.platform]));
    const byPlatform = new Map<string, { bucket: Bucket; posts: number }>();
    for (const [accountId, bucket] of byAccount) {
      const platform = platformOf.get(accountId) ?? rows.find((r) => r.accountId === accountId)?.platform ?? 'unknown';
      const entry = byPlatform.get(platform) ?? { bucket: new Bucket(), posts: 0 };
      entry.bucket.merge(bucket);
      entry.posts += bucket.postCount();
      byPlatform.set(platform, entry);
    }
    const separate = (platform: string) => findPlatformDescriptor(platform)?.analytics?.separateTotals === true;
    const platformIds = [...new Set([...accounts.map((a) => a.platform), ...byPlatform.keys()])].sort();
    const platforms: PlatformSummaryDto[] = platformIds.map((platform) => {
      const entry = byPlatform.get(platform);
      return {
        platform,
        displayName: findPlatformDescriptor(platform)?.displayName ?? platform,
        posts: entry?.posts ?? 0,
        totals: totalsOf(entry?.bucket.sums ?? new Map()),
        trend: trendOf(days.get(platform)),
      };
    });
    const combined = new Bucket();
    let combinedPosts = 0;
    for (const [platform, entry] of byPlatform)
      if (!separate(platform)) {
        combined.merge(entry.bucket);
        combinedPosts += entry.posts;
      }
    const accountRows: AccountSummaryDto[] = accounts.map((a) => {
      const bucket = byAccount.get(a.id);
      return {
        accountId: a.id,
        platform: a.platform,
        handle: a.handle,
        analytics: analyticsStatusOf(a).status,
        posts: bucket?.postCount() ?? 0,
        totals: totalsOf(bucket?.sums ?? new Map()),
      };
    });
    return {
      ...range,
      age,
      combined: { platforms: platformIds.filter((p) => !separate(p)), posts: combinedPosts, totals: totalsOf(combined.sums) },
      separatePlatforms: platformIds.filter(separate),
      platforms,
      accounts: accountRows,
    };
  }

  async posts(principal: Principal, query: AnalyticsPostsQueryDto, cap?: number): Promise<AnalyticsPostsPageDto> {
    const workspaceId = workspaceIdOf(principal);
    const age = query.age ?? 'latest';
    const sort = query.sort ?? 'views';
    const order = query.order ?? 'desc';
    const limit = cap ?? query.limit ?? 50;
    const offset = cap ? 0 : (query.offset ?? 0);
    const filter: AnalyticsFilter = {
      workspaceId,
      age,
      ...(query.from || query.to ? { range: await this.range(workspaceId, query) } : {}),
      ...(query.platform ? { platform: query.platform } : {}),
      ...(query.accountId ? { accountId: query.accountId } : {}),
      allowedAccountIds: accountAccessOf(principal),
    };
    const { rows: page, total } = await this.repository.postsPage(filter, sort, order, limit, offset);
    const items: AnalyticsPostDto[] = page.map((row) => ({
      publicationId: row.publicationId,
      contentItemId: row.contentItemId,
      platform: row.platform,
      accountId: row.accountId,
      handle: row.handle,
      caption: row.caption,
      permalink: row.permalink,
      postedAt: new Date(row.postedAt).toISOString(),
      source: row.source,
      readAt: new Date(row.readAt).toISOString(),
      metrics: metricsOf(row.metrics ?? {}),
    }));
    return { age, sort, order, total: Math.min(total, COUNT_CAP), totalIsExact: total <= COUNT_CAP, limit, offset, items };
  }

  async snapshots(principal: Principal, publicationId: string): Promise<PostSnapshotsDto> {
    const workspaceId = workspaceIdOf(principal);
    const publication = await this.repository.publication(workspaceId, publicationId);
    if (!publication) throw new AnalyticsNotFound('Publication');
    const rows = await this.repository.snapshots(workspaceId, publicationId);
    const groups = new Map<string, { age: string; source: string; readAt: Date; metrics: MetricValuesDto; evidence: LateIdEvidenceDto | null }>();
    for (const row of rows) {
      const key = `${row.ageBucket}|${row.source}`;
      const group = groups.get(key) ?? { age: row.ageBucket, source: row.source, readAt: row.readAt, metrics: emptyMetrics(), evidence: null };
      if ((ANALYTICS_METRICS as readonly string[]).includes(row.metric)) group.metrics[row.metric as AnalyticsMetric] = row.value;
      if (row.evidence) group.evidence = row.evidence as unknown as LateIdEvidenceDto;
      if (new Date(row.readAt) > new Date(group.readAt)) group.readAt = row.readAt;
      groups.set(key, group);
    }
    const order = Object.keys(POST_AGE_MS);
    const postedMs = publication.postedAt ? new Date(publication.postedAt).getTime() : null;
    const snapshots: SnapshotDto[] = [...groups.values()]
      .sort((a, b) => order.indexOf(a.age) - order.indexOf(b.age) || (a.source === 'platform' ? -1 : 1))
      .map((g) => {
        if (g.metrics.engagement_rate === null) g.metrics.engagement_rate = engagementOf(g.metrics);
        const readAt = new Date(g.readAt);
        return {
          age: g.age,
          source: g.source,
          readAt: readAt.toISOString(),
          ageAtReadMs: postedMs === null ? (POST_AGE_MS[g.age as PostAgeBucket] ?? 0) : readAt.getTime() - postedMs,
          metrics: g.metrics,
          evidence: g.evidence,
        };
      });
    return {
      publicationId,
      platform: publication.platform,
      accountId: publication.accountId,
      postedAt: publication.postedAt ? new Date(publication.postedAt).toISOString() : null,
      snapshots,
    };
  }

  async account(principal: Principal, accountId: string, query: AnalyticsRangeQueryDto): Promise<AccountAnalyticsDto> {
    const workspaceId = workspaceIdOf(principal);
    const [account] = await this.repository.accounts(workspaceId, undefined, accountId);
    if (!account) throw new AnalyticsNotFound('Account');
    const range = await this.range(workspaceId, query);
    const [daily, rows] = await Promise.all([
      this.repository.accountDaily(workspaceId, accountId, range.from, range.to),
      this.repository.summary({ workspaceId, age: 'latest', range, accountId }, AGGREGATED),
    ]);
    const days = new Map<string, { date: string; followers: number | null; accountViews: number | null; readAt: string }>();
    for (const row of daily) {
      const day = days.get(row.day) ?? { date: row.day, followers: null, accountViews: null, readAt: new Date(row.readAt).toISOString() };
      if (row.metric === 'followers') day.followers = row.value;
      if (row.metric === 'account_views') day.accountViews = row.value;
      days.set(row.day, day);
    }
    const { accounts: totals, days: trend } = splitSummary(rows);
    const bucket = totals.get(accountId) ?? new Bucket();
    const { status, missingScopes } = analyticsStatusOf(account);
    return {
      accountId,
      platform: account.platform,
      handle: account.handle,
      analytics: status,
      missingScopes,
      ...range,
      daily: [...days.values()],
      posts: bucket.postCount(),
      totals: totalsOf(bucket.sums),
      trend: trendOf(trend.get(account.platform)),
    };
  }

  /** The posts table (every row, at most 50,000) or every snapshot row (at most 500,000) in the range. */
  async export(principal: Principal, query: AnalyticsPostsQueryDto & { dataset?: 'posts' | 'snapshots' }): Promise<Record<string, unknown>[]> {
    if ((query.dataset ?? 'posts') === 'posts') {
      const page = await this.posts(principal, query, EXPORT_POSTS_CAP);
      return page.items.map(({ metrics, ...post }) => ({ ...post, age: page.age, ...metrics }));
    }
    const workspaceId = workspaceIdOf(principal);
    const range = await this.range(workspaceId, query);
    const age: AgeFilter = query.age ?? 'latest';
    const rows = await this.repository.exportSnapshots(
      {
        workspaceId,
        age,
        range,
        ...(query.platform ? { platform: query.platform } : {}),
        ...(query.accountId ? { accountId: query.accountId } : {}),
        allowedAccountIds: accountAccessOf(principal),
      },
      EXPORT_SNAPSHOTS_CAP,
    );
    return rows.map((r) => ({ ...r, postedAt: new Date(r.postedAt as Date).toISOString(), readAt: new Date(r.readAt as Date).toISOString() }));
  }
}

/** RFC 4180 CSV: a header of the first row's keys; quotes where needed; a formula-looking cell is prefixed with ' (spreadsheet injection). */
export function toCsv(rows: Record<string, unknown>[], columns?: string[]): string {
  const header = columns ?? Object.keys(rows[0] ?? {});
  const cell = (value: unknown): string => {
    if (value === null || value === undefined) return '';
    let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
    if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [header.join(','), ...rows.map((row) => header.map((h) => cell(row[h])).join(','))].join('\r\n') + '\r\n';
}
