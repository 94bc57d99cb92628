import { QueryClient } from '@tanstack/react-query';

/** A cache for tests: no retries, nothing goes stale, so pre-seeded data is never refetched. */
export function createTestQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, staleTime: Infinity, gcTime: Infinity, refetchInterval: false },
      mutations: { retry: false },
    },
  });
}
