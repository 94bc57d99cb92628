import { useTranslation } from 'react-i18next';

import { formatMetric, platformName, type AgeFilter, type AnalyticsMetric } from '../../../shared/analytics/metrics';
import { formatNumber } from '../../../shared/i18n/format';
import { formatDate } from '../../../shared/lib/dates';
import { Panel } from '../../../shared/ui/Panel';
import { QueryFallback } from '../../../shared/ui/QueryFallback';
import { useAnalyticsSummary, type AnalyticsSummary } from '../api/analytics';
import { comparePeriods } from '../lib/periods';
import { previousPeriod, type DayRange } from '../lib/range';

/** "+12 %" / "−5 %": a change as a signed percentage. */
function formatChange(change: number | null, none: string): string {
  if (change === null) return none;
  return formatNumber(change, { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' });
}

/** A range's first and last days as dates in the UI language (days are labels: read as UTC noon so no zone shifts them). */
function spanOf(range: DayRange): { from: string; to: string } {
  return { from: formatDate(`${range.from}T12:00:00Z`, 'UTC'), to: formatDate(`${range.to}T12:00:00Z`, 'UTC') };
}

/** This period against the one of the same length before it, both read at the same age. */
export function PeriodsSection({
  workspaceId,
  current,
  range,
  age,
  metric,
  timeZone,
}: {
  workspaceId: string;
  timeZone: string;
  current: AnalyticsSummary;
  range: DayRange;
  age: AgeFilter;
  metric: AnalyticsMetric;
}) {
  const { t } = useTranslation();
  const before = previousPeriod(range);
  const previous = useAnalyticsSummary(workspaceId, { ...before, timeZone, age });
  const metricName = t(`analytics.metrics.${metric}`);
  const caption = t('analytics.periods.caption', {
    metric: metricName,
    age: t(`analytics.ageAt.${age}`),
    current: t('analytics.periods.span', spanOf(range)),
    previous: t('analytics.periods.span', spanOf(before)),
  });
  return (
    <Panel title={t('analytics.periods.title')} description={t('analytics.periods.description')}>
      {previous.data && comparePeriods(current, previous.data, metric).length === 0 ? (
        <p className="muted">{t('analytics.top.empty')}</p>
      ) : previous.data ? (
        <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
          <table className="table analytics-table">
            <caption className="analytics-table-caption muted">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{t('analytics.periods.platform')}</th>
                <th scope="col" className="analytics-num">
                  {t('analytics.periods.current')}
                </th>
                <th scope="col" className="analytics-num">
                  {t('analytics.periods.previous')}
                </th>
                <th scope="col" className="analytics-num">
                  {t('analytics.periods.change')}
                </th>
              </tr>
            </thead>
            <tbody>
              {comparePeriods(current, previous.data, metric).map((row) => (
                <tr key={row.key}>
                  <th scope="row">
                    {row.key === 'combined' ? `${t('analytics.totals.combined')} (${row.platforms.map(platformName).join(', ')})` : platformName(row.key)}
                  </th>
                  <td className="analytics-num">{formatMetric(metric, row.current)}</td>
                  <td className="analytics-num">{formatMetric(metric, row.previous)}</td>
                  <td className="analytics-num">{formatChange(row.change, t('analytics.none'))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <QueryFallback query={previous} errorTitle={t('analytics.loadFailed')} />
      )}
    </Panel>
  );
}
