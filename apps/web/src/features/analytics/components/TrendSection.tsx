import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ChartLegend } from '../../../shared/analytics/ChartLegend';
import { formatMetric, platformName, type AgeFilter, type AnalyticsMetric } from '../../../shared/analytics/metrics';
import { formatWith } from '../../../shared/lib/dates';
import { Button } from '../../../shared/ui/Button';
import { Panel } from '../../../shared/ui/Panel';
import { QueryFallback } from '../../../shared/ui/QueryFallback';
import { useAccountsAnalytics, type AnalyticsSummary } from '../api/analytics';
import type { DayRange } from '../lib/range';
import { trendRows, type TrendSeries } from '../lib/trend';

import '../../../shared/analytics/analytics-charts.css';

// recharts arrives with the first chart, not with the app.
const TrendChart = lazy(() => import('./TrendChart').then((module) => ({ default: module.TrendChart })));

/** "3 Dec": a day of the range (a label, read as UTC so no zone shifts it). */
function dayLabel(day: string): string {
  return formatWith(new Date(`${day}T12:00:00.000Z`), { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** Daily totals of one metric per platform or per account, as lines beside each other, with the same figures in a table. */
export function TrendSection({
  workspaceId,
  summary,
  metric,
  age,
  range,
  timeZone,
}: {
  workspaceId: string;
  summary: AnalyticsSummary;
  metric: AnalyticsMetric;
  age: AgeFilter;
  range: DayRange;
  timeZone: string;
}) {
  const { t } = useTranslation();
  const [by, setBy] = useState<'platform' | 'account'>('platform');
  // Per account, the API gives each account's trend on its own address (at the posts' latest readings).
  const accounts = useAccountsAnalytics(
    workspaceId,
    summary.accounts.map((a) => a.accountId),
    { ...range, timeZone },
    by === 'account',
  );
  const accountsLoading = by === 'account' && accounts.some((query) => !query.data);
  const accountsFailed = accounts.find((query) => query.isError);
  const series: TrendSeries[] =
    by === 'platform'
      ? summary.platforms.map((p) => ({ key: p.platform, label: p.displayName || platformName(p.platform), trend: p.trend }))
      : summary.accounts.map((a, index) => ({
          key: a.accountId,
          label: `${platformName(a.platform)} @${a.handle}`,
          trend: accounts[index]?.data?.trend ?? [],
        }));
  const rows = trendRows(series, metric, range);
  const withData = rows.filter((row) => row.values.some((value) => value !== null));
  const metricName = t(`analytics.metrics.${metric}`);
  const ageText = t(`analytics.ageAt.${by === 'account' ? 'latest' : age}`);
  return (
    <Panel title={t('analytics.trend.title')}>
      <div className="segmented analytics-segmented analytics-series-toggle" role="group" aria-label={t('analytics.trend.series')}>
        {(['platform', 'account'] as const).map((value) => (
          <Button key={value} size="small" variant={by === value ? 'primary' : 'ghost'} aria-pressed={by === value} onClick={() => setBy(value)}>
            {t(value === 'platform' ? 'analytics.trend.byPlatform' : 'analytics.trend.byAccount')}
          </Button>
        ))}
      </div>
      {by === 'account' && accountsFailed ? (
        <QueryFallback query={accountsFailed} errorTitle={t('analytics.loadFailed')} />
      ) : accountsLoading ? (
        <QueryFallback query={{ isError: false, error: null, isFetching: true, refetch: () => undefined }} errorTitle={t('analytics.loadFailed')} />
      ) : withData.length === 0 ? (
        <p className="muted">{t('analytics.trend.empty')}</p>
      ) : (
        <figure className="analytics-figure">
          <Suspense fallback={<p className="analytics-chart-loading muted">{t('analytics.trend.loadingChart')}</p>}>
            <TrendChart rows={rows} seriesCount={series.length} dayLabel={dayLabel} format={(value) => formatMetric(metric, value)} />
          </Suspense>
          <ChartLegend items={series} label={t('analytics.trend.series')} />
          <figcaption className="analytics-caption muted">{t('analytics.trend.caption', { metric: metricName, age: ageText })}</figcaption>
          <div className="visually-hidden">
            <table>
              <caption>{t('analytics.trend.tableCaption', { metric: metricName, age: ageText })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('analytics.trend.day')}</th>
                  {series.map((s) => (
                    <th key={s.key} scope="col">
                      {s.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {withData.map((row) => (
                  <tr key={row.date}>
                    <th scope="row">{dayLabel(row.date)}</th>
                    {row.values.map((value, index) => (
                      <td key={series[index]?.key ?? index}>{formatMetric(metric, value)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </figure>
      )}
    </Panel>
  );
}
