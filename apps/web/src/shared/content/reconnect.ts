import { useMutation } from '@tanstack/react-query';

import { apiClient, type paths } from '../api/client';
import { unwrap } from '../api/errors';
import { i18n } from '../i18n/i18n';
import { browserLocation } from '../lib/browser-location';
import type { Platform } from './accounts';

type ReconnectablePlatform = paths['/api/accounts/connect/{platform}']['post']['parameters']['path']['platform'];
const RECONNECTABLE: readonly Platform[] = ['tiktok', 'instagram'] satisfies readonly ReconnectablePlatform[];

export function isReconnectable(platform: Platform): platform is ReconnectablePlatform {
  return RECONNECTABLE.includes(platform);
}

/**
 * "Reconnect account" where a publication failed for lack of a valid sign-in: the same flow as
 * the Accounts page's Reconnect (the platform's consent page, then back to /accounts with the
 * outcome in the address), started from wherever the failure is shown.
 */
export function useReconnectAccount() {
  return useMutation({
    mutationFn: async (platform: ReconnectablePlatform) => unwrap(await apiClient.POST('/api/accounts/connect/{platform}', { params: { path: { platform } } })),
    onSuccess: ({ authorizeUrl }) => browserLocation.assign(authorizeUrl),
    meta: { errorTitle: i18n.t('content.reconnectFailed') },
  });
}
