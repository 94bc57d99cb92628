import { useMe } from '../../../shared/session/me';
import { ROLE_LABELS, roleAtLeast } from '../../../shared/session/roles';
import { Page } from '../../../shared/ui/Page';
import { Panel } from '../../../shared/ui/Panel';
import { ApiKeysPanel } from './ApiKeysPanel';
import { AuditLogPanel } from './AuditLogPanel';
import { InstallationPanel } from './InstallationPanel';
import { InvitationsPanel } from './InvitationsPanel';
import { MembersPanel } from './MembersPanel';
import { ProfilePanel } from './ProfilePanel';
import { WorkspacePanel } from './WorkspacePanel';

export function SettingsPage() {
  const { data: me } = useMe();
  const { workspace, role } = me;
  const isAdmin = roleAtLeast(role, 'admin');

  return (
    <Page title="Settings" description="Your profile, the workspace's members and integrations, and this installation.">
      <ProfilePanel key={me.user.id} user={me.user} />
      {workspace ? (
        <>
          <WorkspacePanel workspace={workspace} role={role} />
          <MembersPanel workspaceId={workspace.id} role={role} currentUserId={me.user.id} />
          {isAdmin ? (
            <>
              <InvitationsPanel workspaceId={workspace.id} role={role} />
              <ApiKeysPanel workspaceId={workspace.id} />
              <AuditLogPanel workspaceId={workspace.id} />
            </>
          ) : (
            <Panel title="Administration">
              <p className="muted">
                Invitations, API keys and the audit log are managed by admins and owners. Your role in this workspace
                is {role ? ROLE_LABELS[role] : 'not set'}; ask an admin if you need one of them.
              </p>
            </Panel>
          )}
        </>
      ) : (
        <Panel title="Workspace">
          <p className="muted">You are not in a workspace. Create one from the sidebar, or ask for an invitation.</p>
        </Panel>
      )}
      <InstallationPanel />
    </Page>
  );
}
