import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
  type ParsedLocation,
  type RouterHistory,
} from '@tanstack/react-router';

import { validateAccountsSearch } from '../features/accounts/components/connect-outcome';
import { authStatusQueryOptions } from '../features/auth/api/auth-status';
import { LoginPage } from '../features/auth/components/LoginPage';
import { validateComposeSearch } from '../features/composer/components/compose-search';
import { QueuePage } from '../features/queue/components/QueuePage';
import { systemInfoQueryOptions } from '../features/settings/api/system-info';
import { isUnauthenticated } from '../shared/api/errors';
import { applyLocale } from '../shared/i18n/i18n';
import { meQueryOptions } from '../shared/session/me';
import { AppLayout } from './layout/AppLayout';
import { NotFoundPage } from './NotFoundPage';
import { RouteError } from './RouteError';

export interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
});

/**
 * The auth gate. Every screen of the app sits under this pathless route: before any of them
 * loads, `me` must be known. Signed out → /setup on a fresh installation, else /login, which
 * brings the user back here afterwards.
 */
async function requireSession(queryClient: QueryClient, location: ParsedLocation) {
  try {
    const me = await queryClient.ensureQueryData(meQueryOptions());
    // Before the first signed-in screen renders: no flash of the browser's language (its chunk loads here if needed).
    await applyLocale(me.user.locale);
  } catch (error) {
    if (!isUnauthenticated(error)) throw error;
    const { setupRequired } = await queryClient.fetchQuery(authStatusQueryOptions());
    if (setupRequired) throw redirect({ to: '/setup', replace: true });
    throw redirect({
      to: '/login',
      search: location.href === '/' ? {} : { redirect: location.href },
      replace: true,
    });
  }
}

const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: ({ context, location }) => requireSession(context.queryClient, location),
  component: AppLayout,
});

interface LoginSearch {
  /** Where the user was going when the gate sent them here. */
  redirect?: string;
}

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (search: Record<string, unknown>): LoginSearch => (typeof search.redirect === 'string' ? { redirect: search.redirect } : {}),
  beforeLoad: async ({ context }) => {
    const { setupRequired } = await context.queryClient.fetchQuery(authStatusQueryOptions());
    if (setupRequired) throw redirect({ to: '/setup', replace: true });
  },
  component: LoginPage,
});

const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/setup',
  beforeLoad: async ({ context }) => {
    const { setupRequired } = await context.queryClient.fetchQuery(authStatusQueryOptions());
    if (!setupRequired) throw redirect({ to: '/login', replace: true });
  },
  // Once per installation: not in the initial JS.
  component: lazyRouteComponent(() => import('../features/auth/components/SetupPage'), 'SetupPage'),
});

const inviteRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/invite/$token',
  component: lazyRouteComponent(() => import('../features/auth/components/InvitePage'), 'InvitePage'),
});

// A client's review link (issue 25): no session, its own lazy chunk.
const clientReviewRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/review/$token',
  component: lazyRouteComponent(() => import('../features/client-review/components/ClientReviewPage'), 'ClientReviewPage'),
});
const queueRoute = createRoute({ getParentRoute: () => appRoute, path: '/', component: QueuePage });
const calendarRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/calendar',
  component: lazyRouteComponent(() => import('../features/calendar/components/CalendarPage'), 'CalendarPage'),
});
// Code-split: the composer (with tus-js-client) and the post detail load on first visit.
const composeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/compose',
  // ?item=<id>: edit that content item (the "Edit video" lane action, Trend Radar drafts).
  validateSearch: validateComposeSearch,
  component: lazyRouteComponent(() => import('../features/composer/components/ComposerPage'), 'ComposerPage'),
});
const postRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/posts/$id',
  component: lazyRouteComponent(() => import('../features/posts/components/PostDetailPage'), 'PostDetailPage'),
});
// Code-split too: the war-room screens (Account Health draws with recharts) stay out of the first load.
const reviewsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/reviews',
  component: lazyRouteComponent(() => import('../features/review/components/ReviewQueuePage'), 'ReviewQueuePage'),
});
const botControlRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/bot-control',
  component: lazyRouteComponent(() => import('../features/bot-control/components/BotControlPage'), 'BotControlPage'),
});
const libraryRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/library',
  component: lazyRouteComponent(() => import('../features/library/components/LibraryPage'), 'LibraryPage'),
});
const accountHealthRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/account-health',
  component: lazyRouteComponent(() => import('../features/account-health/components/AccountHealthPage'), 'AccountHealthPage'),
});
const experimentsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/experiments',
  component: lazyRouteComponent(() => import('../features/experiments/components/ExperimentsPage'), 'ExperimentsPage'),
});
const analyticsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/analytics',
  component: lazyRouteComponent(() => import('../features/analytics/components/AnalyticsPage'), 'AnalyticsPage'),
});
const trendsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/trends',
  component: lazyRouteComponent(() => import('../features/trends/components/TrendsPage'), 'TrendsPage'),
});
const accountsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/accounts',
  // Where the API's OAuth callback lands: ?platform=…&connected=…&new=… or ?platform=…&error=…&message=…
  validateSearch: validateAccountsSearch,
  component: lazyRouteComponent(() => import('../features/accounts/components/AccountsPage'), 'AccountsPage'),
});
const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/settings',
  // Start the request early (also on hover with intent preloading) without blocking navigation:
  // the screen renders at once and shows its own loading and error states.
  loader: ({ context }) => {
    void context.queryClient.prefetchQuery(systemInfoQueryOptions());
  },
  component: lazyRouteComponent(() => import('../features/settings/components/SettingsPage'), 'SettingsPage'),
});
/** Unknown addresses behind the gate: the not-found page inside the layout. */
const notFoundRoute = createRoute({ getParentRoute: () => appRoute, path: '$', component: NotFoundPage });

const routeTree = rootRoute.addChildren([
  loginRoute,
  setupRoute,
  inviteRoute,
  clientReviewRoute,
  appRoute.addChildren([
    queueRoute,
    calendarRoute,
    composeRoute,
    postRoute,
    reviewsRoute,
    libraryRoute,
    botControlRoute,
    accountHealthRoute,
    analyticsRoute,
    experimentsRoute,
    trendsRoute,
    accountsRoute,
    settingsRoute,
    notFoundRoute,
  ]),
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
