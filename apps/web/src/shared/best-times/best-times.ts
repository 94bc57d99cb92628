import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { apiClient, type components } from '../api/client';
import { unwrap, unwrapEmpty } from '../api/errors';

/**
 * Best times and queue slots (issue 24), shared by Account Health (heatmap, slot editor) and the
 * composer (the best-time hint, Add to queue): /api/analytics/best-times and /api/queue-slots.
 */
export type BestTimes = components['schemas']['BestTimesDto'];
export type BestTimeBucket = components['schemas']['BestTimeBucketDto'];
export type QueueSlot = components['schemas']['QueueSlotDto'];
export type QueueSlotList = components['schemas']['QueueSlotListDto'];
export type SlotSuggestions = components['schemas']['SlotSuggestionsDto'];
export type SlotSuggestion = components['schemas']['SlotSuggestionDto'];
export type NextSlot = components['schemas']['NextSlotDto'];
export type CreateQueueSlotInput = components['schemas']['CreateQueueSlotDto'];
export type UpdateQueueSlotInput = components['schemas']['UpdateQueueSlotDto'];

export function bestTimesKey(workspaceId: string) {
  return ['workspace', workspaceId, 'best-times'] as const;
}

export function bestTimesQueryOptions(workspaceId: string, accountId: string) {
  return queryOptions({
    queryKey: [...bestTimesKey(workspaceId), 'account', accountId] as const,
    queryFn: async ({ signal }): Promise<BestTimes> => unwrap(await apiClient.GET('/api/analytics/best-times', { params: { query: { accountId } }, signal })),
    staleTime: 5 * 60_000,
  });
}

export function useBestTimes(workspaceId: string, accountId: string | undefined) {
  return useQuery({ ...bestTimesQueryOptions(workspaceId, accountId ?? ''), enabled: Boolean(accountId) });
}

export function queueSlotsQueryOptions(workspaceId: string, accountId: string) {
  return queryOptions({
    queryKey: [...bestTimesKey(workspaceId), 'slots', accountId] as const,
    queryFn: async ({ signal }): Promise<QueueSlotList> => unwrap(await apiClient.GET('/api/queue-slots', { params: { query: { accountId } }, signal })),
  });
}

export function useQueueSlots(workspaceId: string, accountId: string) {
  return useQuery(queueSlotsQueryOptions(workspaceId, accountId));
}

export function slotSuggestionsQueryOptions(workspaceId: string, accountId: string) {
  return queryOptions({
    queryKey: [...bestTimesKey(workspaceId), 'suggestions', accountId] as const,
    queryFn: async ({ signal }): Promise<SlotSuggestions> =>
      unwrap(await apiClient.GET('/api/queue-slots/suggestions', { params: { query: { accountId, count: 7 } }, signal })),
    // Exploration draws are random: keep one set on screen instead of reshuffling on every focus.
    staleTime: Infinity,
  });
}

export function useSlotSuggestions(workspaceId: string, accountId: string) {
  return useQuery(slotSuggestionsQueryOptions(workspaceId, accountId));
}

/** After a slot changes: the account's slots (and whether a suggestion is already a slot). */
function useSlotsChanged(workspaceId: string, accountId: string) {
  const queryClient = useQueryClient();
  return (slot?: QueueSlot) => {
    if (slot)
      queryClient.setQueryData<QueueSlotList>(queueSlotsQueryOptions(workspaceId, accountId).queryKey, (list) =>
        list
          ? { ...list, items: [...list.items.filter((s) => s.id !== slot.id), slot].sort((a, b) => a.weekday - b.weekday || a.time.localeCompare(b.time)) }
          : list,
      );
    void queryClient.invalidateQueries({ queryKey: queueSlotsQueryOptions(workspaceId, accountId).queryKey });
    queryClient.setQueryData<SlotSuggestions>(slotSuggestionsQueryOptions(workspaceId, accountId).queryKey, (s) =>
      s && slot ? { ...s, items: s.items.map((i) => (i.weekday === slot.weekday && i.time === slot.time ? { ...i, alreadySlot: true } : i)) } : s,
    );
  };
}

export function useCreateQueueSlot(workspaceId: string, accountId: string) {
  const changed = useSlotsChanged(workspaceId, accountId);
  return useMutation({
    mutationFn: async (body: CreateQueueSlotInput): Promise<QueueSlot> => unwrap(await apiClient.POST('/api/queue-slots', { body })),
    onSuccess: changed,
  });
}

export function useUpdateQueueSlot(workspaceId: string, accountId: string) {
  const changed = useSlotsChanged(workspaceId, accountId);
  return useMutation({
    mutationFn: async ({ id, patch }: { id: string; patch: UpdateQueueSlotInput }): Promise<QueueSlot> =>
      unwrap(await apiClient.PATCH('/api/queue-slots/{id}', { params: { path: { id } }, body: patch })),
    onSuccess: changed,
  });
}

export function useDeleteQueueSlot(workspaceId: string, accountId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string): Promise<void> => unwrapEmpty(await apiClient.DELETE('/api/queue-slots/{id}', { params: { path: { id } } })),
    onSuccess: (_data, id) => {
      queryClient.setQueryData<QueueSlotList>(queueSlotsQueryOptions(workspaceId, accountId).queryKey, (list) =>
        list ? { ...list, items: list.items.filter((s) => s.id !== id) } : list,
      );
      void queryClient.invalidateQueries({ queryKey: [...bestTimesKey(workspaceId), 'suggestions', accountId] });
    },
  });
}

/** "Add to queue": the next slot free for every chosen account (asked at the moment, never cached). */
export function useNextQueueSlot() {
  return useMutation({
    mutationFn: async (accountIds: readonly string[]): Promise<NextSlot> =>
      unwrap(await apiClient.GET('/api/queue-slots/next', { params: { query: { accountIds: accountIds.join(',') } } })),
    meta: { toast: false },
  });
}

/** A weekday (0 = Monday) as its i18n key under bestTimes.weekdays / weekdaysShort. */
export type WeekdayKey = '0' | '1' | '2' | '3' | '4' | '5' | '6';
export const weekdayKey = (weekday: number): WeekdayKey => String(Math.min(6, Math.max(0, Math.trunc(weekday)))) as WeekdayKey;
