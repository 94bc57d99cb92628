import { queryOptions, useQuery } from '@tanstack/react-query';

import { apiClient } from '../../../shared/api/client';
import { ApiError } from '../../../shared/api/errors';

/** What GET /api/health/ready says: the API answered, and whether its dependencies are up. */
export interface ApiReadiness {
  /** true on 200 (database, and Redis when configured, answer); false on 503. */
  ready: boolean;
  checkedAt: number;
}

const POLL_INTERVAL_MS = 15_000;

export function apiReadinessQueryOptions() {
  return queryOptions({
    queryKey: ['system', 'readiness'] as const,
    queryFn: async ({ signal }): Promise<ApiReadiness> => {
      const { response } = await apiClient.GET('/api/health/ready', { signal });
      if (response.ok) {
        return { ready: true, checkedAt: Date.now() };
      }
      if (response.status === 503) {
        // The API is up but not ready to serve (database or Redis down).
        return { ready: false, checkedAt: Date.now() };
      }
      throw new ApiError(response.status, undefined);
    },
    // A status light must reflect "now": no retries hiding an outage, poll in the background.
    retry: false,
    staleTime: POLL_INTERVAL_MS,
    refetchInterval: POLL_INTERVAL_MS,
    refetchOnWindowFocus: true,
  });
}

export function useApiReadiness() {
  return useQuery(apiReadinessQueryOptions());
}
