import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap, unwrapEmpty } from '../../../shared/api/errors';
import type { Role } from '../../../shared/session/me';
import { workspaceKey } from './workspace-keys';

// TODO(lead): switch to schema.gen after npm run openapi — MemberDto gained accountIds and
// PUT /api/members/{userId}/account-access is new (roles-access, #25); both mirrored here.
export type Member = Omit<components['schemas']['MemberDto'], 'role'> & {
  role: Role;
  /** The accounts this member is limited to; null when they see every account. */
  accountIds?: string[] | null;
};

interface SetAccountAccessBody {
  allAccounts: boolean;
  accountIds: string[];
}
type LooseResult = { data?: unknown; error?: unknown; response: Response };
/** The same client (CSRF, session expiry), for the one route the generated types do not have yet. */
const accessClient = apiClient as unknown as {
  PUT: (path: '/api/members/{userId}/account-access', init: { params: { path: { userId: string } }; body: SetAccountAccessBody }) => Promise<LooseResult>;
};

export function membersQueryOptions(workspaceId: string) {
  return queryOptions({
    queryKey: [...workspaceKey(workspaceId), 'members'] as const,
    queryFn: async ({ signal }): Promise<Member[]> => unwrap(await apiClient.GET('/api/members', { signal })) as Member[],
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
      // The generated body type lacks contributor until the client is regenerated (see above).
      unwrap(await apiClient.PATCH('/api/members/{userId}', { params: { path: { userId } }, body: { role: role as Exclude<Role, 'contributor'> } })),
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

/** Limits a member to some accounts (accountIds), or gives them every account again (null). */
export function useSetMemberAccountAccess(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    // The dialog shows this error itself: no toast on top.
    meta: { toast: false },
    mutationFn: async ({ userId, accountIds }: { userId: string; accountIds: string[] | null }) =>
      unwrap(
        await accessClient.PUT('/api/members/{userId}/account-access', {
          params: { path: { userId } },
          body: { allAccounts: accountIds === null, accountIds: accountIds ?? [] },
        }),
      ) as Member,
    onSettled: () => queryClient.invalidateQueries({ queryKey: workspaceKey(workspaceId) }),
  });
}
