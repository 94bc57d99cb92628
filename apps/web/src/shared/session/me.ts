import { queryOptions, useSuspenseQuery } from '@tanstack/react-query';

import { apiClient, type components } from '../api/client';
import { setDefaultErrorTimeZone, unwrap } from '../api/errors';

/**
 * Who is signed in, in which workspace and with which role: GET /api/auth/me. Shared because the
 * auth gate (app), the layout (auth feature) and permission checks (every feature) all need it.
 */
export type Me = Omit<components['schemas']['MeDto'], 'role'> & { role: Role | null };
export type CurrentUser = components['schemas']['UserDto'];
export type CurrentWorkspace = components['schemas']['WorkspaceDto'];
export type MyWorkspace = components['schemas']['MyWorkspaceDto'];
// TODO(lead): drop the union after npm run openapi (the API's roles include contributor, issue 25).
export type Role = MyWorkspace['role'] | 'contributor';

export function meQueryOptions() {
  return queryOptions({
    queryKey: ['auth', 'me'] as const,
    queryFn: async ({ signal }): Promise<Me> => unwrap(await apiClient.GET('/api/auth/me', { signal })),
  });
}

/** For screens behind the auth gate: the gate has loaded `me` before they render. */
export function useMe() {
  const me = useSuspenseQuery(meQueryOptions());
  // Error messages shown without a zone of their own (toasts) give times in the workspace's zone.
  setDefaultErrorTimeZone(me.data.workspace?.timeZone);
  return me;
}
