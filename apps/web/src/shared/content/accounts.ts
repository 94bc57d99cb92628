import { queryOptions, useQuery } from '@tanstack/react-query';

import { PLATFORM_DISPLAY_NAMES } from '@mwr/domain';

import { apiClient, type components } from '../api/client';
import { unwrap } from '../api/errors';

/**
 * The workspace's social accounts: shared because Accounts manages them, and the composer, queue
 * and calendar name and target them.
 */
export type SocialAccount = components['schemas']['SocialAccountDto'];
export type Platform = SocialAccount['platform'];
export type AccountStatus = SocialAccount['status'];

/** Platform names as the platforms write them (not translated): the domain's one list. */
export const PLATFORM_LABELS: Readonly<Record<Platform, string>> = PLATFORM_DISPLAY_NAMES;

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
