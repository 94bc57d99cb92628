import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { fieldErrorsOf } from '../../../shared/api/errors';
import { formatDate } from '../../../shared/lib/dates';
import type { CurrentWorkspace, Role } from '../../../shared/session/me';
import { roleAtLeast } from '../../../shared/session/roles';
import { FormError } from '../../../shared/ui/FormError';
import { TextField } from '../../../shared/ui/FormField';
import { Panel } from '../../../shared/ui/Panel';
import { TimeZoneSelect } from '../../../shared/ui/TimeZoneSelect';
import { useUpdateWorkspace } from '../api/workspace';

function WorkspaceForm({ workspace }: { workspace: CurrentWorkspace }) {
  const update = useUpdateWorkspace(workspace.id);
  const { t } = useTranslation();
  const [name, setName] = useState(workspace.name);
  const [timeZone, setTimeZone] = useState(workspace.timeZone);
  const fieldErrors = fieldErrorsOf(update.error);
  const unchanged = name.trim() === workspace.name && timeZone === workspace.timeZone;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate({ name: name.trim(), timeZone });
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label={t('settings.workspace.form')}>
      <FormError error={update.error} title={t('settings.workspace.saveFailed')} fields={['name', 'timeZone']} />
      <div className="form-row">
        <TextField
          label={t('common.workspaceName')}
          name="name"
          required
          maxLength={120}
          value={name}
          onChange={(event) => setName(event.target.value)}
          errors={fieldErrors.name}
        />
        <TimeZoneSelect value={timeZone} onChange={setTimeZone} errors={fieldErrors.timeZone} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={update.isPending || unchanged}>
          {update.isPending ? t('common.saving') : t('settings.workspace.save')}
        </button>
        <span className="form-success" aria-live="polite">
          {update.isSuccess && unchanged ? t('settings.workspace.saved') : ''}
        </span>
      </div>
    </form>
  );
}

/** Settings → Workspace: its name and time zone; only owners change them. */
export function WorkspacePanel({ workspace, role }: { workspace: CurrentWorkspace; role: Role | null }) {
  const isOwner = roleAtLeast(role, 'owner');
  const { t } = useTranslation();
  return (
    <Panel title={t('settings.workspace.title')} description={isOwner ? t('settings.workspace.ownerDescription') : t('settings.workspace.readOnlyDescription')}>
      {isOwner ? (
        <WorkspaceForm key={workspace.id} workspace={workspace} />
      ) : (
        <dl className="field-grid">
          <div className="field">
            <dt className="field-label">{t('common.name')}</dt>
            <dd className="field-value">{workspace.name}</dd>
          </div>
          <div className="field">
            <dt className="field-label">{t('common.timeZone')}</dt>
            <dd className="field-value">{workspace.timeZone.replaceAll('_', ' ')}</dd>
          </div>
          <div className="field">
            <dt className="field-label">{t('settings.workspace.created')}</dt>
            <dd className="field-value">
              <time dateTime={workspace.createdAt}>{formatDate(workspace.createdAt)}</time>
            </dd>
          </div>
        </dl>
      )}
    </Panel>
  );
}
