import { Link, Outlet } from '@tanstack/react-router';
import { UserMenu } from '../../features/auth/components/UserMenu';
import { WorkspaceSwitcher } from '../../features/auth/components/WorkspaceSwitcher';
import { ApiStatus } from '../../features/system-status/components/ApiStatus';
import { LiveStatus } from '../../features/system-status/components/LiveStatus';
import { useLiveEvents } from '../../shared/live/use-live-events';
import { useMe } from '../../shared/session/me';
import { LogoMark } from '../../shared/ui/icons';
import { NAV_ITEMS } from './nav-items';
import { useTranslation } from 'react-i18next';
import { useProfileLocale } from '../../shared/session/use-profile-locale';

export function AppLayout() {
  const { t } = useTranslation();
  useProfileLocale();
  const { data: me } = useMe();
  // One event stream per tab, for the signed-in workspace: it keeps the cached server data live.
  useLiveEvents(me.workspace?.id ?? null);
  return (
    <div className="app-shell">
      <a className="skip-link" href="#main-content">
        {t('app.skipToContent')}
      </a>
      <aside className="sidebar">
        <div className="brand">
          <LogoMark />
          <span className="brand-name">{t('app.name')}</span>
        </div>
        <WorkspaceSwitcher />
        <nav aria-label={t('app.mainNav')} className="main-nav">
          <ul>
            {NAV_ITEMS.map((item) => (
              <li key={item.to}>
                <Link to={item.to} className="nav-link" activeOptions={{ exact: item.to === '/' }}>
                  <span className="nav-icon">{item.icon}</span>
                  <span className="nav-label">{t(item.labelKey)}</span>
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
      </aside>
      <main id="main-content" className="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
