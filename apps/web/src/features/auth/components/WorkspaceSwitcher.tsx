import { useState } from 'react';
import { describeError, fieldErrorsOf } from '../../../shared/api/errors';
import { browserTimeZone } from '../../../shared/lib/time-zones';
import { useMe } from '../../../shared/session/me';
import { roleLabel } from '../../../shared/session/roles';
import { Button } from '../../../shared/ui/Button';
import { Dialog } from '../../../shared/ui/Dialog';
import { FormError } from '../../../shared/ui/FormError';
import { SelectField, TextField } from '../../../shared/ui/FormField';
import { TimeZoneSelect } from '../../../shared/ui/TimeZoneSelect';
import { useCreateWorkspace, useSwitchWorkspace } from '../api/workspaces';
import { useTranslation } from 'react-i18next';

const FORM_ID = 'create-workspace-form';

function CreateWorkspaceDialog({ onClose }: { onClose: () => void }) {
  const create = useCreateWorkspace();
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [timeZone, setTimeZone] = useState(browserTimeZone);
  const fieldErrors = fieldErrorsOf(create.error);

  return (
    <Dialog
      title={t('auth.workspaces.createTitle')}
      description={t('auth.workspaces.createDescription')}
      onDismiss={create.isPending ? undefined : onClose}
      actions={
        <>
          <Button onClick={onClose} disabled={create.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" form={FORM_ID} variant="primary" loading={create.isPending}>
            {create.isPending ? t('common.creating') : t('auth.workspaces.create')}
          </Button>
        </>
      }
    >
      <form
        id={FORM_ID}
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate({ name: name.trim(), timeZone }, { onSuccess: onClose });
        }}
      >
        <FormError error={create.error} title={t('auth.workspaces.createFailed')} fields={['name', 'timeZone']} />
        <TextField
          label={t('common.workspaceName')}
          name="name"
          required
          maxLength={120}
          value={name}
          onChange={(event) => setName(event.target.value)}
          errors={fieldErrors.name}
          data-autofocus
        />
        <TimeZoneSelect value={timeZone} onChange={setTimeZone} errors={fieldErrors.timeZone} />
      </form>
    </Dialog>
  );
}

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
      {creating ? <CreateWorkspaceDialog onClose={() => setCreating(false)} /> : null}
    </div>
  );
}
