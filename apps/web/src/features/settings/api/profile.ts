import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap, unwrapEmpty } from '../../../shared/api/errors';
import { meQueryOptions } from '../../../shared/session/me';

export type UpdateProfileInput = components['schemas']['UpdateProfileDto'];
export type ChangePasswordInput = components['schemas']['ChangePasswordDto'];

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    // The screen shows this error itself (form or inline notice): no toast on top.
    meta: { toast: false },
    mutationFn: async (body: UpdateProfileInput) => unwrap(await apiClient.PATCH('/api/auth/me', { body })),
    onSuccess: (user) => {
      queryClient.setQueryData(meQueryOptions().queryKey, (me) => (me ? { ...me, user } : me));
      void queryClient.invalidateQueries({ queryKey: meQueryOptions().queryKey });
    },
  });
}

/** Changes the password; the API ends every other session and rotates this one's cookies. */
export function useChangePassword() {
  return useMutation({
    // The screen shows this error itself (form or inline notice): no toast on top.
    meta: { toast: false },
    mutationFn: async (body: ChangePasswordInput) => unwrapEmpty(await apiClient.POST('/api/auth/password', { body })),
  });
}
