import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap } from '../../../shared/api/errors';
import { workspaceKey } from './workspace-keys';

export type AuditEntry = components['schemas']['AuditEntryDto'];
export type AuditPage = components['schemas']['AuditPageDto'];

export const AUDIT_PAGE_SIZE = 25;

/** The audit log, newest first, one page per "Load more". */
export function auditLogQueryOptions(workspaceId: string) {
  return infiniteQueryOptions({
    queryKey: [...workspaceKey(workspaceId), 'audit-log'] as const,
    queryFn: async ({ pageParam, signal }): Promise<AuditPage> =>
      unwrap(
        await apiClient.GET('/api/audit-log', {
          params: { query: pageParam ? { limit: AUDIT_PAGE_SIZE, cursor: pageParam } : { limit: AUDIT_PAGE_SIZE } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });
}

export function useAuditLog(workspaceId: string) {
  return useInfiniteQuery(auditLogQueryOptions(workspaceId));
}
