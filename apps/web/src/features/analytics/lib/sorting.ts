import type { AnalyticsMetric, MetricValues } from '../../../shared/analytics/metrics';

export type SortOrder = 'desc' | 'asc';

export interface SortState {
  metric: AnalyticsMetric;
  order: SortOrder;
}

/** A click on a column: the sorted column flips its order, another column sorts highest first. */
export function nextSort(current: SortState, metric: AnalyticsMetric): SortState {
  if (current.metric === metric) return { metric, order: current.order === 'desc' ? 'asc' : 'desc' };
  return { metric, order: 'desc' };
}

/** The aria-sort of a column header. */
export function ariaSortOf(current: SortState, metric: AnalyticsMetric): 'ascending' | 'descending' | 'none' {
  if (current.metric !== metric) return 'none';
  return current.order === 'desc' ? 'descending' : 'ascending';
}

/**
 * Rows ordered by one metric as the API orders the posts table: by value, unknown values last
 * whatever the order (a post without the figure is not "the lowest"), ties kept in their order.
 */
export function sortByMetric<T>(rows: readonly T[], sort: SortState, metricsOf: (row: T) => MetricValues): T[] {
  const direction = sort.order === 'desc' ? -1 : 1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((x, y) => {
      const a = metricsOf(x.row)[sort.metric];
      const b = metricsOf(y.row)[sort.metric];
      if (a === null && b === null) return x.index - y.index;
      if (a === null) return 1;
      if (b === null) return -1;
      return a === b ? x.index - y.index : (a - b) * direction;
    })
    .map(({ row }) => row);
}
