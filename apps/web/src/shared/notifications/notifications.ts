import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { apiClient, type components } from '../api/client';
import { unwrap } from '../api/errors';

/** Notifications and client review links (issue 25): the bell, its settings, sharing a post. */
export type NotificationList = components['schemas']['NotificationListDto'];
export type AppNotification = components['schemas']['NotificationDto'];
export type NotificationPreferences = components['schemas']['NotificationPreferencesDto'];
export type NotificationDelivery = NotificationPreferences['events'][number]['delivery'];
export type NotificationEvent = NotificationPreferences['events'][number]['event'];
export type ReviewLink = components['schemas']['ReviewLinkDto'];
export type ClientReview = components['schemas']['ClientReviewDto'];

export function notificationsKey(workspaceId: string) {
  return ['notifications', workspaceId] as const;
}

/** The bell: refetched when the event stream says the caller has new ones (NOTIFICATIONS_CHANGED). */
export function notificationsQueryOptions(workspaceId: string) {
  return queryOptions({
    queryKey: [...notificationsKey(workspaceId), 'list'] as const,
    queryFn: async ({ signal }): Promise<NotificationList> => unwrap(await apiClient.GET('/api/notifications', { signal })),
  });
}

export function useNotifications(workspaceId: string) {
  return useQuery(notificationsQueryOptions(workspaceId));
}

export function useMarkNotificationsRead(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (ids?: string[]): Promise<NotificationList> => unwrap(await apiClient.POST('/api/notifications/read', { body: ids ? { ids } : {} })),
    onSuccess: (list) => queryClient.setQueryData(notificationsQueryOptions(workspaceId).queryKey, list),
  });
}

export function notificationPreferencesQueryOptions(workspaceId: string) {
  return queryOptions({
    queryKey: [...notificationsKey(workspaceId), 'preferences'] as const,
    queryFn: async ({ signal }): Promise<NotificationPreferences> => unwrap(await apiClient.GET('/api/notification-preferences', { signal })),
  });
}

export function useNotificationPreferences(workspaceId: string) {
  return useQuery(notificationPreferencesQueryOptions(workspaceId));
}

export function useUpdateNotificationPreference(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (change: { event: NotificationEvent; delivery: NotificationDelivery }): Promise<NotificationPreferences> =>
      unwrap(await apiClient.PUT('/api/notification-preferences', { body: { events: [change] } })),
    onSuccess: (prefs) => queryClient.setQueryData(notificationPreferencesQueryOptions(workspaceId).queryKey, prefs),
  });
}

export function reviewLinksQueryOptions(workspaceId: string, itemId: string) {
  return queryOptions({
    queryKey: [...notificationsKey(workspaceId), 'review-links', itemId] as const,
    queryFn: async ({ signal }) => unwrap(await apiClient.GET('/api/review-links', { params: { query: { contentItemId: itemId } }, signal })),
  });
}

export function useReviewLinks(workspaceId: string, itemId: string) {
  return useQuery(reviewLinksQueryOptions(workspaceId, itemId));
}

export function useShareForReview(workspaceId: string, itemId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (change: { revoke: string } | { create: true }): Promise<ReviewLink> =>
      'revoke' in change
        ? unwrap(await apiClient.POST('/api/review-links/{id}/revoke', { params: { path: { id: change.revoke } } }))
        : unwrap(await apiClient.POST('/api/review-links', { body: { contentItemIds: [itemId] } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: reviewLinksQueryOptions(workspaceId, itemId).queryKey }),
  });
}

/** The client's page: no session, the token is the only authorisation. */
export function clientReviewQueryOptions(token: string) {
  return queryOptions({
    queryKey: ['client-review', token] as const,
    queryFn: async ({ signal }): Promise<ClientReview> => unwrap(await apiClient.GET('/api/public/review/{token}', { params: { path: { token } }, signal })),
    retry: false,
  });
}

export function useClientDecision(token: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (d: { itemId: string; decision: 'approved' | 'changes_requested'; comment?: string }): Promise<ClientReview> =>
      unwrap(
        await apiClient.POST('/api/public/review/{token}/items/{itemId}/decision', {
          params: { path: { token, itemId: d.itemId } },
          body: { decision: d.decision, ...(d.comment ? { comment: d.comment } : {}) },
        }),
      ),
    onSuccess: (review) => queryClient.setQueryData(clientReviewQueryOptions(token).queryKey, review),
  });
}
