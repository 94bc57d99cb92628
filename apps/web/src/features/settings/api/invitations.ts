import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap } from '../../../shared/api/errors';
import { workspaceKey } from './workspace-keys';

export type Invitation = components['schemas']['InvitationDto'];
export type CreateInvitationInput = components['schemas']['CreateInvitationDto'];
export type CreatedInvitation = components['schemas']['CreatedInvitationDto'];

export function invitationsQueryOptions(workspaceId: string) {
  return queryOptions({
    queryKey: [...workspaceKey(workspaceId), 'invitations'] as const,
    queryFn: async ({ signal }): Promise<Invitation[]> => unwrap(await apiClient.GET('/api/invitations', { signal })),
  });
}

export function useInvitations(workspaceId: string) {
  return useQuery(invitationsQueryOptions(workspaceId));
}

/** Creates an invitation; the result carries the accept link, which the API never shows again. */
export function useCreateInvitation(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    // The screen shows this error itself (form or inline notice): no toast on top.
    meta: { toast: false },
    // The accept link lives only in this mutation's result: dropped as soon as nothing shows it.
    gcTime: 0,
    mutationFn: async (body: CreateInvitationInput): Promise<CreatedInvitation> => unwrap(await apiClient.POST('/api/invitations', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: workspaceKey(workspaceId) }),
  });
}

export function useWithdrawInvitation(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    // The screen shows this error itself (form or inline notice): no toast on top.
    meta: { toast: false },
    mutationFn: async (id: string) => unwrap(await apiClient.DELETE('/api/invitations/{id}', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: workspaceKey(workspaceId) }),
  });
}
