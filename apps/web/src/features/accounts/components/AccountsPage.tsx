import { EmptyState } from '../../../shared/ui/EmptyState';
import { Page } from '../../../shared/ui/Page';
import { UsersIcon } from '../../../shared/ui/icons';

export function AccountsPage() {
  return (
    <Page title="Accounts" description="The TikTok and Instagram accounts this team publishes to.">
      <EmptyState icon={<UsersIcon />} title="No accounts connected">
        Connected accounts will be listed here with their platform, owner and connection status. You connect an
        account by signing in with the platform's official login; your password is never shared with us. Start with
        the account you publish to most.
      </EmptyState>
    </Page>
  );
}
