import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap, unwrapEmpty } from '../../../shared/api/errors';
import { accountsQueryOptions } from '../../../shared/content/accounts';

export { accountsQueryOptions, PLATFORM_LABELS, useAccounts, type AccountStatus, type Platform, type SocialAccount } from '../../../shared/content/accounts';
export type ConnectionTest = components['schemas']['ConnectionTestDto'];

export type DisconnectImpact = components['schemas']['DisconnectImpactDto'];
export type ScheduledPostsChoice = 'keep' | 'pause' | 'move';

/** How many scheduled posts disconnecting the account affects, and the accounts they can move to. */
export function disconnectImpactQueryOptions(workspaceId: string, accountId: string) {
  return queryOptions({
    queryKey: [...accountsQueryOptions(workspaceId).queryKey, accountId, 'impact'] as const,
    queryFn: async ({ signal }): Promise<DisconnectImpact> =>
      unwrap(await apiClient.GET('/api/accounts/{id}/impact', { params: { path: { id: accountId } }, signal })),
  });
}

export function useDisconnectImpact(workspaceId: string, accountId: string) {
  return useQuery(disconnectImpactQueryOptions(workspaceId, accountId));
}

export interface DisconnectInput {
  id: string;
  /** keep (default): they wait for a reconnection; pause; or move to `moveToAccountId`. */
  scheduledPosts?: ScheduledPostsChoice;
  moveToAccountId?: string;
}

/** Revokes at the platform where possible and deletes the tokens; the account stays, disabled. Its scheduled posts wait, pause or move. */
export function useDisconnectAccount(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    // The screen shows this error itself (form or inline notice): no toast on top.
    meta: { toast: false },
    mutationFn: async ({ id, scheduledPosts, moveToAccountId }: DisconnectInput) =>
      unwrapEmpty(
        await apiClient.DELETE('/api/accounts/{id}', {
          params: { path: { id }, ...(scheduledPosts ? { query: { scheduledPosts, ...(moveToAccountId ? { moveToAccountId } : {}) } } : {}) },
        }),
      ),
    onSettled: () =>
      // The accounts, and the posts that moved or paused.
      Promise.all([
        queryClient.invalidateQueries({ queryKey: accountsQueryOptions(workspaceId).queryKey }),
        queryClient.invalidateQueries({ queryKey: ['workspaces', workspaceId, 'content'] }),
      ]),
  });
}

/** A harmless read at the platform; a dead grant flips the account to needs_reconnect, hence the refetch. */
export function useTestAccountConnection(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    // The screen shows this error itself (form or inline notice): no toast on top.
    meta: { toast: false },
    mutationFn: async (id: string): Promise<ConnectionTest> => unwrap(await apiClient.POST('/api/accounts/{id}/test', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accountsQueryOptions(workspaceId).queryKey }),
  });
}
