import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { ANALYTICS_METRICS, POST_AGE_BUCKETS, type AnalyticsMetric } from '@mwr/publishers';

import { EnumField, IntField, PatternField, TimeZoneField, UuidField } from '../../../common/validation/fields.js';

/** An age bucket, or `latest`: each post's most recent reading. */
export const AGE_FILTERS = [...POST_AGE_BUCKETS, 'latest'] as const;
export type AgeFilter = (typeof AGE_FILTERS)[number];
export const SORT_ORDERS = ['desc', 'asc'] as const;
export const EXPORT_FORMATS = ['csv', 'json'] as const;
export const EXPORT_DATASETS = ['posts', 'snapshots'] as const;
export const ANALYTICS_STATUSES = ['enabled', 'reconnect_required', 'unavailable'] as const;
export type AnalyticsStatus = (typeof ANALYTICS_STATUSES)[number];
/** The longest range a query may span. */
export const MAX_RANGE_DAYS = 400;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MESSAGE = '$property must be a date such as 2026-12-06';
const METRIC_DOC = `One of ${ANALYTICS_METRICS.join(', ')}`;

/** The range every analytics query shares: days in a time zone (default the workspace's), at most 400 days. */
export class AnalyticsRangeQueryDto {
  @PatternField(DAY, DAY_MESSAGE, 10, { optional: true, description: 'First day (in timeZone) of posts that went live; default 29 days before `to`' })
  from?: string;
  @PatternField(DAY, DAY_MESSAGE, 10, { optional: true, description: 'Last day (in timeZone), included; default today' })
  to?: string;
  @TimeZoneField({ optional: true, description: "IANA time zone of the days; default the workspace's" }) timeZone?: string;
  @EnumField(['tiktok', 'instagram', 'youtube', 'x'] as const, { optional: true, description: 'Only this platform' }) platform?: string;
  @UuidField({ optional: true, description: 'Only this account' }) accountId?: string;
}

export class AnalyticsSummaryQueryDto extends AnalyticsRangeQueryDto {
  @EnumField(AGE_FILTERS, { optional: true, description: 'Read each post at this age (default latest: its most recent reading)' }) age?: AgeFilter;
}

export class AnalyticsPostsQueryDto extends AnalyticsSummaryQueryDto {
  @EnumField(ANALYTICS_METRICS, { optional: true, description: `Sort by this metric at the chosen age (default views). ${METRIC_DOC}` })
  sort?: AnalyticsMetric;
  @EnumField(SORT_ORDERS, { optional: true, description: 'default desc' }) order?: (typeof SORT_ORDERS)[number];
  @IntField(1, 200, { optional: true, description: 'Page size (default 50)' }) limit?: number;
  @IntField(0, 1_000_000, { optional: true, description: 'Rows to skip (default 0)' }) offset?: number;
}

export class AnalyticsExportQueryDto extends AnalyticsPostsQueryDto {
  @EnumField(EXPORT_FORMATS, { description: 'csv or json' }) format: (typeof EXPORT_FORMATS)[number];
  @EnumField(EXPORT_DATASETS, { optional: true, description: 'posts (the posts table, every page) or snapshots (every reading); default posts' })
  dataset?: (typeof EXPORT_DATASETS)[number];
}

/** Every normalised metric; null where the platform has no such metric or has not reported it (never 0 for "unknown"). */
export class MetricValuesDto {
  @ApiProperty({ type: Number, nullable: true }) views: number | null;
  @ApiProperty({ type: Number, nullable: true }) likes: number | null;
  @ApiProperty({ type: Number, nullable: true }) comments: number | null;
  @ApiProperty({ type: Number, nullable: true }) shares: number | null;
  @ApiProperty({ type: Number, nullable: true }) saves: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Total watch time, ms' }) watch_time: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Average watch time per view, ms' }) avg_watch_time: number | null;
  @ApiProperty({ type: Number, nullable: true }) reach: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '(likes + comments + shares + saves) / views; our formula' }) engagement_rate: number | null;
}

export class TrendPointDto {
  @ApiProperty({ example: '2026-12-06', description: 'Day (in the query time zone) the posts went live' }) date: string;
  @ApiProperty() posts: number;
  @ApiProperty({ type: MetricValuesDto }) metrics: MetricValuesDto;
}

export class PlatformSummaryDto {
  @ApiProperty() platform: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ description: 'Posts with a reading in the range' }) posts: number;
  @ApiProperty({ type: MetricValuesDto, description: 'Sums (engagement rate and average watch time over the sums)' }) totals: MetricValuesDto;
  @ApiProperty({ type: [TrendPointDto] }) trend: TrendPointDto[];
}

export class AccountSummaryDto {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() platform: string;
  @ApiProperty() handle: string;
  @ApiProperty({ enum: ANALYTICS_STATUSES, description: 'reconnect_required: connected without the analytics scope ("reconnect to enable analytics")' })
  analytics: AnalyticsStatus;
  @ApiProperty() posts: number;
  @ApiProperty({ type: MetricValuesDto, description: "Its posts' figures summed (its daily trend: GET /analytics/accounts/{id})" }) totals: MetricValuesDto;
}

export class CombinedTotalsDto {
  @ApiProperty({ type: [String], description: 'The platforms summed here' }) platforms: string[];
  @ApiProperty() posts: number;
  @ApiProperty({ type: MetricValuesDto }) totals: MetricValuesDto;
}

export class AnalyticsSummaryDto {
  @ApiProperty({ example: '2026-11-07' }) from: string;
  @ApiProperty({ example: '2026-12-06' }) to: string;
  @ApiProperty() timeZone: string;
  @ApiProperty({ enum: AGE_FILTERS }) age: AgeFilter;
  @ApiProperty({ type: CombinedTotalsDto, description: 'Totals over the platforms whose terms allow combining' }) combined: CombinedTotalsDto;
  @ApiProperty({
    type: [String],
    description: 'Platforms whose data may never be summed with others (YouTube API policy): shown beside the combined totals, never inside',
  })
  separatePlatforms: string[];
  @ApiProperty({ type: [PlatformSummaryDto] }) platforms: PlatformSummaryDto[];
  @ApiProperty({ type: [AccountSummaryDto] }) accounts: AccountSummaryDto[];
}

export class LateIdEvidenceDto {
  @ApiProperty({ enum: ['create_time_and_caption'] }) method: string;
  @ApiProperty() remoteId: string;
  @ApiProperty({ format: 'date-time' }) remoteCreateTime: string;
  @ApiProperty({ format: 'date-time' }) ourPostedAt: string;
  @ApiProperty() deltaSec: number;
  @ApiProperty({ description: '0–1 token overlap of the captions' }) captionSimilarity: number;
  @ApiProperty() windowSec: number;
  @ApiProperty() candidatesInWindow: number;
}

export class AnalyticsPostDto {
  @ApiProperty({ format: 'uuid' }) publicationId: string;
  @ApiProperty({ format: 'uuid' }) contentItemId: string;
  @ApiProperty() platform: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() handle: string;
  @ApiProperty() caption: string;
  @ApiProperty({ type: String, nullable: true }) permalink: string | null;
  @ApiProperty({ format: 'date-time' }) postedAt: string;
  @ApiProperty({ enum: ['platform', 'manual'], description: 'Where the sort metric comes from' }) source: string;
  @ApiProperty({ format: 'date-time', description: 'When the sort metric was read' }) readAt: string;
  @ApiProperty({ type: MetricValuesDto }) metrics: MetricValuesDto;
}

export class AnalyticsPostsPageDto {
  @ApiProperty({ enum: AGE_FILTERS }) age: AgeFilter;
  @ApiProperty({ enum: ANALYTICS_METRICS }) sort: AnalyticsMetric;
  @ApiProperty({ enum: SORT_ORDERS }) order: string;
  @ApiProperty({ description: 'Posts that have the sort metric at this age, counted up to 10,000' }) total: number;
  // Always sent; documented as optional so clients written before it keep compiling.
  @ApiPropertyOptional({ description: 'false: there are more than `total` (10,000) such posts (always sent)' }) totalIsExact: boolean;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  @ApiProperty({ type: [AnalyticsPostDto] }) items: AnalyticsPostDto[];
}

export class SnapshotDto {
  @ApiProperty({ enum: [...POST_AGE_BUCKETS] }) age: string;
  @ApiProperty({ enum: ['platform', 'manual'] }) source: string;
  @ApiProperty({ format: 'date-time' }) readAt: string;
  @ApiProperty({ description: 'How long after the post went live it was read (a caught-up read is later than its age)' }) ageAtReadMs: number;
  @ApiProperty({ type: MetricValuesDto }) metrics: MetricValuesDto;
  @ApiPropertyOptional({ type: LateIdEvidenceDto, nullable: true, description: 'How the post was matched when its id never reached us' })
  evidence: LateIdEvidenceDto | null;
}

export class PostSnapshotsDto {
  @ApiProperty({ format: 'uuid' }) publicationId: string;
  @ApiProperty() platform: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) postedAt: string | null;
  @ApiProperty({ type: [SnapshotDto], description: 'Ordered by age, platform readings before manual ones' }) snapshots: SnapshotDto[];
}

export class AccountDailyDto {
  @ApiProperty({ example: '2026-12-06' }) date: string;
  @ApiProperty({ type: Number, nullable: true }) followers: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Account views that day, where the platform gives them' }) accountViews: number | null;
  @ApiProperty({ format: 'date-time' }) readAt: string;
}

export class AccountAnalyticsDto {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() platform: string;
  @ApiProperty() handle: string;
  @ApiProperty({ enum: ANALYTICS_STATUSES }) analytics: AnalyticsStatus;
  @ApiProperty({ type: [String], description: 'Scopes to grant by reconnecting (empty when enabled)' }) missingScopes: string[];
  @ApiProperty({ example: '2026-11-07' }) from: string;
  @ApiProperty({ example: '2026-12-06' }) to: string;
  @ApiProperty() timeZone: string;
  @ApiProperty({ type: [AccountDailyDto] }) daily: AccountDailyDto[];
  @ApiProperty() posts: number;
  @ApiProperty({ type: MetricValuesDto, description: "Latest readings of the account's posts that went live in the range, summed" }) totals: MetricValuesDto;
  @ApiProperty({ type: [TrendPointDto] }) trend: TrendPointDto[];
}
