import { useState, type ReactNode } from 'react';
import { describeError } from '../../../shared/api/errors';
import { formatDate } from '../../../shared/lib/dates';
import type { Role } from '../../../shared/session/me';
import { assignableRoles, ROLE_LABELS, roleAtLeast } from '../../../shared/session/roles';
import { Dialog } from '../../../shared/ui/Dialog';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { Panel } from '../../../shared/ui/Panel';
import { Skeleton } from '../../../shared/ui/Skeleton';
import { useChangeMemberRole, useMembers, useRemoveMember, type Member } from '../api/members';

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
  if (isSelf) return { canChangeRole: false, canRemove: false, roles, reason: 'You cannot change your own membership.' };
  if (member.role === 'owner' && actorRole !== 'owner') {
    return { canChangeRole: false, canRemove: false, roles, reason: 'Only an owner can change another owner.' };
  }
  if (member.role === 'owner' && ownerCount <= 1) {
    return { canChangeRole: false, canRemove: false, roles, reason: 'The last owner stays: make someone else owner first.' };
  }
  return { canChangeRole: true, canRemove: true, roles };
}

function RemoveMemberDialog({ member, workspaceId, onClose }: { member: Member; workspaceId: string; onClose: () => void }) {
  const remove = useRemoveMember(workspaceId);
  return (
    <Dialog
      role="alertdialog"
      title={`Remove ${member.name}?`}
      description={`${member.email} loses access to this workspace at once. You can invite them again later.`}
      onDismiss={remove.isPending ? undefined : onClose}
      actions={
        <>
          <button type="button" className="button button--secondary" onClick={onClose} disabled={remove.isPending} data-autofocus>
            Cancel
          </button>
          <button
            type="button"
            className="button button--danger"
            disabled={remove.isPending}
            onClick={() => remove.mutate(member.userId, { onSuccess: onClose })}
          >
            {remove.isPending ? 'Removing…' : 'Remove member'}
          </button>
        </>
      }
    >
      {remove.isError ? <ErrorNotice title="Couldn't remove the member">{describeError(remove.error)}</ErrorNotice> : null}
    </Dialog>
  );
}

/** Settings → Members: everyone in the workspace; admins change roles and remove people. */
export function MembersPanel({ workspaceId, role, currentUserId }: MembersPanelProps) {
  const { data, error, isError, isFetching, refetch } = useMembers(workspaceId);
  const changeRole = useChangeMemberRole(workspaceId);
  const [removing, setRemoving] = useState<Member | null>(null);
  const canManage = roleAtLeast(role, 'admin');

  let body: ReactNode;
  if (data) {
    const ownerCount = data.filter((member) => member.role === 'owner').length;
    body = (
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
              {canManage ? (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
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
                    {isSelf ? <span className="muted"> (you)</span> : null}
                  </td>
                  <td className="break-all">{member.email}</td>
                  <td>
                    {canManage ? (
                      <select
                        className="input select input--compact"
                        aria-label={`Role of ${member.name}`}
                        value={member.role}
                        disabled={!permissions.canChangeRole || pendingForRow}
                        title={permissions.reason}
                        onChange={(event) => changeRole.mutate({ userId: member.userId, role: event.target.value as Role })}
                      >
                        {permissions.roles.map((option) => (
                          <option key={option} value={option}>
                            {ROLE_LABELS[option]}
                          </option>
                        ))}
                      </select>
                    ) : (
                      ROLE_LABELS[member.role]
                    )}
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
                          aria-label={`Remove ${member.name}`}
                          onClick={() => setRemoving(member)}
                        >
                          Remove
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
      <ErrorNotice title="Couldn't load the members" onRetry={() => void refetch()} retrying={isFetching}>
        {describeError(error)}
      </ErrorNotice>
    );
  } else {
    body = (
      <div aria-busy="true">
        <p className="visually-hidden">Loading members…</p>
        <Skeleton width="70%" />
      </div>
    );
  }

  return (
    <Panel
      title="Members"
      description={
        canManage
          ? 'People in this workspace and what they can do. Only owners grant or change the owner role.'
          : 'People in this workspace. Admins and owners manage roles.'
      }
    >
      {changeRole.isError ? (
        <ErrorNotice title="Couldn't change the role">{describeError(changeRole.error)}</ErrorNotice>
      ) : null}
      {body}
      {removing ? <RemoveMemberDialog member={removing} workspaceId={workspaceId} onClose={() => setRemoving(null)} /> : null}
    </Panel>
  );
}
