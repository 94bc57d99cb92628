import { MutationCache, QueryClient, type Mutation } from '@tanstack/react-query';

import { isRetryableError, isUnauthenticated } from '../shared/api/errors';
import { toast } from '../shared/ui/toast-store';

const MAX_RETRIES = 2;

/** What a mutation may say about the toasts the query client raises for it. */
export interface MutationToastMeta {
  /** `false`: the screen shows this mutation's error itself (a form, a dialog), no toast. */
  toast?: false;
  /** Title of the error toast, e.g. "Couldn't retry"; the API's message is always shown under it. */
  errorTitle?: string;
  /** A confirmation toast on success, e.g. "Retry queued". */
  successMessage?: string;
}

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: MutationToastMeta & Record<string, unknown>;
  }
}

type AnyMutation = Mutation<unknown, unknown, unknown, unknown>;

/** Every failed write is told with the API's message, unless its screen shows it already. */
export function toastMutationError(error: unknown, mutation: AnyMutation): void {
  const meta = mutation.meta;
  if (meta?.toast === false) return;
  // An expired session sends the user to sign in (App's session-expiry redirect): no toast.
  if (isUnauthenticated(error)) return;
  toast.error(error, meta?.errorTitle ? { title: meta.errorTitle } : {});
}

function toastMutationSuccess(mutation: AnyMutation): void {
  const message = mutation.meta?.successMessage;
  if (message) toast.success(message);
}

/** The cache that holds all server data of the SPA. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => toastMutationError(error, mutation),
      onSuccess: (_data, _variables, _context, mutation) => toastMutationSuccess(mutation),
    }),
    defaultOptions: {
      queries: {
        // Fresh for 30 s: navigating back and forth does not refetch; live data uses SSE/polling.
        staleTime: 30_000,
        gcTime: 5 * 60_000,
        // Retry network errors and 5xx a couple of times; a 4xx will not change by retrying.
        retry: (failureCount, error) => failureCount < MAX_RETRIES && isRetryableError(error),
        refetchOnWindowFocus: true,
      },
      mutations: {
        // Never silently repeat a write.
        retry: false,
      },
    },
  });
}
