/**
 * The analytics contract (issue 21): each platform reads the results of OUR OWN posts through its
 * official endpoint (docs/platform-apis.md §10) and answers in one normalised vocabulary. The
 * platform's own metric names, its batch size, its budget and the scope it needs live in its
 * registry entry (`descriptor.analytics`); the app never branches on a platform's name.
 */
import type { Clock, TokenProvider } from './contract.js';
import type { PlatformRateLimit } from './platform.js';
import type { PlatformSettingValues } from './settings.js';

/** One vocabulary across platforms. A metric the platform does not report is null, never 0. */
export const ANALYTICS_METRICS = ['views', 'likes', 'comments', 'shares', 'saves', 'watch_time', 'avg_watch_time', 'reach', 'engagement_rate'] as const;
export type AnalyticsMetric = (typeof ANALYTICS_METRICS)[number];

/** Account-level daily figures. */
export const ACCOUNT_METRICS = ['followers', 'account_views'] as const;
export type AccountMetric = (typeof ACCOUNT_METRICS)[number];

/** The ages at which a live post is read (then it stops), plus the daily account read. */
export const POST_AGE_BUCKETS = ['1h', '6h', '24h', '72h', '7d', '30d'] as const;
export type PostAgeBucket = (typeof POST_AGE_BUCKETS)[number];
export const AGE_BUCKETS = [...POST_AGE_BUCKETS, 'daily'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];
export const POST_AGE_MS: Readonly<Record<PostAgeBucket, number>> = {
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
  '72h': 72 * 3_600_000,
  '7d': 7 * 24 * 3_600_000,
  '30d': 30 * 24 * 3_600_000,
};

export type MetricReading = Record<AnalyticsMetric, number | null>;

/** interactions / views (likes + comments + shares + saves, the ones known); null when views are unknown or 0. */
export function engagementRateOf(m: Partial<MetricReading>): number | null {
  if (!m.views) return null;
  const parts = [m.likes, m.comments, m.shares, m.saves].filter((v): v is number => typeof v === 'number');
  if (parts.length === 0) return null;
  return Math.round((parts.reduce((a, b) => a + b, 0) / m.views) * 1_000_000) / 1_000_000;
}

/** Every metric null, then the known ones, then the derived engagement rate. */
export function normaliseReading(values: Partial<Record<AnalyticsMetric, number>>): MetricReading {
  const reading = Object.fromEntries(ANALYTICS_METRICS.map((m) => [m, values[m] ?? null])) as MetricReading;
  reading.engagement_rate = values.engagement_rate ?? engagementRateOf(reading);
  return reading;
}

/** One of our posts as the app knows it. `remoteId` is absent when the platform's post id never arrived. */
export interface AnalyticsPostRef {
  key: string;
  remoteId?: string;
  /** When it went live (ISO 8601) and its caption: what a late id is matched by. */
  postedAt: string;
  caption: string;
}

/** Why a post's id was matched without the platform ever giving it to us. */
export interface LateIdEvidence {
  method: 'create_time_and_caption';
  remoteId: string;
  remoteCreateTime: string;
  ourPostedAt: string;
  deltaSec: number;
  /** 0–1, token overlap between our caption and the platform's title/description. */
  captionSimilarity: number;
  windowSec: number;
  candidatesInWindow: number;
}

export interface PostReading {
  key: string;
  remoteId: string;
  metrics: MetricReading;
  /** Metrics the platform refused for this version (retired): left null, the rest still read. */
  refused: string[];
  /** Set when the id was matched by create time and caption. */
  match?: LateIdEvidence;
}

export interface PostsRead {
  readings: PostReading[];
  /** Refs the platform did not return (deleted, private, not matched): read again later. */
  missing: string[];
  /** Refs not asked yet when a 429/quota answer stopped the pull: their read moves, it is not dropped. */
  deferred: string[];
  /** Requests made, for the budget and the benchmark. */
  calls: number;
  /** Set when a 429/quota answer stopped the pull: the readings above are kept, the rest moves. */
  retryAfter?: AnalyticsRetryAfter;
}

export interface AccountReading {
  metrics: Partial<Record<AccountMetric, number | null>>;
  /**
   * Followers online in each hour of a day, where the platform gives it (Instagram's
   * `online_followers`: days and hours in Pacific time, §10); the best-times seed of a new account.
   */
  onlineFollowers?: { date: string; hours: (number | null)[] }[];
  calls: number;
}

export type AnalyticsErrorKind = 'auth' | 'scope' | 'failed';

/** A 429 or a quota answer: nothing is wrong, the read moves to `retryAfterMs` from now. */
export class AnalyticsRetryAfter extends Error {
  readonly code = 'analytics.retry_after';
  constructor(
    readonly retryAfterMs: number,
    readonly vendorCode: string,
  ) {
    super(`the platform asks to retry in ${Math.ceil(retryAfterMs / 1000)} s (${vendorCode})`);
    this.name = 'AnalyticsRetryAfter';
  }
}

/** Anything else that stopped a read: `auth` (token dead), `scope` (reconnect to enable analytics), `failed`. */
export class AnalyticsReadError extends Error {
  constructor(
    readonly kind: AnalyticsErrorKind,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AnalyticsReadError';
  }
}

export interface AnalyticsClient {
  /** Reads the posts in batches within the platform's limits; a late id is matched with its evidence. */
  readPosts(posts: readonly AnalyticsPostRef[], signal?: AbortSignal): Promise<PostsRead>;
  /** One daily account read: followers and account views where the platform gives them. */
  readAccount(remoteAccountId: string, grantedScopes: readonly string[], signal?: AbortSignal): Promise<AccountReading>;
}

/** What every analytics client is built with, besides where its platform is. */
export interface AnalyticsClientBase {
  tokenProvider: TokenProvider;
  requestTimeoutMs?: number;
  clock?: Clock;
}

/** What the app hands a platform's `analytics.createClient`: the token source and the platform's settings. */
export interface AnalyticsClientDeps<Settings = PlatformSettingValues> extends AnalyticsClientBase {
  settings: Settings;
  /** The account read, when known: how it was connected may pick the host (its `capabilities`). */
  account?: { capabilities: Readonly<Record<string, unknown>> };
}

/** A platform's analytics, in its registry entry. */
export interface PlatformAnalytics<Settings = PlatformSettingValues> {
  /** The scopes an account must have granted; without them: "reconnect to enable analytics". */
  requiredScopes: readonly string[];
  /** Ids per read request (TikTok video/query: 20; Instagram: one media per insights call). */
  batchSize: number;
  /** The platform's own metric names → ours (a metric not listed is null for this platform). */
  metricNames: Readonly<Record<string, AnalyticsMetric>>;
  /**
   * Never summed with other platforms' figures (YouTube API Services policy, docs/platform-apis.md
   * §11): the summary shows it beside the combined totals, never inside.
   */
  separateTotals?: boolean;
  /** The per-account read budget the ingestion spends one unit of per request. */
  budget: PlatformRateLimit;
  source: string;
  createClient(deps: AnalyticsClientDeps<Settings>): AnalyticsClient;
}

/** The normalised metrics a platform can report at all (the rest are null for it). */
export function reportedMetrics(analytics: Pick<PlatformAnalytics, 'metricNames'>): AnalyticsMetric[] {
  const reported = new Set<AnalyticsMetric>(Object.values(analytics.metricNames));
  if (reported.has('views')) reported.add('engagement_rate');
  return ANALYTICS_METRICS.filter((m) => reported.has(m));
}

/** Lower-case word tokens (letters, digits, #tags) for caption comparison. */
function tokens(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[#@]?[\p{L}\p{N}_]+/gu) ?? []);
}

/** Jaccard overlap of two captions' tokens, 0–1 (1 when both are empty). */
export function captionSimilarity(a: string, b: string): number {
  const ta = tokens(a);
  const tb = tokens(b);
  if (ta.size === 0 && tb.size === 0) return 1;
  let shared = 0;
  for (const t of ta) if (tb.has(t)) shared += 1;
  return Math.round((shared / (ta.size + tb.size - shared)) * 1000) / 1000;
}
