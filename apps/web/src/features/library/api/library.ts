import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap, unwrapEmpty } from '../../../shared/api/errors';

export type LibraryAsset = components['schemas']['AssetDto'];
export type AssetUse = components['schemas']['AssetUseDto'];
export type LibraryPage = components['schemas']['AssetPageDto'];

export const LIBRARY_PAGE_SIZE = 24;
export const MAX_TAGS = 20;
/** As the API checks it (PATCH /api/assets/{id}): 1–40 letters, digits, spaces, _, # or -. */
const TAG = /^[\p{L}\p{N}_# -]{1,40}$/u;

export interface LibraryFilters {
  /** File name or tag. */
  q: string;
  /** Exactly this tag. */
  tag: string | null;
  unusedOnly: boolean;
}

/** A tag as the API stores it: trimmed, inner spaces collapsed, lowercase. */
export function normaliseTag(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function isValidTag(value: string): boolean {
  return TAG.test(normaliseTag(value));
}

/** Every asset query of the workspace (the composer's lists share this prefix, so they refresh too). */
export function assetsKey(workspaceId: string) {
  return ['workspaces', workspaceId, 'assets'] as const;
}

/** The library, newest first, one page per "Load more". */
export function libraryQueryOptions(workspaceId: string, filters: LibraryFilters) {
  const q = filters.q.trim();
  return infiniteQueryOptions({
    queryKey: [...assetsKey(workspaceId), 'library', { q, tag: filters.tag, unusedOnly: filters.unusedOnly }] as const,
    queryFn: async ({ pageParam, signal }): Promise<LibraryPage> =>
      unwrap(
        await apiClient.GET('/api/assets', {
          params: {
            query: {
              limit: LIBRARY_PAGE_SIZE,
              ...(q ? { q } : {}),
              ...(filters.tag ? { tag: filters.tag } : {}),
              ...(filters.unusedOnly ? { unused: 'true' as const } : {}),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
          signal,
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });
}

export function useLibrary(workspaceId: string, filters: LibraryFilters) {
  return useInfiniteQuery(libraryQueryOptions(workspaceId, filters));
}

/** Replace a video's tags; the screen shows a refusal next to the tags itself. */
export function useSetAssetTags(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, tags }: { id: string; tags: string[] }): Promise<LibraryAsset> =>
      unwrap(await apiClient.PATCH('/api/assets/{id}', { params: { path: { id } }, body: { tags } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: assetsKey(workspaceId) }),
    meta: { toast: false },
  });
}

/** Delete a video; a 409 ASSET_IN_USE is explained by the dialog (it names the posts). */
export function useDeleteAsset(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string): Promise<void> => unwrapEmpty(await apiClient.DELETE('/api/assets/{id}', { params: { path: { id } } })),
    onSuccess: (_done, id) => {
      // Gone at once from every cached list (another filter's list would otherwise show it until its refetch lands).
      queryClient.setQueriesData<InfiniteData<LibraryPage>>({ queryKey: [...assetsKey(workspaceId), 'library'] }, (data) =>
        data ? { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.filter((asset) => asset.id !== id) })) } : data,
      );
      return queryClient.invalidateQueries({ queryKey: assetsKey(workspaceId) });
    },
    meta: { toast: false },
  });
}
