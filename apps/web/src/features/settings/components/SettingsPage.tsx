import { useTranslation } from 'react-i18next';

import { useMe } from '../../../shared/session/me';
import { roleAtLeast, roleLabel } from '../../../shared/session/roles';
import { Page } from '../../../shared/ui/Page';
import { Panel } from '../../../shared/ui/Panel';
import { ApiDocsPanel } from './ApiDocsPanel';
import { ApiKeysPanel } from './ApiKeysPanel';
import { AuditLogPanel } from './AuditLogPanel';
import { BrandingPanel } from './BrandingPanel';
import { InstallationPanel } from './InstallationPanel';
import { InvitationsPanel } from './InvitationsPanel';
import { MembersPanel } from './MembersPanel';
import { NotificationSettingsPanel } from './NotificationSettingsPanel';
import { ProfilePanel } from './ProfilePanel';
import { ReviewSettingsPanel } from './ReviewSettingsPanel';
import { WebhooksPanel } from './WebhooksPanel';
import { WorkspacePanel } from './WorkspacePanel';

export function SettingsPage() {
  const { data: me } = useMe();
  const { workspace, role } = me;
  const isAdmin = roleAtLeast(role, 'admin');
  const { t } = useTranslation();

  return (
    <Page title={t('settings.title')} description={t('settings.description')}>
      <ProfilePanel key={me.user.id} user={me.user} />
      {workspace ? (
        <>
          <WorkspacePanel workspace={workspace} role={role} />
          <MembersPanel workspaceId={workspace.id} role={role} currentUserId={me.user.id} />
          <NotificationSettingsPanel workspaceId={workspace.id} />
          {isAdmin ? (
            <>
              <InvitationsPanel workspaceId={workspace.id} role={role} />
              <ReviewSettingsPanel workspaceId={workspace.id} />
              <BrandingPanel workspaceId={workspace.id} />
              <ApiKeysPanel workspaceId={workspace.id} />
              <WebhooksPanel workspaceId={workspace.id} />
              <AuditLogPanel workspaceId={workspace.id} />
            </>
          ) : (
            <Panel title={t('settings.administration')}>
              <p className="muted">{t('settings.adminOnly', { role: role ? roleLabel(role) : t('settings.roleNotSet') })}</p>
            </Panel>
          )}
        </>
      ) : (
        <Panel title={t('common.workspace')}>
          <p className="muted">{t('common.notInWorkspace')}</p>
        </Panel>
      )}
      <ApiDocsPanel />
      <InstallationPanel />
    </Page>
  );
}
