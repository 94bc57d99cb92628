import { QueryClient } from '@tanstack/react-query';
import { isRetryableError } from '../shared/api/errors';

const MAX_RETRIES = 2;

/** The cache that holds all server data of the SPA. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Fresh for 30 s: navigating back and forth does not refetch; live data uses SSE/polling.
        staleTime: 30_000,
        gcTime: 5 * 60_000,
        // Retry network errors and 5xx a couple of times; a 4xx will not change by retrying.
        retry: (failureCount, error) => failureCount < MAX_RETRIES && isRetryableError(error),
        refetchOnWindowFocus: true,
      },
      mutations: {
        // Never silently repeat a write.
        retry: false,
      },
    },
  });
}
