import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap } from '../../../shared/api/errors';
import { workspaceKey } from './workspace-keys';

export type ApiKey = components['schemas']['ApiKeyDto'];
export type ApiKeyScope = ApiKey['scopes'][number];
export type CreateApiKeyInput = components['schemas']['CreateApiKeyDto'];
export type CreatedApiKey = components['schemas']['CreatedApiKeyDto'];

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

export function useRevokeApiKey(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    // The screen shows this error itself (form or inline notice): no toast on top.
    meta: { toast: false },
    mutationFn: async (id: string): Promise<ApiKey> => unwrap(await apiClient.DELETE('/api/api-keys/{id}', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: workspaceKey(workspaceId) }),
  });
}
