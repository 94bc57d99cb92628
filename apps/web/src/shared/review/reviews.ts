import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { apiClient, type components } from '../api/client';
import { unwrap } from '../api/errors';
import { contentKey } from '../content/content-items';

/** Approvals and comments (issue 25): shared by the review queue, the post detail, the composer and Settings. */
export type ReviewState = components['schemas']['ReviewStateDto'];
export type ReviewQueue = components['schemas']['ReviewQueueDto'];
export type ReviewQueueItem = components['schemas']['ReviewQueueItemDto'];
export type ReviewSettings = components['schemas']['ReviewSettingsDto'];
export type ApprovalPolicy = ReviewSettings['policy'];
export type Comment = components['schemas']['CommentDto'];

const COMMENTS_PAGE = 50;
/** Decisions announce nothing live yet (notifications come later): a slow poll keeps the count fresh. */
const QUEUE_POLL_MS = 30_000;

export function reviewKey(workspaceId: string) {
  return [...contentKey(workspaceId), 'reviews'] as const;
}

export function reviewQueueQueryOptions(workspaceId: string) {
  return queryOptions({
    queryKey: [...reviewKey(workspaceId), 'queue'] as const,
    queryFn: async ({ signal }): Promise<ReviewQueue> => unwrap(await apiClient.GET('/api/reviews', { signal })),
    refetchInterval: QUEUE_POLL_MS,
  });
}

export function useReviewQueue(workspaceId: string) {
  return useQuery(reviewQueueQueryOptions(workspaceId));
}

export function reviewStateQueryOptions(workspaceId: string, itemId: string) {
  return queryOptions({
    queryKey: [...reviewKey(workspaceId), 'item', itemId] as const,
    queryFn: async ({ signal }): Promise<ReviewState> =>
      unwrap(await apiClient.GET('/api/content-items/{id}/review', { params: { path: { id: itemId } }, signal })),
  });
}

export function useReviewState(workspaceId: string, itemId: string) {
  return useQuery(reviewStateQueryOptions(workspaceId, itemId));
}

/** Request review, approve (the hash seen), request changes (a comment): each answers the new state. */
export function useReviewDecision(workspaceId: string, itemId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (decision: { kind: 'request' } | { kind: 'approve'; hash: string } | { kind: 'changes'; comment: string }): Promise<ReviewState> => {
      const params = { path: { id: itemId } };
      if (decision.kind === 'request') return unwrap(await apiClient.POST('/api/content-items/{id}/review', { params }));
      if (decision.kind === 'approve') return unwrap(await apiClient.POST('/api/content-items/{id}/approve', { params, body: { hash: decision.hash } }));
      return unwrap(await apiClient.POST('/api/content-items/{id}/request-changes', { params, body: { comment: decision.comment } }));
    },
    onSuccess: (state) => queryClient.setQueryData(reviewStateQueryOptions(workspaceId, itemId).queryKey, state),
    onSettled: () => queryClient.invalidateQueries({ queryKey: reviewKey(workspaceId) }),
  });
}

export function commentsQueryOptions(workspaceId: string, itemId: string) {
  return infiniteQueryOptions({
    queryKey: [...reviewKey(workspaceId), 'comments', itemId] as const,
    queryFn: async ({ pageParam, signal }) =>
      unwrap(
        await apiClient.GET('/api/content-items/{id}/comments', {
          params: { path: { id: itemId }, query: { limit: COMMENTS_PAGE, ...(pageParam ? { cursor: pageParam } : {}) } },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useComments(workspaceId: string, itemId: string) {
  return useInfiniteQuery(commentsQueryOptions(workspaceId, itemId));
}

export function useAddComment(workspaceId: string, itemId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { toast: false },
    mutationFn: async (comment: { body: string; parentId?: string; mentions: string[] }) =>
      unwrap(await apiClient.POST('/api/content-items/{id}/comments', { params: { path: { id: itemId } }, body: comment })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: reviewKey(workspaceId) }),
  });
}

export function useResolveComment(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, resolved }: { id: string; resolved: boolean }) =>
      unwrap(
        resolved
          ? await apiClient.POST('/api/comments/{id}/resolve', { params: { path: { id } } })
          : await apiClient.POST('/api/comments/{id}/reopen', { params: { path: { id } } }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: reviewKey(workspaceId) }),
  });
}

export function reviewSettingsQueryOptions(workspaceId: string) {
  return queryOptions({
    queryKey: [...reviewKey(workspaceId), 'settings'] as const,
    queryFn: async ({ signal }): Promise<ReviewSettings> => unwrap(await apiClient.GET('/api/review-settings', { signal })),
  });
}

export function useReviewSettings(workspaceId: string) {
  return useQuery(reviewSettingsQueryOptions(workspaceId));
}

export function useUpdateReviewSettings(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (change: { policy?: ApprovalPolicy; allowSelfApproval?: boolean } | { approver: boolean; userId: string }): Promise<ReviewSettings> =>
      'userId' in change
        ? unwrap(
            await apiClient.PUT('/api/review-settings/approvers/{userId}', {
              params: { path: { userId: change.userId } },
              body: { approver: change.approver },
            }),
          )
        : unwrap(await apiClient.PATCH('/api/review-settings', { body: change })),
    onSuccess: (settings) => queryClient.setQueryData(reviewSettingsQueryOptions(workspaceId).queryKey, settings),
    onSettled: () => queryClient.invalidateQueries({ queryKey: reviewKey(workspaceId) }),
  });
}

/**
 * @mentions: each `@name` in the text that names a member (longest name first, case-insensitive)
 * becomes that member's user id; the API stores the ids, never the names.
 */
export function resolveMentions(body: string, members: readonly { userId: string; name: string }[]): string[] {
  const found = new Set<string>();
  const lower = body.toLowerCase();
  const byLength = [...members].sort((a, b) => b.name.length - a.name.length);
  for (let at = lower.indexOf('@'); at !== -1; at = lower.indexOf('@', at + 1)) {
    const rest = lower.slice(at + 1);
    const member = byLength.find((m) => m.name && rest.startsWith(m.name.toLowerCase()) && !/[\p{L}\p{N}_]/u.test(rest.charAt(m.name.length)));
    if (member) found.add(member.userId);
  }
  return [...found];
}
