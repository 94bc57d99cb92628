import { useMutation } from '@tanstack/react-query';

import { apiClient } from '../../../shared/api/client';
import { unwrapEmpty } from '../../../shared/api/errors';

/**
 * Ends this session. The caller navigates to the sign-in page and then clears the cache, so no
 * screen of the signed-out session refetches in between.
 */
export function useLogout() {
  return useMutation({
    // The screen shows this error itself (form or inline notice): no toast on top.
    meta: { toast: false },
    mutationFn: async () => unwrapEmpty(await apiClient.POST('/api/auth/logout')),
  });
}
