import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError } from '../../../shared/api/errors';
import { i18n } from '../../../shared/i18n/i18n';
import { formatDate } from '../../../shared/lib/dates';
import type { Role } from '../../../shared/session/me';
import { assignableRoles, roleAtLeast, roleLabel } from '../../../shared/session/roles';
import { Dialog } from '../../../shared/ui/Dialog';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { Panel } from '../../../shared/ui/Panel';
import { Skeleton } from '../../../shared/ui/Skeleton';
import { useChangeMemberRole, useMembers, useRemoveMember, type Member } from '../api/members';
import { MemberAccountsDialog } from './MemberAccountsDialog';

interface MembersPanelProps {
  workspaceId: string;
  /** The signed-in user's role here: admins manage members, only owners touch the owner role. */
  role: Role | null;
  currentUserId: string;
}

interface MemberPermissions {
  canChangeRole: boolean;
  canRemove: boolean;
  /** Why the actions are unavailable, when they are shown but disabled. */
  reason?: string;
  roles: Role[];
}

function permissionsFor(member: Member, actorRole: Role | null, isSelf: boolean, ownerCount: number): MemberPermissions {
  const roles = assignableRoles(actorRole);
  if (!roles.includes(member.role)) roles.push(member.role);
  if (!roleAtLeast(actorRole, 'admin')) return { canChangeRole: false, canRemove: false, roles };
  if (isSelf) return { canChangeRole: false, canRemove: false, roles, reason: i18n.t('settings.members.self') };
  if (member.role === 'owner' && actorRole !== 'owner') {
    return { canChangeRole: false, canRemove: false, roles, reason: i18n.t('settings.members.ownerOnly') };
  }
  if (member.role === 'owner' && ownerCount <= 1) {
    return { canChangeRole: false, canRemove: false, roles, reason: i18n.t('settings.members.lastOwner') };
  }
  return { canChangeRole: true, canRemove: true, roles };
}

function RemoveMemberDialog({ member, workspaceId, onClose }: { member: Member; workspaceId: string; onClose: () => void }) {
  const remove = useRemoveMember(workspaceId);
  const { t } = useTranslation();
  return (
    <Dialog
      role="alertdialog"
      title={t('settings.members.removeTitle', { name: member.name })}
      description={t('settings.members.removeDescription', { email: member.email })}
      onDismiss={remove.isPending ? undefined : onClose}
      actions={
        <>
          <button type="button" className="button button--secondary" onClick={onClose} disabled={remove.isPending} data-autofocus>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="button button--danger"
            disabled={remove.isPending}
            onClick={() => remove.mutate(member.userId, { onSuccess: onClose })}
          >
            {remove.isPending ? t('settings.members.removing') : t('settings.members.removeMember')}
          </button>
        </>
      }
    >
      {remove.isError ? <ErrorNotice title={t('settings.members.removeFailed')}>{describeError(remove.error)}</ErrorNotice> : null}
    </Dialog>
  );
}

/** Which accounts a member sees; admins open the picker for members below admin (owners and admins see every account). */
function MemberAccountsCell({ member, canManage, onEdit }: { member: Member; canManage: boolean; onEdit: () => void }) {
  const { t } = useTranslation();
  if (roleAtLeast(member.role, 'admin')) return <span className="muted">{t('access.allAccounts')}</span>;
  const label = member.accountIds == null ? t('access.allAccounts') : t('access.someAccounts', { count: member.accountIds.length });
  if (!canManage) return <>{label}</>;
  return (
    <button type="button" className="button button--ghost button--small" aria-label={t('access.editAccounts', { name: member.name })} onClick={onEdit}>
      {label}
    </button>
  );
}

/** Settings → Members: everyone in the workspace; admins change roles and remove people. */
export function MembersPanel({ workspaceId, role, currentUserId }: MembersPanelProps) {
  const { data, error, isError, isFetching, refetch } = useMembers(workspaceId);
  const changeRole = useChangeMemberRole(workspaceId);
  const [removing, setRemoving] = useState<Member | null>(null);
  // Per-account access (issue 25): whose accounts are being chosen.
  const [limiting, setLimiting] = useState<Member | null>(null);
  const canManage = roleAtLeast(role, 'admin');
  const { t } = useTranslation();

  let body: ReactNode;
  if (data) {
    const ownerCount = data.filter((member) => member.role === 'owner').length;
    body = (
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('common.name')}</th>
              <th scope="col">{t('common.email')}</th>
              <th scope="col">{t('common.role')}</th>
              <th scope="col">{t('access.accounts')}</th>
              <th scope="col">{t('settings.members.joined')}</th>
              {canManage ? (
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {data.map((member) => {
              const isSelf = member.userId === currentUserId;
              const permissions = permissionsFor(member, role, isSelf, ownerCount);
              const pendingForRow = changeRole.isPending && changeRole.variables.userId === member.userId;
              return (
                <tr key={member.userId}>
                  <td>
                    {member.name}
                    {isSelf ? <span className="muted"> {t('settings.members.you')}</span> : null}
                  </td>
                  <td className="break-all">{member.email}</td>
                  <td>
                    {canManage ? (
                      <select
                        className="input select input--compact"
                        aria-label={t('settings.members.roleOf', { name: member.name })}
                        value={member.role}
                        disabled={!permissions.canChangeRole || pendingForRow}
                        title={permissions.reason}
                        onChange={(event) => changeRole.mutate({ userId: member.userId, role: event.target.value as Role })}
                      >
                        {permissions.roles.map((option) => (
                          <option key={option} value={option}>
                            {roleLabel(option)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      roleLabel(member.role)
                    )}
                  </td>
                  <td>
                    <MemberAccountsCell member={member} canManage={canManage && !isSelf} onEdit={() => setLimiting(member)} />
                  </td>
                  <td>
                    <time dateTime={member.joinedAt}>{formatDate(member.joinedAt)}</time>
                  </td>
                  {canManage ? (
                    <td className="table-actions">
                      {permissions.canRemove ? (
                        <button
                          type="button"
                          className="button button--ghost button--small"
                          aria-label={t('settings.members.removeNamed', { name: member.name })}
                          onClick={() => setRemoving(member)}
                        >
                          {t('settings.members.remove')}
                        </button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    );
  } else if (isError) {
    body = (
      <ErrorNotice title={t('settings.members.loadFailed')} onRetry={() => void refetch()} retrying={isFetching}>
        {describeError(error)}
      </ErrorNotice>
    );
  } else {
    body = (
      <div aria-busy="true">
        <p className="visually-hidden">{t('settings.members.loading')}</p>
        <Skeleton width="70%" />
      </div>
    );
  }

  return (
    <Panel title={t('settings.members.title')} description={canManage ? t('settings.members.manageDescription') : t('settings.members.viewDescription')}>
      {changeRole.isError ? <ErrorNotice title={t('settings.members.changeFailed')}>{describeError(changeRole.error)}</ErrorNotice> : null}
      {body}
      {removing ? <RemoveMemberDialog member={removing} workspaceId={workspaceId} onClose={() => setRemoving(null)} /> : null}
      {limiting ? <MemberAccountsDialog member={limiting} workspaceId={workspaceId} onClose={() => setLimiting(null)} /> : null}
    </Panel>
  );
}
