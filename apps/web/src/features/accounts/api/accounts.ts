import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiClient, type components } from '../../../shared/api/client';
import { unwrap, unwrapEmpty } from '../../../shared/api/errors';

export type SocialAccount = components['schemas']['SocialAccountDto'];
export type Platform = SocialAccount['platform'];
export type AccountStatus = SocialAccount['status'];
export type ConnectionTest = components['schemas']['ConnectionTestDto'];

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

/** Revokes at the platform where possible and deletes the tokens; the account stays, disabled. */
export function useDisconnectAccount(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      unwrapEmpty(await apiClient.DELETE('/api/accounts/{id}', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accountsKey(workspaceId) }),
  });
}

/** A harmless read at the platform; a dead grant flips the account to needs_reconnect, hence the refetch. */
export function useTestAccountConnection(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string): Promise<ConnectionTest> =>
      unwrap(await apiClient.POST('/api/accounts/{id}/test', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accountsKey(workspaceId) }),
  });
}
