import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap, unwrapEmpty } from '../../../shared/api/errors';
import type { Role } from '../../../shared/session/me';
import { workspaceKey } from './workspace-keys';

export type Member = components['schemas']['MemberDto'];

export function membersQueryOptions(workspaceId: string) {
  return queryOptions({
    queryKey: [...workspaceKey(workspaceId), 'members'] as const,
    queryFn: async ({ signal }): Promise<Member[]> => unwrap(await apiClient.GET('/api/members', { signal })),
  });
}

export function useMembers(workspaceId: string) {
  return useQuery(membersQueryOptions(workspaceId));
}

export function useChangeMemberRole(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    // The screen shows this error itself (form or inline notice): no toast on top.
    meta: { toast: false },
    mutationFn: async ({ userId, role }: { userId: string; role: Role }) =>
      unwrap(await apiClient.PATCH('/api/members/{userId}', { params: { path: { userId } }, body: { role } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: workspaceKey(workspaceId) }),
  });
}

export function useRemoveMember(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    // The screen shows this error itself (form or inline notice): no toast on top.
    meta: { toast: false },
    mutationFn: async (userId: string) => unwrapEmpty(await apiClient.DELETE('/api/members/{userId}', { params: { path: { userId } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: workspaceKey(workspaceId) }),
  });
}
