import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { lazy, Suspense, type ReactNode } from 'react';

// Loaded just after the first screen, not with it: toasts raised before it arrives wait in the store.
const Toaster = lazy(() => import('../shared/ui/Toast').then((module) => ({ default: module.Toaster })));

interface AppProvidersProps {
  queryClient: QueryClient;
  children: ReactNode;
}

export function AppProviders({ queryClient, children }: AppProvidersProps) {
  return (
    <QueryClientProvider client={queryClient}>
      {children}
      {/* Outside the routes: toasts outlive the screen that raised them. */}
      <Suspense fallback={null}>
        <Toaster />
      </Suspense>
    </QueryClientProvider>
  );
}
