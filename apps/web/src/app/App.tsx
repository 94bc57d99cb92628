import type { QueryClient } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { useEffect } from 'react';

import { onSessionExpired } from '../shared/api/client';
import { meQueryOptions } from '../shared/session/me';
import { AppProviders } from './providers';
import type { AppRouter } from './router';

interface AppProps {
  queryClient: QueryClient;
  router: AppRouter;
}

/**
 * A 401 while signed in means the session expired or was ended elsewhere: go to the sign-in page,
 * remembering where the user was, then forget the previous session's data. Before sign-in (no
 * `me` yet) the auth gate handles 401s itself.
 */
function useSessionExpiryRedirect(queryClient: QueryClient, router: AppRouter) {
  useEffect(
    () =>
      onSessionExpired(() => {
        if (queryClient.getQueryData(meQueryOptions().queryKey) === undefined) return;
        queryClient.cancelQueries().catch(() => undefined);
        const { href, pathname } = router.state.location;
        const signedOutPage = pathname === '/login' || pathname === '/setup' || pathname.startsWith('/invite/');
        void router
          .navigate({ to: '/login', search: signedOutPage || href === '/' ? {} : { redirect: href }, replace: true })
          .finally(() => queryClient.removeQueries());
      }),
    [queryClient, router],
  );
}

export function App({ queryClient, router }: AppProps) {
  useSessionExpiryRedirect(queryClient, router);
  return (
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
