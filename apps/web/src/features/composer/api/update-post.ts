import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { ApiError, unwrap } from '../../../shared/api/errors';
import { contentKey, type ContentItemResult } from '../../../shared/content/content-items';

export type UpdateContentItemInput = components['schemas']['UpdateContentItemDto'];

export interface UpdatePostVariables {
  id: string;
  /** The version the composer loaded: the API answers 412 STALE_VERSION when someone saved another since. */
  version: number;
  body: UpdateContentItemInput;
}

/** Saves an edited post with optimistic locking (If-Match: "<version>"). */
export function useUpdatePost(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    // The composer shows the API's messages under the fields they name.
    meta: { toast: false },
    mutationFn: async ({ id, version, body }: UpdatePostVariables): Promise<ContentItemResult> =>
      unwrap(await apiClient.PATCH('/api/content-items/{id}', { params: { path: { id }, header: { 'If-Match': `"${version}"` } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: contentKey(workspaceId) }),
  });
}

/** Someone else saved the item after it was loaded here. */
export function isStaleVersion(error: unknown): boolean {
  return error instanceof ApiError && error.status === 412 && error.code === 'STALE_VERSION';
}
