import { EmptyState } from '../../../shared/ui/EmptyState';
import { Page } from '../../../shared/ui/Page';
import { BotIcon } from '../../../shared/ui/icons';

export function BotControlPage() {
  return (
    <Page title="Bot Control" description="Automations that act on your own accounts, within platform rules.">
      <EmptyState icon={<BotIcon />} title="No automations running">
        Automations such as recurring posting slots will be listed here with their limits, last run and a switch to
        pause each one instantly. Limits are enforced by the server, not just this screen. Connect an account before
        creating your first automation.
      </EmptyState>
    </Page>
  );
}
