import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap } from '../../../shared/api/errors';
import { meQueryOptions } from '../../../shared/session/me';
import { workspaceKey } from './workspace-keys';

export type UpdateWorkspaceInput = components['schemas']['UpdateWorkspaceDto'];

/** Renames the current workspace or changes its time zone (owners only). */
export function useUpdateWorkspace(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    // The screen shows this error itself (form or inline notice): no toast on top.
    meta: { toast: false },
    mutationFn: async (body: UpdateWorkspaceInput) => unwrap(await apiClient.PATCH('/api/workspaces/{id}', { params: { path: { id: workspaceId } }, body })),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: meQueryOptions().queryKey }),
        queryClient.invalidateQueries({ queryKey: workspaceKey(workspaceId) }),
      ]);
    },
  });
}
