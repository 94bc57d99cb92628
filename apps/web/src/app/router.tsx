import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  type RouterHistory,
} from '@tanstack/react-router';
import { AccountHealthPage } from '../features/account-health/components/AccountHealthPage';
import { AccountsPage } from '../features/accounts/components/AccountsPage';
import { BotControlPage } from '../features/bot-control/components/BotControlPage';
import { CalendarPage } from '../features/calendar/components/CalendarPage';
import { QueuePage } from '../features/queue/components/QueuePage';
import { systemInfoQueryOptions } from '../features/settings/api/system-info';
import { SettingsPage } from '../features/settings/components/SettingsPage';
import { TrendsPage } from '../features/trends/components/TrendsPage';
import { AppLayout } from './layout/AppLayout';
import { NotFoundPage } from './NotFoundPage';
import { RouteError } from './RouteError';

export interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: AppLayout,
  notFoundComponent: NotFoundPage,
});

const queueRoute = createRoute({ getParentRoute: () => rootRoute, path: '/', component: QueuePage });
const calendarRoute = createRoute({ getParentRoute: () => rootRoute, path: '/calendar', component: CalendarPage });
const botControlRoute = createRoute({ getParentRoute: () => rootRoute, path: '/bot-control', component: BotControlPage });
const accountHealthRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/account-health',
  component: AccountHealthPage,
});
const trendsRoute = createRoute({ getParentRoute: () => rootRoute, path: '/trends', component: TrendsPage });
const accountsRoute = createRoute({ getParentRoute: () => rootRoute, path: '/accounts', component: AccountsPage });
const settingsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/settings',
  // Start the request early (also on hover with intent preloading) without blocking navigation:
  // the screen renders at once and shows its own loading and error states.
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(systemInfoQueryOptions());
  },
  component: SettingsPage,
});

const routeTree = rootRoute.addChildren([
  queueRoute,
  calendarRoute,
  botControlRoute,
  accountHealthRoute,
  trendsRoute,
  accountsRoute,
  settingsRoute,
]);

interface CreateAppRouterOptions {
  queryClient: QueryClient;
  /** Defaults to the browser history; tests pass a memory history. */
  history?: RouterHistory;
}

export function createAppRouter({ queryClient, history }: CreateAppRouterOptions) {
  return createRouter({
    routeTree,
    context: { queryClient },
    ...(history ? { history } : {}),
    defaultPreload: 'intent',
    // Loaders only warm the TanStack Query cache, which has its own freshness rules.
    defaultPreloadStaleTime: 0,
    defaultErrorComponent: RouteError,
    scrollRestoration: true,
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
}
