import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap } from '../../../shared/api/errors';
import type { ContentItem } from '../../../shared/content/content-items';
import { automationKey } from './automations';

/** One of our own published Instagram posts (its media id is what commentMediaIds holds). */
export type OwnInstagramPost = components['schemas']['IgOwnPostDto'];

/** Our published Instagram posts matching `search` (all of them, newest first, when empty). */
export function ownInstagramPostsQueryOptions(workspaceId: string, search: string) {
  const query = search.trim();
  return queryOptions({
    queryKey: [...automationKey(workspaceId, 'ig_welcome_dm'), 'own-posts', query] as const,
    queryFn: async ({ signal }): Promise<OwnInstagramPost[]> =>
      unwrap(await apiClient.GET('/api/automations/instagram-posts', { params: { query: query ? { search: query, limit: 50 } : { limit: 50 } }, signal })),
    staleTime: 30_000,
  });
}

export function useOwnInstagramPosts(workspaceId: string, search: string) {
  return useQuery({ ...ownInstagramPostsQueryOptions(workspaceId, search), placeholderData: keepPreviousData });
}

/** The workspace's posts that went out (on at least one account): what a re-post rule can re-post. */
export function publishedItemsQueryOptions(workspaceId: string, search: string) {
  const q = search.trim();
  return queryOptions({
    queryKey: [...automationKey(workspaceId, 'auto_reposter'), 'sources', q] as const,
    queryFn: async ({ signal }): Promise<ContentItem[]> =>
      unwrap(
        await apiClient.GET('/api/content-items', {
          params: { query: { status: 'published,partially_published', limit: 100, ...(q ? { q } : {}) } },
          signal,
        }),
      ).items,
    staleTime: 30_000,
  });
}

export function usePublishedItems(workspaceId: string, search: string) {
  return useQuery({ ...publishedItemsQueryOptions(workspaceId, search), placeholderData: keepPreviousData });
}
