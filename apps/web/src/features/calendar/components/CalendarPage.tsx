import { Link } from '@tanstack/react-router';
import { EmptyState } from '../../../shared/ui/EmptyState';
import { Page } from '../../../shared/ui/Page';
import { CalendarIcon } from '../../../shared/ui/icons';

export function CalendarPage() {
  return (
    <Page title="Calendar" description="Your publishing schedule by week and month, across every account.">
      <EmptyState
        icon={<CalendarIcon />}
        title="Nothing on the calendar yet"
        action={
          <Link to="/accounts" className="button button--secondary">
            Connect an account
          </Link>
        }
      >
        Once videos are scheduled, each post is placed on its day and time here so you can spot gaps and clashes
        between accounts. Connect an account first, then schedule your first video.
      </EmptyState>
    </Page>
  );
}
