import { Link } from '@tanstack/react-router';
import { EmptyState } from '../../../shared/ui/EmptyState';
import { Page } from '../../../shared/ui/Page';
import { QueueIcon } from '../../../shared/ui/icons';

export function QueuePage() {
  return (
    <Page title="Queue" description="Every post waiting to go out, and where each one is right now.">
      <EmptyState
        icon={<QueueIcon />}
        title="No posts scheduled yet — connect an account, then schedule a video"
        action={
          <Link to="/accounts" className="button button--primary">
            Connect an account
          </Link>
        }
      >
        Scheduled posts appear here and move live through Scheduled → Uploading → Processing → Posted, or Failed with
        the platform's reason. Each target account is published exactly once.
      </EmptyState>
    </Page>
  );
}
