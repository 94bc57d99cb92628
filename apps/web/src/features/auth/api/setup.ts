import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap } from '../../../shared/api/errors';

export type SetupInput = components['schemas']['SetupDto'];

/** First run: creates the owner account and its workspace, and signs in. Works once. */
export function useSetup() {
  const queryClient = useQueryClient();
  return useMutation({
    // The screen shows this error itself (form or inline notice): no toast on top.
    meta: { toast: false },
    mutationFn: async (body: SetupInput) => unwrap(await apiClient.POST('/api/auth/setup', { body })),
    onSuccess: () => {
      queryClient.removeQueries();
    },
  });
}
