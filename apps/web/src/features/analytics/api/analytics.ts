import { keepPreviousData, queryOptions, useQueries, useQuery } from '@tanstack/react-query';

import { analyticsKey } from '../../../shared/analytics/post-snapshots';
import { apiClient, type components, type paths } from '../../../shared/api/client';
import { unwrap } from '../../../shared/api/errors';
import type { DayRange } from '../lib/range';

export type AnalyticsSummary = components['schemas']['AnalyticsSummaryDto'];
export type PlatformSummary = components['schemas']['PlatformSummaryDto'];
export type AccountSummary = components['schemas']['AccountSummaryDto'];
export type AccountAnalytics = components['schemas']['AccountAnalyticsDto'];
export type TrendPoint = components['schemas']['TrendPointDto'];
export type AnalyticsPost = components['schemas']['AnalyticsPostDto'];
export type AnalyticsPostsPage = components['schemas']['AnalyticsPostsPageDto'];
export type PostsQuery = NonNullable<paths['/api/analytics/posts']['get']['parameters']['query']>;
export type SummaryQuery = NonNullable<paths['/api/analytics/summary']['get']['parameters']['query']>;
export type ExportQuery = paths['/api/analytics/export']['get']['parameters']['query'];

export const POSTS_PAGE_SIZE = 20;

/** Totals and daily trends per account and platform for the posts that went live in the range, read at one age. */
export function analyticsSummaryQueryOptions(workspaceId: string, query: SummaryQuery & DayRange) {
  return queryOptions({
    queryKey: [...analyticsKey(workspaceId), 'summary', query] as const,
    queryFn: async ({ signal }): Promise<AnalyticsSummary> => unwrap(await apiClient.GET('/api/analytics/summary', { params: { query }, signal })),
  });
}

export function useAnalyticsSummary(workspaceId: string, query: SummaryQuery & DayRange, enabled = true) {
  // A new range or age keeps the last figures on screen until the new ones arrive.
  return useQuery({ ...analyticsSummaryQueryOptions(workspaceId, query), enabled, placeholderData: keepPreviousData });
}

/** One account's daily figures, its posts' totals and daily trend (latest readings), and whether its analytics are on. */
export function accountAnalyticsQueryOptions(workspaceId: string, accountId: string, query: DayRange & { timeZone: string }) {
  return queryOptions({
    queryKey: [...analyticsKey(workspaceId), 'account', accountId, query] as const,
    queryFn: async ({ signal }): Promise<AccountAnalytics> =>
      unwrap(await apiClient.GET('/api/analytics/accounts/{id}', { params: { path: { id: accountId }, query }, signal })),
  });
}

/** Every listed account's analytics at once (the trend per account), only while `enabled`. */
export function useAccountsAnalytics(workspaceId: string, accountIds: readonly string[], query: DayRange & { timeZone: string }, enabled: boolean) {
  return useQueries({
    queries: accountIds.map((id) => ({ ...accountAnalyticsQueryOptions(workspaceId, id, query), enabled, placeholderData: keepPreviousData })),
  });
}

/** One page of the posts table, sorted by one metric at one age. */
export function analyticsPostsQueryOptions(workspaceId: string, query: PostsQuery & DayRange) {
  return queryOptions({
    queryKey: [...analyticsKey(workspaceId), 'posts', query] as const,
    queryFn: async ({ signal }): Promise<AnalyticsPostsPage> => unwrap(await apiClient.GET('/api/analytics/posts', { params: { query }, signal })),
  });
}

export function useAnalyticsPosts(workspaceId: string, query: PostsQuery & DayRange, enabled = true) {
  return useQuery({ ...analyticsPostsQueryOptions(workspaceId, query), enabled, placeholderData: keepPreviousData });
}

/**
 * The address of an export (the posts table or every reading, CSV or JSON). A plain link, not a
 * fetch: the browser downloads it with the session cookie under the API's own file name.
 */
export function exportUrl(query: ExportQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  return `/api/analytics/export?${params.toString()}`;
}
