import { useMutation } from '@tanstack/react-query';

import { PLATFORMS } from '@mwr/domain';

import { apiClient, type components, type paths } from '../../../shared/api/client';
import { unwrap } from '../../../shared/api/errors';
import { browserLocation } from '../../../shared/lib/browser-location';
import type { Platform } from './accounts';

export type ConnectStart = components['schemas']['ConnectStartDto'];

/** The platforms the API can connect (start an OAuth flow for). */
export type ConnectablePlatform = paths['/api/accounts/connect/{platform}']['post']['parameters']['path']['platform'];

/** In button order. */
export const CONNECTABLE_PLATFORMS: readonly ConnectablePlatform[] = PLATFORMS;

export function isConnectable(platform: Platform): platform is ConnectablePlatform {
  return (CONNECTABLE_PLATFORMS as readonly Platform[]).includes(platform);
}

/**
 * Starts the official sign-in of a platform (connect, or reconnect an existing account): the API
 * returns the consent page's URL and the whole browser goes there. The platform then sends it back
 * to the API, which lands on /accounts with the outcome in the query string.
 */
export function useConnectAccount() {
  return useMutation({
    // The screen shows this error itself (form or inline notice): no toast on top.
    meta: { toast: false },
    mutationFn: async (platform: ConnectablePlatform): Promise<ConnectStart> =>
      unwrap(await apiClient.POST('/api/accounts/connect/{platform}', { params: { path: { platform } } })),
    onSuccess: ({ authorizeUrl }) => browserLocation.assign(authorizeUrl),
  });
}
