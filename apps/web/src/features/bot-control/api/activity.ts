import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap } from '../../../shared/api/errors';
import type { AutomationKey } from '../../../shared/war-room/war-room-state';
import { automationKey } from './automations';

export type ActivityEntry = components['schemas']['AutomationActivityEntryDto'];
/** `all`, or one outcome such as `refused`. */
export type ActivityFilter = 'all' | 'refused';

const PAGE_SIZE = 20;
/** Engines act on webhooks and ticks, which announce nothing live: a slow poll keeps the list fresh. */
const ACTIVITY_POLL_MS = 30_000;

export function automationActivityQueryOptions(workspaceId: string, key: AutomationKey, filter: ActivityFilter) {
  return infiniteQueryOptions({
    queryKey: [...automationKey(workspaceId, key), 'activity', filter] as const,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(
        await apiClient.GET('/api/marketing-war-room/automations/{key}/activity', {
          params: {
            path: { key },
            query: { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}), ...(filter === 'all' ? {} : { outcome: filter }) },
          },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    refetchInterval: ACTIVITY_POLL_MS,
  });
}

/** What the automation did lately, newest first, page by page. */
export function useAutomationActivity(workspaceId: string, key: AutomationKey, filter: ActivityFilter) {
  return useInfiniteQuery(automationActivityQueryOptions(workspaceId, key, filter));
}
