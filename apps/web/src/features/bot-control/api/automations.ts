import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiClient } from '../../../shared/api/client';
import { ApiError, describeError, unwrap } from '../../../shared/api/errors';
import { warRoomStateQueryOptions, type Automation, type WarRoomState } from '../../../shared/war-room/war-room-state';

export { useWarRoomState, type Automation, type AutomationKey } from '../../../shared/war-room/war-room-state';

export interface SetAutomationInput {
  key: Automation['key'];
  enabled: boolean;
  /** Merged by the API over the current settings; validated per key. */
  config?: Automation['config'];
}

/**
 * Turns an automation on or off (admins). The answer replaces the automation in the cached state
 * document at once; the STATE_PATCH the API announces afterwards carries the same value.
 */
export function useSetAutomation(workspaceId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ key, enabled, config }: SetAutomationInput): Promise<Automation> =>
      unwrap(
        await apiClient.POST('/api/marketing-war-room/automations/{key}', {
          params: { path: { key } },
          body: config ? { enabled, config } : { enabled },
        }),
      ),
    onSuccess: (automation) =>
      queryClient.setQueryData<WarRoomState>(warRoomStateQueryOptions(workspaceId).queryKey, (state) =>
        state
          ? { ...state, automations: state.automations.map((entry) => (entry.key === automation.key ? automation : entry)) }
          : state,
      ),
  });
}

/** Every message of a rejected change: the API puts the first in `message`, all of them in `details.errors`. */
export function automationErrorMessages(error: unknown): string[] {
  const details = error instanceof ApiError ? error.details : undefined;
  const errors =
    typeof details === 'object' && details !== null && Array.isArray((details as { errors?: unknown }).errors)
      ? (details as { errors: unknown[] }).errors.filter((message): message is string => typeof message === 'string')
      : [];
  return errors.length > 0 ? errors : [describeError(error)];
}
