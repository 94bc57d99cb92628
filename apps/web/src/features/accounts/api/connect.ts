import { useMutation } from '@tanstack/react-query';
import { apiClient, type components } from '../../../shared/api/client';
import { unwrap } from '../../../shared/api/errors';
import { browserLocation } from '../../../shared/lib/browser-location';
import type { Platform } from './accounts';

export type ConnectStart = components['schemas']['ConnectStartDto'];

/** Platforms this installation connects from the Accounts screen, in button order. */
export const CONNECTABLE_PLATFORMS = ['tiktok', 'instagram'] as const satisfies readonly Platform[];

/**
 * Starts the official sign-in of a platform (connect, or reconnect an existing account): the API
 * returns the consent page's URL and the whole browser goes there. The platform then sends it back
 * to the API, which lands on /accounts with the outcome in the query string.
 */
export function useConnectAccount() {
  return useMutation({
    mutationFn: async (platform: Platform): Promise<ConnectStart> =>
      unwrap(await apiClient.POST('/api/accounts/connect/{platform}', { params: { path: { platform } } })),
    onSuccess: ({ authorizeUrl }) => browserLocation.assign(authorizeUrl),
  });
}
