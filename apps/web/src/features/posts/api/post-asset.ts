import { queryOptions, useQuery } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap } from '../../../shared/api/errors';

export type PostAsset = components['schemas']['AssetDto'];

/** The post's video and its probe (same cache entry as the composer's view of an asset). */
export function postAssetQueryOptions(workspaceId: string, id: string) {
  return queryOptions({
    queryKey: ['workspaces', workspaceId, 'assets', 'item', id] as const,
    queryFn: async ({ signal }): Promise<PostAsset> => unwrap(await apiClient.GET('/api/assets/{id}', { params: { path: { id } }, signal })),
  });
}

export function usePostAsset(workspaceId: string, id: string | null) {
  return useQuery({ ...postAssetQueryOptions(workspaceId, id ?? ''), enabled: id !== null });
}
