import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { ApiError, describeError, unwrap } from '../../../shared/api/errors';
import { currentLocale, type Locale } from '../../../shared/i18n/i18n';
import { warRoomKey, warRoomStateQueryOptions, type Automation, type WarRoomState } from '../../../shared/war-room/war-room-state';

export { useWarRoomState, type Automation, type AutomationKey } from '../../../shared/war-room/war-room-state';

/** Platform set-up that failed when an automation was turned on; the switch is on regardless. */
export type SetupWarning = components['schemas']['AutomationSetupWarningDto'];

export interface SetAutomationInput {
  key: Automation['key'];
  enabled: boolean;
  /** Merged by the API over the current settings; validated per key. */
  config?: Automation['config'];
}

/** Everything the Bot Control Center caches about one automation besides the state document. */
export function automationKey(workspaceId: string, key: Automation['key']) {
  return [...warRoomKey(workspaceId), 'automations', key] as const;
}

/**
 * Turns an automation on or off, or saves its settings (admins). The answer replaces the
 * automation in the cached state document at once; the STATE_PATCH the API announces afterwards
 * carries the same value. The card shows failures itself (no toast).
 */
export function useSetAutomation(workspaceId: string, options: { successMessage?: string } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { toast: false, ...(options.successMessage ? { successMessage: options.successMessage } : {}) },
    mutationFn: async ({ key, enabled, config }: SetAutomationInput) =>
      unwrap(
        await apiClient.POST('/api/marketing-war-room/automations/{key}', {
          params: { path: { key } },
          body: config ? { enabled, config } : { enabled },
        }),
      ),
    onSuccess: ({ warnings: _warnings, ...automation }) => {
      queryClient.setQueryData<WarRoomState>(warRoomStateQueryOptions(workspaceId).queryKey, (state) =>
        state ? { ...state, automations: state.automations.map((entry) => (entry.key === automation.key ? automation : entry)) } : state,
      );
      // The change (and any set-up it did) is in the activity now.
      void queryClient.invalidateQueries({ queryKey: [...automationKey(workspaceId, automation.key), 'activity'] });
    },
  });
}

/**
 * Every message of a rejected change: the API puts the first in `message`, all of them in
 * `details.errors`. Those sentences are the API's English (kept for integrators), so only an
 * English UI shows them; any other language shows the error code's own translated message.
 */
export function automationErrorMessages(error: unknown, locale: Locale = currentLocale()): string[] {
  if (locale !== 'en') return [describeError(error)];
  const details = error instanceof ApiError ? error.details : undefined;
  const errors =
    typeof details === 'object' && details !== null && Array.isArray((details as { errors?: unknown }).errors)
      ? (details as { errors: unknown[] }).errors.filter((message): message is string => typeof message === 'string')
      : [];
  return errors.length > 0 ? errors : [describeError(error)];
}
