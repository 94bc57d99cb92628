import type { InfiniteData, Query, QueryClient } from '@tanstack/react-query';

import { contentKey, publicationQueryOptions, type CalendarWindow, type ContentItem, type PublicationDetail, type QueuePage } from '../content/content-items';
import { notificationsKey } from '../notifications/notifications';
import { reviewKey } from '../review/reviews';
import { warRoomKey, warRoomStateQueryOptions, type WarRoomState } from '../war-room/war-room-state';
import {
  applyHealthUpdate,
  applyQueueUpdate,
  applyStatePatch,
  changesItemStatus,
  patchCalendar,
  patchContentItem,
  patchContentItems,
  patchPublicationDetail,
  type LiveEvent,
  type QueueUpdatedEvent,
} from './live-events';

/** The content items a cached content query holds, by the kind of query (`[…contentKey, kind, …]`). */
function itemsOf(query: Query): readonly ContentItem[] {
  const kind = query.queryKey[3];
  const data = query.state.data;
  if (data === undefined) return [];
  if (kind === 'queue') return (data as InfiniteData<QueuePage>).pages.flatMap((page) => page.items);
  if (kind === 'calendar') return (data as CalendarWindow).items;
  if (kind === 'item') return [data as ContentItem];
  return [];
}

function applyQueueUpdated(queryClient: QueryClient, workspaceId: string, event: QueueUpdatedEvent): void {
  const content = contentKey(workspaceId);
  // Decided on the data before the patch: which cached items may change their own status.
  const stale = queryClient
    .getQueryCache()
    .findAll({ queryKey: content })
    .filter((query) => itemsOf(query).some((item) => changesItemStatus(item, event)));

  queryClient.setQueryData<WarRoomState>(warRoomStateQueryOptions(workspaceId).queryKey, (state) => (state ? applyQueueUpdate(state, event) : state));
  // A post no open queue list holds yet (just scheduled, e.g. from another tab or the API): the lists refetch to show it.
  const queues = queryClient.getQueryCache().findAll({ queryKey: [...content, 'queue'] });
  const unseen = queues.length > 0 && !queues.some((query) => itemsOf(query).some((item) => item.id === event.contentItemId));
  queryClient.setQueriesData<InfiniteData<QueuePage>>({ queryKey: [...content, 'queue'] }, (data) => (data ? patchQueuePages(data, event) : data));
  queryClient.setQueriesData<CalendarWindow>({ queryKey: [...content, 'calendar'] }, (window) => (window ? patchCalendar(window, event) : window));
  queryClient.setQueryData<ContentItem>([...content, 'item', event.contentItemId], (item) => (item ? patchContentItem(item, event) : item));
  const publicationKey = publicationQueryOptions(workspaceId, event.publicationId).queryKey;
  queryClient.setQueryData<PublicationDetail>(publicationKey, (detail) => (detail ? patchPublicationDetail(detail, event) : detail));

  // A durable event adds to the publication's timeline: refetch it where it is on screen.
  if (event.eventType !== null) void queryClient.invalidateQueries({ queryKey: publicationKey, exact: true });
  for (const query of stale) void queryClient.invalidateQueries({ queryKey: query.queryKey, exact: true });
  if (unseen) void queryClient.invalidateQueries({ queryKey: [...content, 'queue'] });
}

function patchQueuePages(data: InfiniteData<QueuePage>, event: QueueUpdatedEvent): InfiniteData<QueuePage> {
  let changed = false;
  const pages = data.pages.map((page) => {
    const items = patchContentItems(page.items, event);
    if (items === page.items) return page;
    changed = true;
    return { ...page, items };
  });
  return changed ? { ...data, pages } : data;
}

/**
 * Applies one live event to the TanStack Query cache of the workspace: patches what it names
 * precisely, refetches only what cannot be patched (a state patch that does not fit the
 * document, an item whose derived status may change, RESYNC).
 */
export function applyLiveEvent(queryClient: QueryClient, workspaceId: string, event: LiveEvent): void {
  const stateKey = warRoomStateQueryOptions(workspaceId).queryKey;
  switch (event.type) {
    case 'STATE_PATCH': {
      const state = queryClient.getQueryData(stateKey);
      if (!state) return;
      const next = applyStatePatch(state, event.data);
      if (next) queryClient.setQueryData(stateKey, next);
      else void queryClient.invalidateQueries({ queryKey: stateKey, exact: true });
      return;
    }
    case 'HEALTH_UPDATED':
      queryClient.setQueryData<WarRoomState>(stateKey, (state) => (state ? applyHealthUpdate(state, event.data) : state));
      return;
    case 'QUEUE_UPDATED':
      applyQueueUpdated(queryClient, workspaceId, event.data);
      return;
    case 'RESYNC':
      void queryClient.invalidateQueries({ queryKey: warRoomKey(workspaceId) });
      void queryClient.invalidateQueries({ queryKey: contentKey(workspaceId) });
      void queryClient.invalidateQueries({ queryKey: notificationsKey(workspaceId) });
      return;
    case 'NOTIFICATIONS_CHANGED':
      // Someone of the workspace was told something (ids only): the bell refetches, and so does the
      // review queue (a review request or decision is behind most notifications).
      void queryClient.invalidateQueries({ queryKey: [...notificationsKey(workspaceId), 'list'] });
      void queryClient.invalidateQueries({ queryKey: reviewKey(workspaceId) });
      return;
  }
}
