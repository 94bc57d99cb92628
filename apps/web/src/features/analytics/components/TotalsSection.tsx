import { useTranslation } from 'react-i18next';

import { ANALYTICS_METRICS, formatMetric, platformName, type AgeFilter, type MetricValues } from '../../../shared/analytics/metrics';
import { Panel } from '../../../shared/ui/Panel';
import type { AnalyticsSummary } from '../api/analytics';

function MetricList({ totals }: { totals: MetricValues }) {
  const { t } = useTranslation();
  return (
    <dl className="analytics-metrics">
      {ANALYTICS_METRICS.map((metric) => (
        <div key={metric} className="analytics-metric">
          <dt>{t(`analytics.metrics.${metric}`)}</dt>
          <dd>{formatMetric(metric, totals[metric])}</dd>
        </div>
      ))}
    </dl>
  );
}

function TotalsCard({
  title,
  subtitle,
  posts,
  totals,
  tone,
}: {
  title: string;
  subtitle?: string;
  posts: number;
  totals: MetricValues;
  tone?: 'combined' | 'apart';
}) {
  const { t } = useTranslation();
  return (
    <article className={`analytics-card${tone ? ` analytics-card--${tone}` : ''}`} aria-label={title}>
      <h3 className="analytics-card-title">{title}</h3>
      {subtitle ? <p className="analytics-card-subtitle muted">{subtitle}</p> : null}
      <p className="analytics-card-posts">{t('analytics.posts', { count: posts })}</p>
      <MetricList totals={totals} />
    </article>
  );
}

/**
 * Totals per platform, and combined over the platforms whose terms allow it. A platform that must
 * never be summed with others (YouTube, docs/platform-apis.md §11) is shown beside, marked apart.
 */
export function TotalsSection({ summary, age }: { summary: AnalyticsSummary; age: AgeFilter }) {
  const { t } = useTranslation();
  const apart = new Set(summary.separatePlatforms);
  const combinedNames = summary.combined.platforms.map(platformName).join(', ');
  return (
    <Panel title={t('analytics.totals.title')} description={t('analytics.engagementNote')}>
      {summary.platforms.length === 0 ? (
        <p className="muted">{t('analytics.totals.empty', { age: t(`analytics.ageAt.${age}`) })}</p>
      ) : (
        <>
          <div className="analytics-cards">
            {summary.combined.platforms.length > 1 ? (
              <TotalsCard
                title={t('analytics.totals.combined')}
                subtitle={t('analytics.totals.combinedOver', { platforms: combinedNames })}
                posts={summary.combined.posts}
                totals={summary.combined.totals}
                tone="combined"
              />
            ) : null}
            {summary.platforms.map((platform) => (
              <TotalsCard
                key={platform.platform}
                title={platform.displayName || platformName(platform.platform)}
                {...(apart.has(platform.platform) ? { subtitle: t('analytics.totals.apart'), tone: 'apart' as const } : {})}
                posts={platform.posts}
                totals={platform.totals}
              />
            ))}
          </div>
          {summary.separatePlatforms.length > 0 ? (
            <p className="analytics-note muted">{t('analytics.totals.apartNote', { platforms: summary.separatePlatforms.map(platformName).join(', ') })}</p>
          ) : null}
        </>
      )}
    </Panel>
  );
}
