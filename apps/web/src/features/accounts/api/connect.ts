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

/**
 * Other ways to connect a platform (the API's `?flavour=`, its registry descriptor's
 * `oauthFlavours`): Instagram through Facebook Login, which Hashtag Search needs (issue 33).
 * TODO(lead): read these from the API once it lists them.
 */
export const CONNECT_FLAVOURS: readonly ConnectOption[] = [{ platform: 'instagram', flavour: 'facebook_login' }];

/** A platform and one of its other connect options. */
export interface ConnectOption {
  platform: ConnectablePlatform;
  flavour: 'facebook_login';
}

/** What a connect button starts: a platform's default sign-in, or one of its other options. */
export type ConnectTarget = ConnectablePlatform | ConnectOption;

export const platformOfTarget = (target: ConnectTarget): ConnectablePlatform => (typeof target === 'string' ? target : target.platform);

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
    mutationFn: async (target: ConnectTarget): Promise<ConnectStart> => {
      const platform = platformOfTarget(target);
      if (typeof target === 'string') return unwrap(await apiClient.POST('/api/accounts/connect/{platform}', { params: { path: { platform } } }));
      // TODO(lead): switch to schema.gen after npm run openapi (the flavour query is not in it yet).
      const params = { path: { platform }, query: { flavour: target.flavour } } as { path: { platform: ConnectablePlatform } };
      return unwrap(await apiClient.POST('/api/accounts/connect/{platform}', { params }));
    },
    onSuccess: ({ authorizeUrl }) => browserLocation.assign(authorizeUrl),
  });
}
