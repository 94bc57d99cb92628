import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap } from '../../../shared/api/errors';
import { workspaceKey } from './workspace-keys';

// TODO(lead): switch to schema.gen after npm run openapi (the rate-limit fields are hand-typed until then).
/**
 * A key as the API lists it. `rateLimitPerMinute`: its own limit (null: the server default);
 * `effectiveRateLimitPerMinute`: what applies (its own, else the default) — optional here only
 * because older answers (and fixtures) lack it.
 */
export type ApiKey = components['schemas']['ApiKeyDto'] & { rateLimitPerMinute?: number | null; effectiveRateLimitPerMinute?: number };
export type ApiKeyScope = ApiKey['scopes'][number];
export type CreateApiKeyInput = components['schemas']['CreateApiKeyDto'] & { rateLimitPerMinute?: number };
export type CreatedApiKey = Omit<components['schemas']['CreatedApiKeyDto'], 'apiKey'> & { apiKey: ApiKey };
/** PATCH /api/api-keys/{id}: null goes back to the server default. */
export interface UpdateApiKeyInput {
  rateLimitPerMinute: number | null;
}

/** Every scope, in the order the form lists them. */
export const API_KEY_SCOPES: readonly ApiKeyScope[] = ['content:read', 'content:write', 'accounts:read', 'automations:write', 'admin'];

export function apiKeysQueryOptions(workspaceId: string) {
  return queryOptions({
    queryKey: [...workspaceKey(workspaceId), 'api-keys'] as const,
    queryFn: async ({ signal }): Promise<ApiKey[]> => unwrap(await apiClient.GET('/api/api-keys', { signal })),
  });
}

export function useApiKeys(workspaceId: string) {
  return useQuery(apiKeysQueryOptions(workspaceId));
}

/** Creates a key; the result carries the secret, which the API never shows again. */
export function useCreateApiKey(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    // The screen shows this error itself (form or inline notice): no toast on top.
    meta: { toast: false },
    // The secret lives only in this mutation's result: dropped as soon as nothing shows it.
    gcTime: 0,
    mutationFn: async (body: CreateApiKeyInput): Promise<CreatedApiKey> => unwrap(await apiClient.POST('/api/api-keys', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: workspaceKey(workspaceId) }),
  });
}

/** Changes a key's own rate limit (null: the server default); applies from the key's next request. */
export function useUpdateApiKey(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    // The dialog shows this error itself, by its field: no toast on top.
    meta: { toast: false },
    mutationFn: async ({ id, body }: { id: string; body: UpdateApiKeyInput }): Promise<ApiKey> => {
      // TODO(lead): switch to schema.gen after npm run openapi (the PATCH route is not in the generated paths yet).
      const patch = apiClient.PATCH as unknown as (
        path: '/api/api-keys/{id}',
        init: { params: { path: { id: string } }; body: UpdateApiKeyInput },
      ) => Promise<{ data?: ApiKey; error?: unknown; response: Response }>;
      return unwrap(await patch('/api/api-keys/{id}', { params: { path: { id } }, body }));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: workspaceKey(workspaceId) }),
  });
}

export function useRevokeApiKey(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    // The screen shows this error itself (form or inline notice): no toast on top.
    meta: { toast: false },
    mutationFn: async (id: string): Promise<ApiKey> => unwrap(await apiClient.DELETE('/api/api-keys/{id}', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: workspaceKey(workspaceId) }),
  });
}
