import { Link } from '@tanstack/react-router';
import { EmptyState } from '../../../shared/ui/EmptyState';
import { Page } from '../../../shared/ui/Page';
import { PulseIcon } from '../../../shared/ui/icons';

export function AccountHealthPage() {
  return (
    <Page title="Account Health" description="Is every connected account able to publish right now?">
      <EmptyState
        icon={<PulseIcon />}
        title="No accounts to monitor"
        action={
          <Link to="/accounts" className="button button--secondary">
            Connect an account
          </Link>
        }
      >
        For each connected TikTok and Instagram account you will see token expiry, recent publishing failures, rate
        limit headroom and warnings from the platform. Connect an account to start monitoring it.
      </EmptyState>
    </Page>
  );
}
