import { queryOptions, useQuery } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap } from '../../../shared/api/errors';

export type Asset = components['schemas']['AssetDto'];
export type AssetChecks = components['schemas']['AssetChecksDto'];
export type QualityFinding = components['schemas']['QualityFindingDto'];
export type CheckedPlatform = AssetChecks['platforms'][number];

function assetsKey(workspaceId: string) {
  return ['workspaces', workspaceId, 'assets'] as const;
}

/** The workspace's videos, newest first, to pick one already uploaded. */
export function assetsQueryOptions(workspaceId: string) {
  return queryOptions({
    queryKey: [...assetsKey(workspaceId), 'list'] as const,
    queryFn: async ({ signal }): Promise<Asset[]> => unwrap(await apiClient.GET('/api/assets', { params: { query: { limit: 50 } }, signal })).items,
  });
}

export function useAssets(workspaceId: string, enabled = true) {
  return useQuery({ ...assetsQueryOptions(workspaceId), enabled });
}

/** The library's ready videos matching `q` (file name or tag), for the composer's picker. */
export function libraryPickerQueryOptions(workspaceId: string, q: string) {
  const search = q.trim();
  return queryOptions({
    queryKey: [...assetsKey(workspaceId), 'picker', search] as const,
    queryFn: async ({ signal }): Promise<Asset[]> =>
      unwrap(await apiClient.GET('/api/assets', { params: { query: { limit: 60, ...(search ? { q: search } : {}) } }, signal })).items.filter(
        (asset) => asset.status === 'ready',
      ),
  });
}

export function useLibraryPicker(workspaceId: string, q: string, enabled: boolean) {
  return useQuery({ ...libraryPickerQueryOptions(workspaceId, q), enabled, placeholderData: (previous) => previous });
}

/** One video; polled every second while the server still probes it. */
export function assetQueryOptions(workspaceId: string, id: string) {
  return queryOptions({
    queryKey: [...assetsKey(workspaceId), 'item', id] as const,
    queryFn: async ({ signal }): Promise<Asset> => unwrap(await apiClient.GET('/api/assets/{id}', { params: { path: { id } }, signal })),
    refetchInterval: (query) => (query.state.data?.status === 'ready' || query.state.data?.status === 'failed' ? false : 1_000),
  });
}

export function useAsset(workspaceId: string, id: string | null) {
  return useQuery({ ...assetQueryOptions(workspaceId, id ?? ''), enabled: id !== null });
}

/** The quality gate: what each target platform would say about this video (and each TikTok creator's limit). */
export function assetChecksQueryOptions(workspaceId: string, id: string, platforms: readonly CheckedPlatform[], accountIds: readonly string[]) {
  const platformList = [...platforms].sort().join(',');
  const accountList = [...accountIds].sort().join(',');
  return queryOptions({
    queryKey: [...assetsKey(workspaceId), 'checks', id, platformList, accountList] as const,
    queryFn: async ({ signal }): Promise<AssetChecks> =>
      unwrap(
        await apiClient.GET('/api/assets/{id}/checks', {
          params: {
            path: { id },
            query: { ...(platformList ? { platforms: platformList } : {}), ...(accountList ? { accountIds: accountList } : {}) },
          },
          signal,
        }),
      ),
  });
}

export function useAssetChecks(workspaceId: string, asset: Asset | undefined, platforms: readonly CheckedPlatform[], accountIds: readonly string[]) {
  return useQuery({
    ...assetChecksQueryOptions(workspaceId, asset?.id ?? '', platforms, accountIds),
    enabled: asset?.status === 'ready' && platforms.length > 0,
  });
}
