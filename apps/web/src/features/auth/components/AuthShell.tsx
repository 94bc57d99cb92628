import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { usePublicBranding } from '../../../shared/branding/branding';
import { BrandMark, BrandProvider } from '../../../shared/branding/BrandTheme';

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
  // Signed out, the brand comes from the host the page was opened on (a workspace's custom host).
  const branding = usePublicBranding().data;
  return (
    <BrandProvider branding={branding}>
      <div className="auth-shell">
        <title>{`${title} · ${branding?.productName ?? t('app.name')}`}</title>
        <main className="auth-card" id="main-content">
          <div className="auth-brand">
            <BrandMark />
          </div>
          <header className="auth-header">
            <h1 className="page-title">{title}</h1>
            {description ? <p className="page-description">{description}</p> : null}
          </header>
          {children}
          {footer ? <footer className="auth-footer">{footer}</footer> : null}
        </main>
      </div>
    </BrandProvider>
  );
}
