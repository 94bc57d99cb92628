import { queryOptions, useQuery } from '@tanstack/react-query';

import { apiClient, type components } from '../api/client';
import { unwrap } from '../api/errors';

/**
 * The war-room state document (GET /api/marketing-war-room/state): queue lanes, automations,
 * account health, trends and firing alerts of the workspace. Shared because Bot Control, Account
 * Health, Trends and the Queue each read a part of it, and the live stream patches it in place.
 */
export type WarRoomState = components['schemas']['WarRoomStateDto'];
export type Automation = components['schemas']['AutomationDto'];
export type AutomationKey = Automation['key'];
export type AccountHealth = components['schemas']['AccountHealthDto'];
export type Trend = components['schemas']['TrendDto'];
export type WarRoomAlert = components['schemas']['AlertDto'];
export type QueueLane = components['schemas']['QueueItemDto'];

export function warRoomKey(workspaceId: string) {
  return ['workspaces', workspaceId, 'war-room'] as const;
}

/** Safety poll once the live stream keeps the document current; without it, a slower refresh than the lanes'. */
const STATE_POLL_MS = 30_000;

export function warRoomStateQueryOptions(workspaceId: string) {
  return queryOptions({
    queryKey: [...warRoomKey(workspaceId), 'state'] as const,
    queryFn: async ({ signal }): Promise<WarRoomState> => unwrap(await apiClient.GET('/api/marketing-war-room/state', { signal })),
    refetchInterval: STATE_POLL_MS,
  });
}

export function useWarRoomState(workspaceId: string) {
  return useQuery(warRoomStateQueryOptions(workspaceId));
}

/** Alerts the queue surfaces: publications waiting for a person, and failing publishing. */
export const QUEUE_ALERT_RULES: ReadonlySet<WarRoomAlert['rule']> = new Set(['needs_review', 'error_rate']);
