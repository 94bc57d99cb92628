import type { AnalyticsMetric } from '../../../shared/analytics/metrics';
import type { TrendPoint } from '../api/analytics';
import { addDays, rangeLength, type DayRange } from './range';

export interface TrendSeries {
  key: string;
  label: string;
  trend: readonly TrendPoint[];
}

export interface TrendRow {
  date: string;
  /** One value per series, in the series' order; null where no post of that series went live that day. */
  values: (number | null)[];
}

/** Every day of the range with each series' value of one metric (a day without posts is null, not 0). */
export function trendRows(series: readonly TrendSeries[], metric: AnalyticsMetric, range: DayRange): TrendRow[] {
  const days = Array.from({ length: Math.max(0, rangeLength(range)) }, (_, index) => addDays(range.from, index));
  const lookup = series.map((s) => new Map(s.trend.map((point) => [point.date, point.metrics[metric]])));
  return days.map((date) => ({ date, values: lookup.map((values) => values.get(date) ?? null) }));
}
