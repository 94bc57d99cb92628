import { useState, type FormEvent } from 'react';
import { describeError, fieldErrorsOf } from '../../../shared/api/errors';
import { formatDateTime } from '../../../shared/lib/dates';
import type { Role } from '../../../shared/session/me';
import { assignableRoles, ROLE_LABELS } from '../../../shared/session/roles';
import { CopyButton } from '../../../shared/ui/CopyButton';
import { Dialog } from '../../../shared/ui/Dialog';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { FormError } from '../../../shared/ui/FormError';
import { SelectField, TextField } from '../../../shared/ui/FormField';
import { Panel } from '../../../shared/ui/Panel';
import { Skeleton } from '../../../shared/ui/Skeleton';
import { StatusDot, type StatusTone } from '../../../shared/ui/StatusDot';
import {
  useCreateInvitation,
  useInvitations,
  useWithdrawInvitation,
  type CreatedInvitation,
  type Invitation,
} from '../api/invitations';

const STATUS: Record<Invitation['status'], { label: string; tone: StatusTone }> = {
  pending: { label: 'Pending', tone: 'warning' },
  accepted: { label: 'Accepted', tone: 'ok' },
  expired: { label: 'Expired', tone: 'neutral' },
  revoked: { label: 'Withdrawn', tone: 'neutral' },
};

/** The accept link, shown once right after creating the invitation (the API keeps only its hash). */
function AcceptLinkDialog({ created, onDone }: { created: CreatedInvitation; onDone: () => void }) {
  return (
    <Dialog
      title="Send this invitation link"
      description={
        <>
          No email is sent: share this link with <strong>{created.invitation.email}</strong> yourself. It is shown only
          this once and works until {formatDateTime(created.invitation.expiresAt)}.
        </>
      }
      actions={
        <button type="button" className="button button--primary" onClick={onDone}>
          Done
        </button>
      }
    >
      <div className="secret-box">
        <code className="secret break-all" data-testid="invitation-accept-url">
          {created.acceptUrl}
        </code>
        <CopyButton text={created.acceptUrl} />
      </div>
    </Dialog>
  );
}

function InviteForm({ workspaceId, role }: { workspaceId: string; role: Role | null }) {
  const create = useCreateInvitation(workspaceId);
  const roles = assignableRoles(role);
  const [email, setEmail] = useState('');
  const [inviteeRole, setInviteeRole] = useState<Role>('editor');
  const fieldErrors = fieldErrorsOf(create.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate(
      { email: email.trim(), role: inviteeRole },
      {
        onSuccess: () => {
          setEmail('');
        },
      },
    );
  }

  return (
    <>
      <form className="form" onSubmit={submit} noValidate aria-label="Invite someone">
        <FormError error={create.error} title="Couldn't create the invitation" fields={['email', 'role']} />
        <div className="form-row form-row--inline">
          <TextField
            label="Invitee email"
            name="email"
            type="email"
            autoComplete="off"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            errors={fieldErrors.email}
          />
          <SelectField
            label="Role"
            name="role"
            value={inviteeRole}
            onChange={(event) => setInviteeRole(event.target.value as Role)}
            errors={fieldErrors.role}
          >
            {roles.map((option) => (
              <option key={option} value={option}>
                {ROLE_LABELS[option]}
              </option>
            ))}
          </SelectField>
          <div className="form-row-action">
            <button type="submit" className="button button--primary" disabled={create.isPending || !email.trim()}>
              {create.isPending ? 'Inviting…' : 'Invite'}
            </button>
          </div>
        </div>
      </form>
      {create.data ? <AcceptLinkDialog created={create.data} onDone={() => create.reset()} /> : null}
    </>
  );
}

function InvitationList({ workspaceId }: { workspaceId: string }) {
  const { data, error, isError, isFetching, refetch } = useInvitations(workspaceId);
  const withdraw = useWithdrawInvitation(workspaceId);

  if (!data) {
    if (isError) {
      return (
        <ErrorNotice title="Couldn't load the invitations" onRetry={() => void refetch()} retrying={isFetching}>
          {describeError(error)}
        </ErrorNotice>
      );
    }
    return (
      <div aria-busy="true">
        <p className="visually-hidden">Loading invitations…</p>
        <Skeleton width="60%" />
      </div>
    );
  }
  if (data.length === 0) {
    return <p className="muted">No invitations yet. Invite someone above: you will get a link to send them.</p>;
  }
  return (
    <>
      {withdraw.isError ? (
        <ErrorNotice title="Couldn't withdraw the invitation">{describeError(withdraw.error)}</ErrorNotice>
      ) : null}
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.map((invitation) => {
              const status = STATUS[invitation.status];
              return (
                <tr key={invitation.id}>
                  <td className="break-all">{invitation.email}</td>
                  <td>{ROLE_LABELS[invitation.role]}</td>
                  <td>
                    <span className="status-label">
                      <StatusDot tone={status.tone} />
                      {status.label}
                    </span>
                  </td>
                  <td>
                    <time dateTime={invitation.expiresAt}>{formatDateTime(invitation.expiresAt)}</time>
                  </td>
                  <td className="table-actions">
                    {invitation.status === 'pending' ? (
                      <button
                        type="button"
                        className="button button--ghost button--small"
                        aria-label={`Withdraw invitation for ${invitation.email}`}
                        disabled={withdraw.isPending && withdraw.variables === invitation.id}
                        onClick={() => withdraw.mutate(invitation.id)}
                      >
                        Withdraw
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** Settings → Invitations (admins): invite by email, get a link to send, withdraw pending ones. */
export function InvitationsPanel({ workspaceId, role }: { workspaceId: string; role: Role | null }) {
  return (
    <Panel title="Invitations" description="Invite people by email. You get a link to send them; no email is sent.">
      <InviteForm workspaceId={workspaceId} role={role} />
      <InvitationList workspaceId={workspaceId} />
    </Panel>
  );
}
