import { queryOptions, useQuery } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap } from '../../../shared/api/errors';

export type AuthStatus = components['schemas']['AuthStatusDto'];

/** Whether the installation still needs its first (owner) account. */
export function authStatusQueryOptions() {
  return queryOptions({
    queryKey: ['auth', 'status'] as const,
    queryFn: async ({ signal }): Promise<AuthStatus> => unwrap(await apiClient.GET('/api/auth/status', { signal })),
    // Flips once in the installation's life; always ask when it matters (the gate uses fetchQuery).
    staleTime: 0,
  });
}

export function useAuthStatus() {
  return useQuery(authStatusQueryOptions());
}
