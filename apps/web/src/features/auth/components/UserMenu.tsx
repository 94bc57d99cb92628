import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

import { describeError } from '../../../shared/api/errors';
import { useMe } from '../../../shared/session/me';
import { Button } from '../../../shared/ui/Button';
import { ThemeSwitcher } from '../../../shared/ui/ThemeSwitcher';
import { useLogout } from '../api/logout';

/** Sidebar footer: who is signed in, the theme, and the way out. */
export function UserMenu() {
  const { data: me } = useMe();
  const logout = useLogout();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  function signOut() {
    logout.mutate(undefined, {
      onSuccess: async () => {
        await navigate({ to: '/login', replace: true });
        // Only now: the signed-in screens are gone, so nothing refetches the cleared data.
        queryClient.removeQueries();
      },
    });
  }

  return (
    <div className="user-menu">
      <div className="user-menu-identity">
        <span className="user-menu-name">{me.user.name}</span>
        <span className="user-menu-email break-all">{me.user.email}</span>
      </div>
      <ThemeSwitcher />
      <Button size="small" onClick={signOut} loading={logout.isPending}>
        {t('auth.signOut')}
      </Button>
      {logout.isError ? (
        <p className="form-errors" role="alert">
          {describeError(logout.error)}
        </p>
      ) : null}
    </div>
  );
}
