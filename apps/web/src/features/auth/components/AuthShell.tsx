import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { LogoMark } from '../../../shared/ui/icons';

interface AuthShellProps {
  /** The page's only <h1> and the document title. */
  title: string;
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}

/** Centered card for the signed-out pages (sign in, first-run setup, invitations). */
export function AuthShell({ title, description, children, footer }: AuthShellProps) {
  const { t } = useTranslation();
  return (
    <div className="auth-shell">
      <title>{`${title} · ${t('app.name')}`}</title>
      <main className="auth-card" id="main-content">
        <div className="brand auth-brand">
          <LogoMark />
          <span className="brand-name">{t('app.name')}</span>
        </div>
        <header className="auth-header">
          <h1 className="page-title">{title}</h1>
          {description ? <p className="page-description">{description}</p> : null}
        </header>
        {children}
        {footer ? <footer className="auth-footer">{footer}</footer> : null}
      </main>
    </div>
  );
}
