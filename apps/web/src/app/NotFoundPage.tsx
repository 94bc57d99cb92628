import { Link } from '@tanstack/react-router';
import { EmptyState } from '../shared/ui/EmptyState';
import { Page } from '../shared/ui/Page';
import { CompassIcon } from '../shared/ui/icons';

export function NotFoundPage() {
  return (
    <Page title="Page not found">
      <EmptyState
        icon={<CompassIcon />}
        title="There is nothing at this address"
        action={
          <Link to="/" className="button button--primary">
            Back to start
          </Link>
        }
      >
        The link may be out of date, or the page may have moved. Use the navigation to find what you were looking for.
      </EmptyState>
    </Page>
  );
}
