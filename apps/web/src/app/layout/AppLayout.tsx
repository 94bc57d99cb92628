import { Link, Outlet, useRouterState } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { WAITING_POSTS_DESCRIPTION_ID, WaitingPostsBadge } from '../../features/accounts/components/WaitingPostsBadge';
import { UserMenu } from '../../features/auth/components/UserMenu';
import { WorkspaceSwitcher } from '../../features/auth/components/WorkspaceSwitcher';
import { NotificationBell } from '../../features/notifications/components/NotificationBell';
import { REVIEW_COUNT_DESCRIPTION_ID, ReviewNavBadge } from '../../features/review/components/ReviewNavBadge';
import { ApiStatus } from '../../features/system-status/components/ApiStatus';
import { LiveStatus } from '../../features/system-status/components/LiveStatus';
import { productNameOf, useWorkspaceBranding } from '../../shared/branding/branding';
import { BrandMark, BrandProvider } from '../../shared/branding/BrandTheme';
import { useLiveEvents } from '../../shared/live/use-live-events';
import { useMe } from '../../shared/session/me';
import { useProfileLocale } from '../../shared/session/use-profile-locale';
import { CloseIcon, MenuIcon } from '../../shared/ui/icons';
import { NAV_ITEMS } from './nav-items';

const PANEL_ID = 'sidebar-panel';

/**
 * The signed-in shell. Wide screens: a sidebar with the workspace, the navigation and the user.
 * Narrow ones (tablets): a top bar whose Menu button opens the same content as a drawer.
 */
export function AppLayout() {
  const { t } = useTranslation();
  useProfileLocale();
  const { data: me } = useMe();
  // One event stream per tab, for the signed-in workspace: it keeps the cached server data live.
  useLiveEvents(me.workspace?.id ?? null);
  // White-label: the workspace's name, logo and colours (the default theme when it set none).
  const branding = useWorkspaceBranding(me.workspace?.id ?? null).data;
  const [navOpen, setNavOpen] = useState(false);
  const pathname = useRouterState({ select: (state) => state.location.pathname });

  // Going somewhere closes the drawer.
  useEffect(() => setNavOpen(false), [pathname]);
  useEffect(() => {
    if (!navOpen) return undefined;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') setNavOpen(false);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [navOpen]);

  return (
    <BrandProvider branding={branding ? { ...branding, productName: productNameOf(branding) } : undefined}>
      <div className="app-shell">
        <a className="skip-link" href="#main-content">
          {t('app.skipToContent')}
        </a>
        <aside className="sidebar" data-nav-open={navOpen}>
          <div className="sidebar-top">
            <BrandMark />
            {me.workspace ? <NotificationBell workspaceId={me.workspace.id} /> : null}
            <button
              type="button"
              className="button button--ghost nav-toggle"
              aria-expanded={navOpen}
              aria-controls={PANEL_ID}
              onClick={() => setNavOpen((open) => !open)}
            >
              {navOpen ? <CloseIcon /> : <MenuIcon />}
              {t('app.openNav')}
            </button>
          </div>
          <div className="sidebar-panel" id={PANEL_ID}>
            <WorkspaceSwitcher />
            <nav aria-label={t('app.mainNav')} className="main-nav">
              <ul>
                {NAV_ITEMS.map((item) => (
                  <li key={item.to}>
                    <Link
                      to={item.to}
                      className="nav-link"
                      activeOptions={{ exact: item.to === '/' }}
                      aria-describedby={
                        me.workspace
                          ? item.to === '/accounts'
                            ? WAITING_POSTS_DESCRIPTION_ID
                            : item.to === '/reviews'
                              ? REVIEW_COUNT_DESCRIPTION_ID
                              : undefined
                          : undefined
                      }
                    >
                      <span className="nav-icon">{item.icon}</span>
                      <span className="nav-label">{t(item.labelKey)}</span>
                      {item.to === '/accounts' && me.workspace ? <WaitingPostsBadge workspaceId={me.workspace.id} /> : null}
                      {item.to === '/reviews' && me.workspace ? <ReviewNavBadge workspaceId={me.workspace.id} /> : null}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
            <footer className="sidebar-footer">
              <UserMenu />
              <ApiStatus />
              <LiveStatus />
            </footer>
          </div>
        </aside>
        <main id="main-content" className="main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </BrandProvider>
  );
}
