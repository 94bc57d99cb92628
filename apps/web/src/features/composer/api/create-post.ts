import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap } from '../../../shared/api/errors';
import { contentKey, type ContentItemResult } from '../../../shared/content/content-items';

export type CreateContentItemInput = components['schemas']['CreateContentItemDto'];
export type TargetOptions = components['schemas']['TargetOptionsDto'];

/**
 * Creates (schedules or drafts) a post. The idempotency key is per composer session: a retried
 * click after a network error never creates the post twice.
 */
export function useCreatePost(workspaceId: string, idempotencyKey: string) {
  const queryClient = useQueryClient();
  return useMutation({
    // The composer shows the API's messages under the fields they name.
    meta: { toast: false },
    mutationFn: async (body: CreateContentItemInput): Promise<ContentItemResult> =>
      unwrap(await apiClient.POST('/api/content-items', { body, params: { header: { 'Idempotency-Key': idempotencyKey } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: contentKey(workspaceId) }),
  });
}
