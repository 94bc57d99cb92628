import type { components } from '../api/client';
import { PLATFORM_LABELS } from '../content/accounts';
import { formatNumber } from '../i18n/format';

/** One post's (or a sum's) normalised metrics: null where the platform has no such figure, never 0 for "unknown". */
export type MetricValues = components['schemas']['MetricValuesDto'];
export type AnalyticsMetric = keyof MetricValues;
export type Snapshot = components['schemas']['SnapshotDto'];
export type PostSnapshots = components['schemas']['PostSnapshotsDto'];
export type PostAge = Snapshot['age'];
export type AgeFilter = PostAge | 'latest';

/** The one vocabulary across platforms, in the order the tables show it. */
export const ANALYTICS_METRICS = [
  'views',
  'likes',
  'comments',
  'shares',
  'saves',
  'watch_time',
  'avg_watch_time',
  'reach',
  'engagement_rate',
] as const satisfies readonly AnalyticsMetric[];

/** The fixed ages a post is read at (issue 21), youngest first. */
export const POST_AGES = ['1h', '6h', '24h', '72h', '7d', '30d'] as const satisfies readonly PostAge[];
export const AGE_FILTERS = [...POST_AGES, 'latest'] as const satisfies readonly AgeFilter[];

/** The metrics a short table shows (the rest are in the full table and the exports). */
export const KEY_METRICS = ['views', 'likes', 'comments', 'shares', 'engagement_rate'] as const satisfies readonly AnalyticsMetric[];

/** 5_025_000 ms → "1:23:45"; 95_000 → "1:35". */
function formatWatchTime(ms: number): string {
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${formatNumber(hours)}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** A metric's value as the UI shows it: "—" where unknown, a percentage for engagement, a duration for watch time. */
export function formatMetric(metric: AnalyticsMetric, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (metric === 'engagement_rate') return formatNumber(value, { style: 'percent', maximumFractionDigits: 1 });
  if (metric === 'watch_time' || metric === 'avg_watch_time') return formatWatchTime(value);
  return formatNumber(value);
}

/** A platform's brand name (the analytics API gives ids as plain strings). */
export function platformName(platform: string): string {
  return (PLATFORM_LABELS as Record<string, string>)[platform] ?? platform;
}
