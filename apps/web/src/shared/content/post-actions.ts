import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';

import { apiClient } from '../api/client';
import { unwrap, unwrapEmpty } from '../api/errors';
import { contentKey, type ContentItem } from './content-items';

/** What a post action needs of the item: its id, and the version the person saw (If-Match). */
export type ItemRef = Pick<ContentItem, 'id' | 'version'>;

const ifMatch = (item: ItemRef) => ({ 'If-Match': `"${item.version}"` });

/**
 * Pause, resume, cancel, duplicate and delete of one post (their undos are below). Every
 * change refreshes every view of the workspace's content (queue, calendar, post page). Errors
 * reach the person through the global mutation toast (the API's translated message).
 */
export function usePostActions(workspaceId: string) {
  const queryClient = useQueryClient();
  const onSettled = () => queryClient.invalidateQueries({ queryKey: contentKey(workspaceId) });
  const pause = useMutation({
    mutationFn: async (item: ItemRef) =>
      unwrap(await apiClient.POST('/api/content-items/{id}/pause', { params: { path: { id: item.id }, header: ifMatch(item) } })),
    onSettled,
  });
  const resume = useMutation({
    mutationFn: async (item: ItemRef) =>
      unwrap(await apiClient.POST('/api/content-items/{id}/resume', { params: { path: { id: item.id }, header: ifMatch(item) } })),
    onSettled,
  });
  const cancel = useMutation({
    mutationFn: async (item: ItemRef) =>
      unwrap(await apiClient.POST('/api/content-items/{id}/cancel', { params: { path: { id: item.id }, header: ifMatch(item) } })),
    onSettled,
  });
  const duplicate = useMutation({
    mutationFn: async (item: ItemRef) => unwrap(await apiClient.POST('/api/content-items/{id}/duplicate', { params: { path: { id: item.id } } })),
    onSettled,
  });
  const remove = useMutation({
    mutationFn: async (item: ItemRef) =>
      unwrapEmpty(await apiClient.DELETE('/api/content-items/{id}', { params: { path: { id: item.id }, header: ifMatch(item) } })),
    onSettled,
  });
  const busy = [pause, resume, cancel, duplicate, remove].some((mutation) => mutation.isPending);
  return { pause, resume, cancel, duplicate, remove, busy };
}

/**
 * The undo of a cancel or a delete, run from a toast: plain calls (not mutations of a component),
 * so they work after the view that started them is gone (a deleted post's page).
 */
export async function undoCancel(queryClient: QueryClient, workspaceId: string, cancelled: ItemRef): Promise<ContentItem> {
  try {
    return unwrap(await apiClient.POST('/api/content-items/{id}/uncancel', { params: { path: { id: cancelled.id }, header: ifMatch(cancelled) } }));
  } finally {
    await queryClient.invalidateQueries({ queryKey: contentKey(workspaceId) });
  }
}

export async function undoDelete(queryClient: QueryClient, workspaceId: string, deleted: Pick<ItemRef, 'id'>): Promise<ContentItem> {
  try {
    return unwrap(await apiClient.POST('/api/content-items/{id}/restore', { params: { path: { id: deleted.id } } }));
  } finally {
    await queryClient.invalidateQueries({ queryKey: contentKey(workspaceId) });
  }
}
