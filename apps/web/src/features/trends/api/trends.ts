import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap, unwrapEmpty } from '../../../shared/api/errors';
import { i18n } from '../../../shared/i18n/i18n';
import { warRoomKey } from '../../../shared/war-room/war-room-state';

/**
 * The Trend Radar board: entries the team files (manual, team notes) or our own analytics propose,
 * through /api/trends. Nothing is ever fetched from a platform.
 */
export type TrendEntry = components['schemas']['TrendEntryDto'];
export type CreateTrendInput = components['schemas']['CreateTrendDto'];
export type UpdateTrendInput = components['schemas']['UpdateTrendDto'];
export type TrendDraft = components['schemas']['TrendDraftDto'];
export type TrendStatus = NonNullable<UpdateTrendInput['status']>;
export type TrendKind = CreateTrendInput['kind'];
export type WritableTrendSource = NonNullable<CreateTrendInput['source']>;

/** The board's columns, in order. */
export const TREND_STATUSES: readonly TrendStatus[] = ['new', 'testing', 'adopted', 'dropped'];
export const TREND_KINDS: readonly TrendKind[] = ['hashtag', 'sound', 'format', 'topic', 'note'];
export const WRITABLE_TREND_SOURCES: readonly WritableTrendSource[] = ['manual', 'team_note'];

export function trendsKey(workspaceId: string) {
  return ['workspaces', workspaceId, 'trends'] as const;
}

export function trendsQueryOptions(workspaceId: string) {
  return queryOptions({
    queryKey: trendsKey(workspaceId),
    queryFn: async ({ signal }): Promise<TrendEntry[]> => unwrap(await apiClient.GET('/api/trends', { params: { query: { limit: 200 } }, signal })).items,
  });
}

export function useTrends(workspaceId: string) {
  return useQuery(trendsQueryOptions(workspaceId));
}

/** After any write: the board, and the state document (its `trends` part). */
function useInvalidateTrends(workspaceId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trendsKey(workspaceId) }),
      queryClient.invalidateQueries({ queryKey: [...warRoomKey(workspaceId), 'state'] }),
    ]);
}

/** Add an entry (the dialog shows the API's validation messages itself). */
export function useCreateTrend(workspaceId: string) {
  const invalidate = useInvalidateTrends(workspaceId);
  return useMutation({
    mutationFn: async (body: CreateTrendInput): Promise<TrendEntry> => unwrap(await apiClient.POST('/api/trends', { body })),
    onSuccess: invalidate,
    meta: { toast: false },
  });
}

/** Edit an entry (dialog), or move it on the board (`{ status }`): the answer replaces it in the board at once. */
export function useUpdateTrend(workspaceId: string, options: { inForm?: boolean } = {}) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateTrends(workspaceId);
  return useMutation({
    mutationFn: async ({ id, patch }: { id: string; patch: UpdateTrendInput }): Promise<TrendEntry> =>
      unwrap(await apiClient.PATCH('/api/trends/{id}', { params: { path: { id } }, body: patch })),
    onSuccess: (entry) => {
      queryClient.setQueryData<TrendEntry[]>(trendsKey(workspaceId), (entries) => entries?.map((e) => (e.id === entry.id ? entry : e)));
      return invalidate();
    },
    meta: options.inForm ? { toast: false } : { errorTitle: i18n.t('trends.moveFailed') },
  });
}

export function useDeleteTrend(workspaceId: string) {
  const invalidate = useInvalidateTrends(workspaceId);
  return useMutation({
    mutationFn: async (id: string) => unwrapEmpty(await apiClient.DELETE('/api/trends/{id}', { params: { path: { id } } })),
    onSuccess: invalidate,
    meta: { errorTitle: i18n.t('trends.deleteFailed') },
  });
}

/** A new draft post seeded from the entry; the entry moves to testing and links to it. */
export function useCreateTrendDraft(workspaceId: string) {
  const invalidate = useInvalidateTrends(workspaceId);
  return useMutation({
    mutationFn: async (id: string): Promise<TrendDraft> => unwrap(await apiClient.POST('/api/trends/{id}/draft', { params: { path: { id } } })),
    onSuccess: invalidate,
    meta: { errorTitle: i18n.t('trends.draftFailed') },
  });
}
