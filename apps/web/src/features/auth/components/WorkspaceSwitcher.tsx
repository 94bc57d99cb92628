import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError } from '../../../shared/api/errors';
import { useMe } from '../../../shared/session/me';
import { roleLabel } from '../../../shared/session/roles';
import { Button } from '../../../shared/ui/Button';
import { SelectField } from '../../../shared/ui/FormField';
import { useSwitchWorkspace } from '../api/workspaces';

// Loaded when first opened: the sidebar is on every screen, the dialog rarely.
const CreateWorkspaceDialog = lazy(() => import('./CreateWorkspaceDialog').then((module) => ({ default: module.CreateWorkspaceDialog })));

/** Sidebar: the current workspace, a way to switch to another one, and to create one. */
export function WorkspaceSwitcher() {
  const { data: me } = useMe();
  const switchWorkspace = useSwitchWorkspace();
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);

  return (
    <div className="workspace-switcher">
      {me.workspaces.length > 0 ? (
        <SelectField
          label={t('common.workspace')}
          name="workspace"
          value={me.workspace?.id ?? ''}
          disabled={switchWorkspace.isPending}
          hint={me.role ? t('auth.workspaces.yourRole', { role: roleLabel(me.role) }) : undefined}
          onChange={(event) => switchWorkspace.mutate(event.target.value)}
        >
          {me.workspace ? null : (
            <option value="" disabled>
              {t('auth.workspaces.choose')}
            </option>
          )}
          {me.workspaces.map((workspace) => (
            <option key={workspace.id} value={workspace.id}>
              {workspace.name}
            </option>
          ))}
        </SelectField>
      ) : (
        <p className="workspace-switcher-empty">{t('auth.workspaces.none')}</p>
      )}
      {switchWorkspace.isError ? (
        <p className="form-errors" role="alert">
          {t('auth.workspaces.switchFailed', { message: describeError(switchWorkspace.error) })}
        </p>
      ) : null}
      <Button variant="ghost" size="small" onClick={() => setCreating(true)}>
        {t('auth.workspaces.create')}
      </Button>
      {creating ? (
        <Suspense fallback={null}>
          <CreateWorkspaceDialog onClose={() => setCreating(false)} />
        </Suspense>
      ) : null}
    </div>
  );
}
