import { useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';

import { describeError, fieldErrorsOf } from '../../../shared/api/errors';
import { formatDateTime } from '../../../shared/lib/dates';
import type { Role } from '../../../shared/session/me';
import { assignableRoles, roleLabel } from '../../../shared/session/roles';
import { CopyButton } from '../../../shared/ui/CopyButton';
import { Dialog } from '../../../shared/ui/Dialog';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { FormError } from '../../../shared/ui/FormError';
import { SelectField, TextField } from '../../../shared/ui/FormField';
import { Panel } from '../../../shared/ui/Panel';
import { Skeleton } from '../../../shared/ui/Skeleton';
import { StatusDot, type StatusTone } from '../../../shared/ui/StatusDot';
import { useCreateInvitation, useInvitations, useWithdrawInvitation, type CreatedInvitation, type Invitation } from '../api/invitations';

const STATUS_TONE: Record<Invitation['status'], StatusTone> = {
  pending: 'warning',
  accepted: 'ok',
  expired: 'neutral',
  revoked: 'neutral',
};

/** The accept link, shown once right after creating the invitation (the API keeps only its hash). */
function AcceptLinkDialog({ created, onDone }: { created: CreatedInvitation; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog
      title={t('settings.invitations.linkTitle')}
      description={
        <Trans
          i18nKey="settings.invitations.linkDescription"
          values={{ email: created.invitation.email, until: formatDateTime(created.invitation.expiresAt) }}
          components={{ strong: <strong /> }}
        />
      }
      actions={
        <button type="button" className="button button--primary" onClick={onDone}>
          {t('common.done')}
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
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [inviteeRole, setInviteeRole] = useState<Role>('editor');
  const fieldErrors = fieldErrorsOf(create.error);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate(
      // TODO(lead): drop the cast after npm run openapi (the generated body lacks contributor, #25).
      { email: email.trim(), role: inviteeRole as Exclude<Role, 'contributor'> },
      {
        onSuccess: () => {
          setEmail('');
        },
      },
    );
  }

  return (
    <>
      <form className="form" onSubmit={submit} noValidate aria-label={t('settings.invitations.form')}>
        <FormError error={create.error} title={t('settings.invitations.createFailed')} fields={['email', 'role']} />
        <div className="form-row form-row--inline">
          <TextField
            label={t('settings.invitations.inviteeEmail')}
            name="email"
            type="email"
            autoComplete="off"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            errors={fieldErrors.email}
          />
          <SelectField
            label={t('common.role')}
            name="role"
            value={inviteeRole}
            onChange={(event) => setInviteeRole(event.target.value as Role)}
            errors={fieldErrors.role}
          >
            {roles.map((option) => (
              <option key={option} value={option}>
                {roleLabel(option)}
              </option>
            ))}
          </SelectField>
          <div className="form-row-action">
            <button type="submit" className="button button--primary" disabled={create.isPending || !email.trim()}>
              {create.isPending ? t('settings.invitations.inviting') : t('settings.invitations.invite')}
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
  const { t } = useTranslation();

  if (!data) {
    if (isError) {
      return (
        <ErrorNotice title={t('settings.invitations.loadFailed')} onRetry={() => void refetch()} retrying={isFetching}>
          {describeError(error)}
        </ErrorNotice>
      );
    }
    return (
      <div aria-busy="true">
        <p className="visually-hidden">{t('settings.invitations.loading')}</p>
        <Skeleton width="60%" />
      </div>
    );
  }
  if (data.length === 0) {
    return <p className="muted">{t('settings.invitations.empty')}</p>;
  }
  return (
    <>
      {withdraw.isError ? <ErrorNotice title={t('settings.invitations.withdrawFailed')}>{describeError(withdraw.error)}</ErrorNotice> : null}
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('common.email')}</th>
              <th scope="col">{t('common.role')}</th>
              <th scope="col">{t('common.status')}</th>
              <th scope="col">{t('settings.invitations.expires')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('common.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.map((invitation) => {
              return (
                <tr key={invitation.id}>
                  <td className="break-all">{invitation.email}</td>
                  <td>{roleLabel(invitation.role)}</td>
                  <td>
                    <span className="status-label">
                      <StatusDot tone={STATUS_TONE[invitation.status]} />
                      {t(`settings.invitations.status.${invitation.status}`)}
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
                        aria-label={t('settings.invitations.withdrawFor', { email: invitation.email })}
                        disabled={withdraw.isPending && withdraw.variables === invitation.id}
                        onClick={() => withdraw.mutate(invitation.id)}
                      >
                        {t('settings.invitations.withdraw')}
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
  const { t } = useTranslation();
  return (
    <Panel title={t('settings.invitations.title')} description={t('settings.invitations.description')}>
      <InviteForm workspaceId={workspaceId} role={role} />
      <InvitationList workspaceId={workspaceId} />
    </Panel>
  );
}
