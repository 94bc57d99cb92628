import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap } from '../../../shared/api/errors';
import { meQueryOptions, type Me } from '../../../shared/session/me';

export type CreateWorkspaceInput = components['schemas']['CreateWorkspaceDto'];

async function switchWorkspace(workspaceId: string): Promise<Me> {
  return unwrap(await apiClient.POST('/api/auth/switch-workspace', { body: { workspaceId } }));
}

/** Works in another workspace: everything cached belongs to the previous one, so all of it is refetched. */
export function useSwitchWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    // The screen shows this error itself (form or inline notice): no toast on top.
    meta: { toast: false },
    mutationFn: switchWorkspace,
    onSuccess: async (me) => {
      queryClient.setQueryData(meQueryOptions().queryKey, me);
      await queryClient.invalidateQueries();
    },
  });
}

/** Creates a workspace (the caller becomes its owner) and switches to it. */
export function useCreateWorkspace() {
  const queryClient = useQueryClient();
  return useMutation({
    // The screen shows this error itself (form or inline notice): no toast on top.
    meta: { toast: false },
    mutationFn: async (body: CreateWorkspaceInput) => {
      const workspace = unwrap(await apiClient.POST('/api/workspaces', { body }));
      return switchWorkspace(workspace.id);
    },
    onSuccess: async (me) => {
      queryClient.setQueryData(meQueryOptions().queryKey, me);
      await queryClient.invalidateQueries();
    },
  });
}
