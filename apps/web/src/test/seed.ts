import type { QueryClient } from '@tanstack/react-query';

import { accountsQueryOptions } from '../features/accounts/api/accounts';
import { apiKeysQueryOptions } from '../features/settings/api/api-keys';
import { auditLogQueryOptions } from '../features/settings/api/audit-log';
import { invitationsQueryOptions } from '../features/settings/api/invitations';
import { membersQueryOptions } from '../features/settings/api/members';
import { systemInfoQueryOptions } from '../features/settings/api/system-info';
import { apiReadinessQueryOptions } from '../features/system-status/api/api-readiness';
import { trendsQueryOptions } from '../features/trends/api/trends';
import { queuePagesOf, queueQueryOptions } from '../shared/content/content-items';
import { meQueryOptions, type Me } from '../shared/session/me';
import { warRoomStateQueryOptions } from '../shared/war-room/war-room-state';
import { apiKeyFixture, auditPageFixture, meFixture, membersFixture, systemInfoFixture, warRoomStateFixture, workspaceId } from './fixtures';

/** Fills the cache as a signed-in owner would find it, so no screen needs the network. */
export function seedSignedIn(queryClient: QueryClient, me: Me = meFixture): void {
  queryClient.setQueryData(meQueryOptions().queryKey, me);
  queryClient.setQueryData(apiReadinessQueryOptions().queryKey, { ready: true, checkedAt: Date.now() });
  queryClient.setQueryData(systemInfoQueryOptions().queryKey, systemInfoFixture);
  queryClient.setQueryData(accountsQueryOptions(workspaceId).queryKey, []);
  queryClient.setQueryData(queueQueryOptions(workspaceId).queryKey, queuePagesOf([]));
  queryClient.setQueryData(warRoomStateQueryOptions(workspaceId).queryKey, warRoomStateFixture);
  queryClient.setQueryData(trendsQueryOptions(workspaceId).queryKey, []);
  queryClient.setQueryData(membersQueryOptions(workspaceId).queryKey, membersFixture);
  queryClient.setQueryData(invitationsQueryOptions(workspaceId).queryKey, []);
  queryClient.setQueryData(apiKeysQueryOptions(workspaceId).queryKey, [apiKeyFixture]);
  queryClient.setQueryData(auditLogQueryOptions(workspaceId).queryKey, { pages: [auditPageFixture], pageParams: [undefined] });
}
