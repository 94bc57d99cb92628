import { useTranslation } from 'react-i18next';

import { PLATFORM_LABELS } from '../../../shared/content/accounts';
import { formatNumber, formatPercent } from '../../../shared/i18n/format';
import { EmptyState } from '../../../shared/ui/EmptyState';
import { QueryFallback } from '../../../shared/ui/QueryFallback';
import { useSourceResults } from '../api/radar';
import { sourceLabel } from './radar-words';

/**
 * How trend-linked posts did against their account's baseline at the same age, one row per
 * source and platform. No total row: YouTube's figures are never added to another platform's.
 */
export function SourceResultsTab({ workspaceId, active }: { workspaceId: string; active: boolean }) {
  const { t } = useTranslation();
  const results = useSourceResults(workspaceId, active);
  if (!results.data) return <QueryFallback query={results} errorTitle={t('trendRadar.results.loadFailed')} />;
  if (results.data.length === 0) return <EmptyState title={t('trendRadar.results.emptyTitle')}>{t('trendRadar.results.emptyBody')}</EmptyState>;
  return (
    <div className="radar-table-scroll" role="region" aria-label={t('trendRadar.results.title')} tabIndex={0}>
      <table className="radar-table">
        <caption>{t('trendRadar.results.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('trendRadar.results.source')}</th>
            <th scope="col">{t('trendRadar.results.platform')}</th>
            <th scope="col">{t('trendRadar.results.posts')}</th>
            <th scope="col">{t('trendRadar.results.beat')}</th>
            <th scope="col">{t('trendRadar.results.ratio')}</th>
          </tr>
        </thead>
        <tbody>
          {results.data.map((row) => (
            <tr key={`${row.source}-${row.platform}`}>
              <th scope="row">{sourceLabel(t, row.source)}</th>
              <td>{PLATFORM_LABELS[row.platform as keyof typeof PLATFORM_LABELS] ?? row.platform}</td>
              <td>{formatNumber(row.posts)}</td>
              <td>
                {formatNumber(row.beatBaseline)}
                {row.interval && row.interval.length === 2
                  ? ` (${t('trendRadar.results.interval', { low: formatPercent(row.interval[0]!), high: formatPercent(row.interval[1]!) })})`
                  : ''}
              </td>
              <td>{row.medianRatio === null ? '—' : t('trendRadar.results.times', { ratio: formatNumber(row.medianRatio, { maximumFractionDigits: 2 }) })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
