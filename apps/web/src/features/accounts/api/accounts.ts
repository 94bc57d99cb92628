import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap, unwrapEmpty } from '../../../shared/api/errors';
import { accountsQueryOptions } from '../../../shared/content/accounts';

export { accountsQueryOptions, PLATFORM_LABELS, useAccounts, type AccountStatus, type Platform, type SocialAccount } from '../../../shared/content/accounts';
export type ConnectionTest = components['schemas']['ConnectionTestDto'];

/** Revokes at the platform where possible and deletes the tokens; the account stays, disabled. */
export function useDisconnectAccount(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    // The screen shows this error itself (form or inline notice): no toast on top.
    meta: { toast: false },
    mutationFn: async (id: string) => unwrapEmpty(await apiClient.DELETE('/api/accounts/{id}', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: accountsQueryOptions(workspaceId).queryKey }),
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
