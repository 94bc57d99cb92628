import { queryOptions, useQuery } from '@tanstack/react-query';

import { apiClient, type components } from '../api/client';
import { unwrap } from '../api/errors';

/**
 * The workspace's social accounts: shared because Accounts manages them, and the composer, queue
 * and calendar name and target them.
 */
export type SocialAccount = components['schemas']['SocialAccountDto'];
export type Platform = SocialAccount['platform'];
export type AccountStatus = SocialAccount['status'];

export const PLATFORM_LABELS: Record<Platform, string> = {
  tiktok: 'TikTok',
  instagram: 'Instagram',
  youtube: 'YouTube',
  x: 'X',
};

/**
 * Workspace-scoped like every other workspace resource (`['workspaces', id, …]`): switching
 * workspaces never shows the previous workspace's accounts.
 */
function accountsKey(workspaceId: string) {
  return ['workspaces', workspaceId, 'accounts'] as const;
}

export function accountsQueryOptions(workspaceId: string) {
  return queryOptions({
    queryKey: accountsKey(workspaceId),
    queryFn: async ({ signal }): Promise<SocialAccount[]> => unwrap(await apiClient.GET('/api/accounts', { signal })),
  });
}

export function useAccounts(workspaceId: string) {
  return useQuery(accountsQueryOptions(workspaceId));
}
