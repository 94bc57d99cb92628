import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

import { formatMetric, platformName, type AgeFilter, type AnalyticsMetric } from '../../../shared/analytics/metrics';
import { Panel } from '../../../shared/ui/Panel';
import { QueryFallback } from '../../../shared/ui/QueryFallback';
import { useAnalyticsPosts } from '../api/analytics';
import type { DayRange } from '../lib/range';
import { captionOf } from './PostsTable';

export const TOP_POSTS = 5;

/** The five posts of the period with the most of one metric at the chosen age. */
export function TopPosts({ workspaceId, range, age, metric }: { workspaceId: string; range: DayRange; age: AgeFilter; metric: AnalyticsMetric }) {
  const { t } = useTranslation();
  const top = useAnalyticsPosts(workspaceId, { ...range, age, sort: metric, order: 'desc', limit: TOP_POSTS, offset: 0 });
  const metricName = t(`analytics.metrics.${metric}`);
  return (
    <Panel title={t('analytics.top.title')} description={t('analytics.top.description', { metric: metricName, age: t(`analytics.ageAt.${age}`) })}>
      {top.data ? (
        top.data.items.length === 0 ? (
          <p className="muted">{t('analytics.top.empty')}</p>
        ) : (
          <ol className="analytics-top">
            {top.data.items.map((post) => (
              <li key={post.publicationId}>
                <Link to="/posts/$id" params={{ id: post.contentItemId }} className="analytics-post-link">
                  {captionOf(post, t('analytics.table.untitled'))}
                </Link>
                <span className="muted">
                  {platformName(post.platform)} @{post.handle}
                </span>
                <strong className="analytics-top-value">
                  {formatMetric(metric, post.metrics[metric])} <span className="visually-hidden">{metricName}</span>
                </strong>
              </li>
            ))}
          </ol>
        )
      ) : (
        <QueryFallback query={top} errorTitle={t('analytics.loadFailed')} />
      )}
    </Panel>
  );
}
