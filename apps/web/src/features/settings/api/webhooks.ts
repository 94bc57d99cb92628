import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap, unwrapEmpty } from '../../../shared/api/errors';
import { workspaceKey } from './workspace-keys';

export type WebhookEndpoint = components['schemas']['WebhookEndpointDto'];
export type WebhookEndpointList = components['schemas']['WebhookEndpointListDto'];
export type WebhookEventType = WebhookEndpoint['eventTypes'][number];
export type WebhookDelivery = components['schemas']['WebhookDeliveryDto'];
export type WebhookDeliveryPage = components['schemas']['WebhookDeliveryPageDto'];
export type CreateWebhookEndpointInput = components['schemas']['CreateWebhookEndpointDto'];
export type UpdateWebhookEndpointInput = components['schemas']['UpdateWebhookEndpointDto'];

const webhooksKey = (workspaceId: string) => [...workspaceKey(workspaceId), 'webhooks'] as const;

export function webhookEndpointsQueryOptions(workspaceId: string) {
  return queryOptions({
    queryKey: [...webhooksKey(workspaceId), 'endpoints'] as const,
    queryFn: async ({ signal }): Promise<WebhookEndpointList> => unwrap(await apiClient.GET('/api/webhooks/endpoints', { signal })),
  });
}

export function useWebhookEndpoints(workspaceId: string) {
  return useQuery(webhookEndpointsQueryOptions(workspaceId));
}

export function webhookDeliveriesQueryOptions(workspaceId: string, endpointId: string) {
  return queryOptions({
    queryKey: [...webhooksKey(workspaceId), 'deliveries', endpointId] as const,
    queryFn: async ({ signal }): Promise<WebhookDeliveryPage> =>
      unwrap(await apiClient.GET('/api/webhooks/endpoints/{id}/deliveries', { params: { path: { id: endpointId } }, signal })),
  });
}

export function useWebhookDeliveries(workspaceId: string, endpointId: string) {
  return useQuery(webhookDeliveriesQueryOptions(workspaceId, endpointId));
}

export function useCreateWebhookEndpoint(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { toast: false },
    mutationFn: async (body: CreateWebhookEndpointInput): Promise<WebhookEndpoint> => unwrap(await apiClient.POST('/api/webhooks/endpoints', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhooksKey(workspaceId) }),
  });
}

export function useUpdateWebhookEndpoint(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { toast: false },
    mutationFn: async ({ id, ...body }: UpdateWebhookEndpointInput & { id: string }): Promise<WebhookEndpoint> =>
      unwrap(await apiClient.PATCH('/api/webhooks/endpoints/{id}', { params: { path: { id } }, body })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhooksKey(workspaceId) }),
  });
}

export function useRotateWebhookSecret(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { toast: false },
    mutationFn: async (id: string): Promise<WebhookEndpoint> =>
      unwrap(await apiClient.POST('/api/webhooks/endpoints/{id}/rotate-secret', { params: { path: { id } }, body: {} })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhooksKey(workspaceId) }),
  });
}

export function useDeleteWebhookEndpoint(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { toast: false },
    mutationFn: async (id: string): Promise<void> => {
      unwrapEmpty(await apiClient.DELETE('/api/webhooks/endpoints/{id}', { params: { path: { id } } }));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhooksKey(workspaceId) }),
  });
}

export function useResendWebhookDelivery(workspaceId: string, endpointId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { toast: false },
    mutationFn: async (deliveryId: string): Promise<WebhookDelivery> =>
      unwrap(await apiClient.POST('/api/webhooks/endpoints/{id}/deliveries/{deliveryId}/resend', { params: { path: { id: endpointId, deliveryId } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [...webhooksKey(workspaceId), 'deliveries', endpointId] }),
  });
}
