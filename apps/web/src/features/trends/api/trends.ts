import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { unwrapEmpty } from '../../../shared/api/errors';
import { i18n } from '../../../shared/i18n/i18n';
import { warRoomKey } from '../../../shared/war-room/war-room-state';
import { call, looseClient } from './loose-client';
import type { RadarStatus, RadarTrend } from './radar';

/**
 * The Trend Radar's entries through /api/trends: what the official sources, our own results and
 * the team say. Nothing is ever scraped.
 * TODO(lead): switch to schema.gen after npm run openapi (the entry gained the radar's fields in #33).
 */
export type TrendEntry = RadarTrend;
export type TrendStatus = RadarStatus;
export type TrendKind = 'hashtag' | 'sound' | 'format' | 'topic' | 'note';
export type WritableTrendSource = 'manual' | 'team_note' | 'tiktok_creative_center';
export type TrendPlatform = 'tiktok' | 'instagram' | 'youtube' | 'x';

export interface CreateTrendInput {
  label: string;
  kind: TrendKind;
  platform?: TrendPlatform | null;
  source?: WritableTrendSource;
  status?: TrendStatus;
  ownerId?: string | null;
  /** ISO 3166-1 alpha-2 (FR), where it was seen. */
  region?: string | null;
  /** YYYY-MM-DD: the day the source showed it (Creative Center entries). */
  sourceDate?: string | null;
  notes?: string;
  url?: string | null;
  tags?: string[];
}

export type UpdateTrendInput = Partial<Omit<CreateTrendInput, 'source' | 'notes' | 'sourceDate'>> & { notes?: string | null; expiresAt?: string | null };

export interface TrendDraft {
  contentItemId: string;
  prefill: { hashtags: string[]; audio: string | null; format: string | null };
  trend: TrendEntry;
}

export const TREND_KINDS: readonly TrendKind[] = ['hashtag', 'sound', 'format', 'topic', 'note'];
export const WRITABLE_TREND_SOURCES: readonly WritableTrendSource[] = ['manual', 'team_note', 'tiktok_creative_center'];

export function trendsKey(workspaceId: string) {
  return ['workspaces', workspaceId, 'trends'] as const;
}

/** The radar's entries, strongest first (the page ranks them by all three scores; region and language are filtered there: at most 200). */
export function trendsQueryOptions(workspaceId: string) {
  return queryOptions({
    queryKey: trendsKey(workspaceId),
    queryFn: async ({ signal }): Promise<TrendEntry[]> =>
      (await call<{ items: TrendEntry[] }>('GET', '/api/trends', { params: { query: { limit: 200, sort: 'strength' } }, signal })).items,
  });
}

export function useTrends(workspaceId: string) {
  return useQuery(trendsQueryOptions(workspaceId));
}

/** After any write: the radar (entries and everything under it: sources, watch-list…), and the state document's `trends` part. */
export function useInvalidateTrends(workspaceId: string) {
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
    mutationFn: async (body: CreateTrendInput): Promise<TrendEntry> => call<TrendEntry>('POST', '/api/trends', { body }),
    onSuccess: invalidate,
    meta: { toast: false },
  });
}

/**
 * Edit an entry (dialog), or its team fields on the card (status, owner, notes, expiry): the
 * answer replaces it in the list at once.
 */
export function useUpdateTrend(workspaceId: string, options: { inForm?: boolean } = {}) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateTrends(workspaceId);
  return useMutation({
    mutationFn: async ({ id, patch }: { id: string; patch: UpdateTrendInput }): Promise<TrendEntry> =>
      call<TrendEntry>('PATCH', '/api/trends/{id}', { params: { path: { id } }, body: patch }),
    onSuccess: (entry) => {
      queryClient.setQueryData<TrendEntry[]>(trendsKey(workspaceId), (entries) => entries?.map((e) => (e.id === entry.id ? entry : e)));
      return invalidate();
    },
    meta: options.inForm ? { toast: false } : { errorTitle: i18n.t('trendRadar.card.saveFailed') },
  });
}

/** One vote per person: on, or taken back; the answer replaces the entry at once. */
export function useVote(workspaceId: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateTrends(workspaceId);
  return useMutation({
    mutationFn: async ({ id, voted }: { id: string; voted: boolean }) =>
      call<TrendEntry>('PUT', '/api/trends/{id}/vote', { params: { path: { id } }, body: { vote: voted ? 'none' : 'up' } }),
    onSuccess: (entry) => {
      queryClient.setQueryData<TrendEntry[]>(trendsKey(workspaceId), (entries) => entries?.map((e) => (e.id === entry.id ? entry : e)));
      return invalidate();
    },
    meta: { errorTitle: i18n.t('trendRadar.card.voteFailed') },
  });
}

export function useDeleteTrend(workspaceId: string) {
  const invalidate = useInvalidateTrends(workspaceId);
  return useMutation({
    mutationFn: async (id: string) => unwrapEmpty(await looseClient.DELETE('/api/trends/{id}', { params: { path: { id } } })),
    onSuccess: invalidate,
    meta: { errorTitle: i18n.t('trends.deleteFailed') },
  });
}

/** "Use this trend": a new draft prefilled from the entry (hashtags, sound, format) and linked to it; the entry moves to planned. */
export function useCreateTrendDraft(workspaceId: string) {
  const invalidate = useInvalidateTrends(workspaceId);
  return useMutation({
    mutationFn: async (id: string): Promise<TrendDraft> => call<TrendDraft>('POST', '/api/trends/{id}/draft', { params: { path: { id } } }),
    onSuccess: invalidate,
    meta: { errorTitle: i18n.t('trends.draftFailed') },
  });
}
