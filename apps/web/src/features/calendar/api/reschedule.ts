import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiClient } from '../../../shared/api/client';
import { unwrap } from '../../../shared/api/errors';
import { calendarQueryOptions, contentKey, type CalendarWindow, type ContentItem, type ContentItemResult } from '../../../shared/content/content-items';

export interface RescheduleInput {
  item: ContentItem;
  /** The new instant, with the workspace's offset. */
  scheduledAt: string;
  timeZone: string;
}

/**
 * Moves a post to another time, optimistically: the calendar shows it on its new day at once; on
 * 412 (someone changed it first) or 422 (the new time breaks a rule) it goes back, and the
 * caller shows the API's message.
 */
export function useReschedule(workspaceId: string, fromDate: string, toDate: string) {
  const queryClient = useQueryClient();
  const key = calendarQueryOptions(workspaceId, fromDate, toDate).queryKey;
  return useMutation({
    // The calendar shows the error above the grid, where the post went back to.
    meta: { toast: false },
    mutationFn: async ({ item, scheduledAt, timeZone }: RescheduleInput): Promise<ContentItemResult> =>
      unwrap(
        await apiClient.POST('/api/content-items/{id}/reschedule', {
          params: { path: { id: item.id }, header: { 'If-Match': String(item.version) } },
          body: { scheduledAt, timeZone, version: item.version },
        }),
      ),
    onMutate: async ({ item, scheduledAt }) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<CalendarWindow>(key);
      queryClient.setQueryData<CalendarWindow>(key, (window) =>
        window
          ? {
              ...window,
              items: window.items.map((candidate) =>
                candidate.id === item.id ? { ...candidate, scheduledAt: new Date(scheduledAt).toISOString(), scheduledAtLocal: scheduledAt } : candidate,
              ),
            }
          : window,
      );
      return { previous };
    },
    onError: (_error, _input, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: contentKey(workspaceId) });
    },
  });
}
