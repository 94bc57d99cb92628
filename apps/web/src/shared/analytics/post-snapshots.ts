import { queryOptions, useQuery } from '@tanstack/react-query';

import { apiClient } from '../api/client';
import { unwrap } from '../api/errors';
import type { PostSnapshots } from './metrics';

/** Every analytics query of the workspace shares this prefix. */
export function analyticsKey(workspaceId: string) {
  return ['workspaces', workspaceId, 'analytics'] as const;
}

/** A post's readings at each age (GET /api/analytics/posts/{id}/snapshots). */
export function postSnapshotsQueryOptions(workspaceId: string, publicationId: string) {
  return queryOptions({
    queryKey: [...analyticsKey(workspaceId), 'snapshots', publicationId] as const,
    queryFn: async ({ signal }): Promise<PostSnapshots> =>
      unwrap(await apiClient.GET('/api/analytics/posts/{id}/snapshots', { params: { path: { id: publicationId } }, signal })),
  });
}

export function usePostSnapshots(workspaceId: string, publicationId: string | null) {
  return useQuery({ ...postSnapshotsQueryOptions(workspaceId, publicationId ?? ''), enabled: publicationId !== null });
}
