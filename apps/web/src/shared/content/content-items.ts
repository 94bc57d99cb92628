import {
  infiniteQueryOptions,
  keepPreviousData,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
} from '@tanstack/react-query';

import { PUBLICATION_ENDED_STATUSES, PUBLICATION_IN_FLIGHT_STATUSES, type QueueState } from '@mwr/domain';

import { apiClient, type components } from '../api/client';
import { unwrap, unwrapEmpty } from '../api/errors';
import { isLive } from '../live/live-status';

/**
 * Content items and their publications: shared because the queue, the calendar, the post detail
 * and the composer all read or change them. Every key sits under `['workspaces', id, 'content']`,
 * so one invalidation refreshes every view after a change.
 */
export type ContentItem = components['schemas']['ContentItemDto'];
export type ContentItemResult = components['schemas']['ContentItemResultDto'];
export type ContentStatus = ContentItem['status'];
export type Publication = components['schemas']['PublicationDto'];
export type PublicationStatus = Publication['status'];
export type PublicationDetail = components['schemas']['PublicationDetailDto'];
export type CalendarWindow = components['schemas']['CalendarDto'];
export type ResolveReviewInput = components['schemas']['ResolveReviewDto'];

export function contentKey(workspaceId: string) {
  return ['workspaces', workspaceId, 'content'] as const;
}

/** How often to poll while something is moving and the live stream is down. */
export const LIVE_POLL_MS = 2_000;
const IDLE_POLL_MS = 30_000;
/** While the live stream is open, events patch these queries: polling is only a safety net. */
export const SAFETY_POLL_MS = 30_000;
/** A scheduled post this close to its time is "about to move": poll fast so the lanes change live. */
const SOON_MS = 5 * 60_000;

/** At the platform right now (from the domain's publication machine). */
const IN_FLIGHT: ReadonlySet<PublicationStatus> = new Set(PUBLICATION_IN_FLIGHT_STATUSES);
/** Nothing more happens to it unless a person acts. */
const ENDED: ReadonlySet<PublicationStatus> = new Set(PUBLICATION_ENDED_STATUSES);

export function isInFlight(item: ContentItem, now: number = Date.now()): boolean {
  if (item.status === 'publishing') return true;
  if (item.publications.some((publication) => IN_FLIGHT.has(publication.status))) return true;
  return item.status === 'scheduled' && item.scheduledAt !== null && new Date(item.scheduledAt).getTime() - now < SOON_MS;
}

/**
 * The polling fallback of live updates. While the war-room event stream is open
 * (`shared/live`), its events patch these query keys (a new lane arrives with the scheduler's
 * `queued` event) and views only poll every 30 s as a safety net; without it, every 2 s while any
 * item is in flight or due within minutes, else every 30 s.
 */
export function liveRefetchInterval(items: readonly ContentItem[] | undefined, live: boolean = isLive()): number {
  if (live) return SAFETY_POLL_MS;
  return items?.some((item) => isInFlight(item)) ? LIVE_POLL_MS : IDLE_POLL_MS;
}

export interface ContentFilters {
  platform?: components['schemas']['PublicationDto']['platform'];
  /** Items targeting this account. */
  accountId?: string;
  /** One of the domain's QUEUE_STATES (upcoming, draft, failed, published, cancelled, all). */
  state?: QueueState;
  /** Text in the title or caption. */
  q?: string;
}

export interface QueuePage {
  items: ContentItem[];
  nextCursor: string | null;
}

const QUEUE_PAGE_SIZE = 30;

/**
 * The queue: posts in one state, by scheduled time (soonest first for what is coming, latest
 * first for the history), paged back through everything with the API's cursor.
 */
export function queueQueryOptions(workspaceId: string, filters: ContentFilters = {}) {
  return infiniteQueryOptions({
    queryKey: [...contentKey(workspaceId), 'queue', filters] as const,
    queryFn: async ({ signal, pageParam }): Promise<QueuePage> =>
      unwrap(
        await apiClient.GET('/api/calendar/queue', {
          params: {
            query: {
              limit: QUEUE_PAGE_SIZE,
              ...(filters.state ? { state: filters.state } : {}),
              ...(filters.platform ? { platform: filters.platform } : {}),
              ...(filters.accountId ? { accountId: filters.accountId } : {}),
              ...(filters.q ? { q: filters.q } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
          signal,
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
    refetchInterval: (query) => liveRefetchInterval(query.state.data?.pages.flatMap((page) => page.items)),
  });
}

/** Queue data of one page holding `items` (tests, and seeding a cache). */
export function queuePagesOf(items: ContentItem[]): InfiniteData<QueuePage, string | null> {
  return { pages: [{ items, nextCursor: null }], pageParams: [null] };
}

export function useQueue(workspaceId: string, filters: ContentFilters = {}) {
  return useInfiniteQuery(queueQueryOptions(workspaceId, filters));
}

export function contentItemQueryOptions(workspaceId: string, id: string) {
  return queryOptions({
    queryKey: [...contentKey(workspaceId), 'item', id] as const,
    queryFn: async ({ signal }): Promise<ContentItem> => unwrap(await apiClient.GET('/api/content-items/{id}', { params: { path: { id } }, signal })),
    refetchInterval: (query) => liveRefetchInterval(query.state.data ? [query.state.data] : undefined),
  });
}

export function useContentItem(workspaceId: string, id: string) {
  return useQuery(contentItemQueryOptions(workspaceId, id));
}

export function calendarQueryOptions(workspaceId: string, fromDate: string, toDate: string) {
  return queryOptions({
    queryKey: [...contentKey(workspaceId), 'calendar', fromDate, toDate] as const,
    queryFn: async ({ signal }): Promise<CalendarWindow> => unwrap(await apiClient.GET('/api/calendar', { params: { query: { fromDate, toDate } }, signal })),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => liveRefetchInterval(query.state.data?.items),
  });
}

export function useCalendar(workspaceId: string, fromDate: string, toDate: string) {
  return useQuery(calendarQueryOptions(workspaceId, fromDate, toDate));
}

/** One publication with its job and the full timeline of its job events. */
export function publicationQueryOptions(workspaceId: string, id: string) {
  return queryOptions({
    queryKey: [...contentKey(workspaceId), 'publication', id] as const,
    queryFn: async ({ signal }): Promise<PublicationDetail> => unwrap(await apiClient.GET('/api/publications/{id}', { params: { path: { id } }, signal })),
    refetchInterval: (query) => {
      if (isLive()) return SAFETY_POLL_MS;
      const status = query.state.data?.status;
      // Ended and not waiting for a person's verdict: only a slow safety poll.
      return status !== undefined && ENDED.has(status) && !query.state.data?.needsReview ? IDLE_POLL_MS : LIVE_POLL_MS;
    },
  });
}

export function usePublication(workspaceId: string, id: string, enabled = true) {
  return useQuery({ ...publicationQueryOptions(workspaceId, id), enabled });
}

function usePublicationAction<TVariables>(workspaceId: string, run: (variables: TVariables) => Promise<void>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSettled: () => queryClient.invalidateQueries({ queryKey: contentKey(workspaceId) }),
  });
}

/** Tries a failed publication again (a new attempt of its job). */
export function useRetryPublication(workspaceId: string) {
  return usePublicationAction(workspaceId, async (id: string) =>
    unwrapEmpty(await apiClient.POST('/api/publications/{id}/retry', { params: { path: { id } } })),
  );
}

export function useCancelPublication(workspaceId: string) {
  return usePublicationAction(workspaceId, async (id: string) =>
    unwrapEmpty(await apiClient.POST('/api/publications/{id}/cancel', { params: { path: { id } } })),
  );
}

/** Says what a person found on the platform for an ambiguous outcome (needs review). */
export function useResolvePublication(workspaceId: string) {
  return usePublicationAction(workspaceId, async ({ id, body }: { id: string; body: ResolveReviewInput }) =>
    unwrapEmpty(await apiClient.POST('/api/publications/{id}/resolve', { params: { path: { id } }, body })),
  );
}
