import { EmptyState } from '../../../shared/ui/EmptyState';
import { Page } from '../../../shared/ui/Page';
import { TrendIcon } from '../../../shared/ui/icons';

export function TrendsPage() {
  return (
    <Page title="Trends" description="What is working for your audience, from your own analytics.">
      <EmptyState icon={<TrendIcon />} title="No trend data yet">
        The trend radar ranks sounds, hashtags, formats and posting times by how they perform on your accounts. It is
        fed only by your own analytics, never by scraping. Data appears once your first posts have been live for a
        day.
      </EmptyState>
    </Page>
  );
}
