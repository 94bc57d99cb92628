import { useState, type FormEvent } from 'react';
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
  const [name, setName] = useState(workspace.name);
  const [timeZone, setTimeZone] = useState(workspace.timeZone);
  const fieldErrors = fieldErrorsOf(update.error);
  const unchanged = name.trim() === workspace.name && timeZone === workspace.timeZone;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate({ name: name.trim(), timeZone });
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Workspace settings">
      <FormError error={update.error} title="Couldn't save the workspace" fields={['name', 'timeZone']} />
      <div className="form-row">
        <TextField
          label="Workspace name"
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
          {update.isPending ? 'Saving…' : 'Save workspace'}
        </button>
        <span className="form-success" aria-live="polite">
          {update.isSuccess && unchanged ? 'Workspace saved.' : ''}
        </span>
      </div>
    </form>
  );
}

/** Settings → Workspace: its name and time zone; only owners change them. */
export function WorkspacePanel({ workspace, role }: { workspace: CurrentWorkspace; role: Role | null }) {
  const isOwner = roleAtLeast(role, 'owner');
  return (
    <Panel
      title="Workspace"
      description={
        isOwner ? 'Its name, and the time zone posts are scheduled in.' : 'Only owners can rename the workspace or change its time zone.'
      }
    >
      {isOwner ? (
        <WorkspaceForm key={workspace.id} workspace={workspace} />
      ) : (
        <dl className="field-grid">
          <div className="field">
            <dt className="field-label">Name</dt>
            <dd className="field-value">{workspace.name}</dd>
          </div>
          <div className="field">
            <dt className="field-label">Time zone</dt>
            <dd className="field-value">{workspace.timeZone.replaceAll('_', ' ')}</dd>
          </div>
          <div className="field">
            <dt className="field-label">Created</dt>
            <dd className="field-value">
              <time dateTime={workspace.createdAt}>{formatDate(workspace.createdAt)}</time>
            </dd>
          </div>
        </dl>
      )}
    </Panel>
  );
}
