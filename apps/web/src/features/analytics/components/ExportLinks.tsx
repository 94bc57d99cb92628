import { useTranslation } from 'react-i18next';

import type { AgeFilter, AnalyticsMetric } from '../../../shared/analytics/metrics';
import { exportUrl } from '../api/analytics';
import type { DayRange } from '../lib/range';
import type { SortOrder } from '../lib/sorting';

interface ExportLinksProps {
  range: DayRange;
  age: AgeFilter;
  sort: AnalyticsMetric;
  order: SortOrder;
  timeZone: string;
}

/** The posts table (every page, as sorted) and every reading of the period, as CSV or JSON files. */
export function ExportLinks({ range, age, sort, order, timeZone }: ExportLinksProps) {
  const { t } = useTranslation();
  const links = [
    { key: 'postsCsv', dataset: 'posts', format: 'csv' },
    { key: 'postsJson', dataset: 'posts', format: 'json' },
    { key: 'snapshotsCsv', dataset: 'snapshots', format: 'csv' },
    { key: 'snapshotsJson', dataset: 'snapshots', format: 'json' },
  ] as const;
  return (
    <div className="analytics-export" role="group" aria-label={t('analytics.export.label')}>
      <span className="form-label">{t('analytics.export.label')}</span>
      {links.map((link) => (
        <a
          key={link.key}
          className="button button--secondary button--small"
          href={exportUrl({ ...range, timeZone, age, sort, order, dataset: link.dataset, format: link.format })}
          download
        >
          {t(`analytics.export.${link.key}`)}
        </a>
      ))}
    </div>
  );
}
