import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

import { meQueryOptions } from '../session/me';
import { warRoomStateQueryOptions } from '../war-room/war-room-state';
import { applyLiveEvent } from './apply-live-event';
import { LiveConnection } from './live-connection';
import { setLiveStatus } from './live-status';

/**
 * The tab's one live connection to the war-room stream, for the signed-in workspace (the layout
 * calls it once, behind the auth gate). Reconnects to the new workspace after a switch; does
 * nothing where EventSource does not exist (views then keep polling).
 */
export function useLiveEvents(workspaceId: string | null): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!workspaceId || typeof EventSource === 'undefined') return undefined;
    const connection = new LiveConnection({
      onEvent: (event) => applyLiveEvent(queryClient, workspaceId, event),
      onStatus: setLiveStatus,
      initialEventId: () => queryClient.getQueryData(warRoomStateQueryOptions(workspaceId).queryKey)?.eventId,
      // The stream cannot say why it closed: a 401 on `me` sends the user to sign in.
      onClosed: () => void queryClient.refetchQueries({ queryKey: meQueryOptions().queryKey, exact: true }),
    });
    connection.start();
    return () => connection.stop();
  }, [queryClient, workspaceId]);
}
