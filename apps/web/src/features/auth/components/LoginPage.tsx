import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

import { AuthShell } from './AuthShell';
import { LoginForm } from './LoginForm';
import { safeRedirect } from './redirect';

export function LoginPage() {
  const { redirect } = useSearch({ from: '/login' });
  const navigate = useNavigate();
  const { t } = useTranslation();

  return (
    <AuthShell title={t('auth.signIn')} description={redirect ? t('auth.sessionEnded') : t('auth.welcomeBack')} footer={t('auth.noAccount')}>
      <LoginForm onSignedIn={() => void navigate({ href: safeRedirect(redirect), replace: true })} />
    </AuthShell>
  );
}
