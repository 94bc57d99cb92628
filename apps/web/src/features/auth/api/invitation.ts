import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap } from '../../../shared/api/errors';

export type InvitationPreview = components['schemas']['InvitationPreviewDto'];
export type AcceptInvitationInput = components['schemas']['AcceptInvitationDto'];

/** What an invitation link offers, before accepting it (public). */
export function invitationPreviewQueryOptions(token: string) {
  return queryOptions({
    queryKey: ['auth', 'invitation', token] as const,
    queryFn: async ({ signal }): Promise<InvitationPreview> =>
      unwrap(await apiClient.GET('/api/auth/invitations/{token}', { params: { path: { token } }, signal })),
  });
}

export function useInvitationPreview(token: string) {
  return useQuery(invitationPreviewQueryOptions(token));
}

/** Accepts (creating the account if needed) and signs in to the invitation's workspace. */
export function useAcceptInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    // The screen shows this error itself (form or inline notice): no toast on top.
    meta: { toast: false },
    mutationFn: async (body: AcceptInvitationInput) => unwrap(await apiClient.POST('/api/auth/invitations/accept', { body })),
    onSuccess: () => {
      queryClient.removeQueries();
    },
  });
}
