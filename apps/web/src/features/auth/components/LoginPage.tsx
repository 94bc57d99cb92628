import { useNavigate, useSearch } from '@tanstack/react-router';
import { AuthShell } from './AuthShell';
import { LoginForm } from './LoginForm';
import { safeRedirect } from './redirect';

export function LoginPage() {
  const { redirect } = useSearch({ from: '/login' });
  const navigate = useNavigate();

  return (
    <AuthShell
      title="Sign in"
      description={redirect ? 'Your session has ended. Sign in to continue where you were.' : 'Welcome back.'}
      footer="No account yet? Ask a workspace admin for an invitation link."
    >
      <LoginForm onSignedIn={() => void navigate({ href: safeRedirect(redirect), replace: true })} />
    </AuthShell>
  );
}
