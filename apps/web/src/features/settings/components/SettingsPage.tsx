import { EmptyState } from '../../../shared/ui/EmptyState';
import { Page } from '../../../shared/ui/Page';
import { Panel } from '../../../shared/ui/Panel';
import { SettingsIcon } from '../../../shared/ui/icons';
import { InstallationPanel } from './InstallationPanel';

export function SettingsPage() {
  return (
    <Page title="Settings" description="Workspace preferences and details about this installation.">
      <InstallationPanel />
      <Panel title="Workspace" description="Team members, time zone and notification preferences.">
        <EmptyState icon={<SettingsIcon />} title="Nothing to configure yet">
          Sensible defaults are in use: times are shown in your browser's time zone. Team members and notification
          preferences will be managed here.
        </EmptyState>
      </Panel>
    </Page>
  );
}
