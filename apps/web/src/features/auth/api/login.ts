import { useMutation, useQueryClient } from '@tanstack/react-query';

import { apiClient, type components } from '../../../shared/api/client';
import { unwrap } from '../../../shared/api/errors';

export type LoginInput = components['schemas']['LoginDto'];
export type SignedInUser = components['schemas']['UserDto'];

export async function login(body: LoginInput): Promise<SignedInUser> {
  return unwrap(await apiClient.POST('/api/auth/login', { body }));
}

/** Signs in (the API sets the session cookies) and forgets any data cached for a previous session. */
export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    // The screen shows this error itself (form or inline notice): no toast on top.
    meta: { toast: false },
    mutationFn: login,
    onSuccess: () => {
      queryClient.removeQueries();
    },
  });
}
