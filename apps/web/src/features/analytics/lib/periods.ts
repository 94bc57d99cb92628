import { changeRatio } from '../../../shared/analytics/curve';
import type { AnalyticsMetric } from '../../../shared/analytics/metrics';
import type { AnalyticsSummary } from '../api/analytics';

export interface PeriodRow {
  /** `combined` (the platforms that may be summed) or a platform id. */
  key: string;
  /** The platforms this row covers (the combined row names them). */
  platforms: string[];
  current: number | null;
  previous: number | null;
  /** (current − previous) / previous; null when unknown or the base is 0. */
  change: number | null;
}

/**
 * "Compare two periods": both periods' posts read at the same age, per platform and for the
 * combined platforms. A platform whose terms forbid summing (YouTube) gets its own row only, never
 * a share of the combined one (docs/platform-apis.md §11); the combined row is left out when it
 * covers a single platform (it would repeat that platform's row).
 */
export function comparePeriods(current: AnalyticsSummary, previous: AnalyticsSummary, metric: AnalyticsMetric): PeriodRow[] {
  const platforms = [...new Set([...current.platforms, ...previous.platforms].map((p) => p.platform))].sort();
  const rows: PeriodRow[] = platforms.map((platform) => {
    const now = current.platforms.find((p) => p.platform === platform)?.totals[metric] ?? null;
    const before = previous.platforms.find((p) => p.platform === platform)?.totals[metric] ?? null;
    return { key: platform, platforms: [platform], current: now, previous: before, change: changeRatio(now, before) };
  });
  const combinedPlatforms = [...new Set([...current.combined.platforms, ...previous.combined.platforms])].sort();
  if (combinedPlatforms.length > 1) {
    const now = current.combined.totals[metric];
    const before = previous.combined.totals[metric];
    rows.unshift({ key: 'combined', platforms: combinedPlatforms, current: now, previous: before, change: changeRatio(now, before) });
  }
  return rows;
}
