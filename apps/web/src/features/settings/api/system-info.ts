import { queryOptions, useQuery } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap } from '../../../shared/api/errors';

export type SystemInfo = components['schemas']['SystemInfoDto'];

export function systemInfoQueryOptions() {
  return queryOptions({
    queryKey: ['system', 'info'] as const,
    queryFn: async ({ signal }): Promise<SystemInfo> => unwrap(await apiClient.GET('/api/system', { signal })),
    // Changes only when the server is redeployed.
    staleTime: 5 * 60_000,
  });
}

export function useSystemInfo() {
  return useQuery(systemInfoQueryOptions());
}
