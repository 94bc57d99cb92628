import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

import { ANALYTICS_METRICS, formatMetric, platformName, type AgeFilter } from '../../../shared/analytics/metrics';
import { formatNumber } from '../../../shared/i18n/format';
import { formatDateTime } from '../../../shared/lib/dates';
import { Button } from '../../../shared/ui/Button';
import type { AnalyticsPost, AnalyticsPostsPage } from '../api/analytics';
import { ariaSortOf, type SortState } from '../lib/sorting';

interface PostsTableProps {
  page: AnalyticsPostsPage;
  sort: SortState;
  age: AgeFilter;
  timeZone: string;
  onSort: (metric: SortState['metric']) => void;
  onPage: (offset: number) => void;
  selectedId: string | null;
  onShowCurve: (post: AnalyticsPost) => void;
}

/** A post's caption as a short label ("(no caption)" when empty). */
export function captionOf(post: Pick<AnalyticsPost, 'caption'>, untitled: string): string {
  const text = post.caption.trim();
  return text === '' ? untitled : text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** The posts table: every metric a sortable column at the chosen age, paged by the API. */
export function PostsTable({ page, sort, age, timeZone, onSort, onPage, selectedId, onShowCurve }: PostsTableProps) {
  const { t } = useTranslation();
  const metricName = t(`analytics.metrics.${sort.metric}`);
  const ageText = t(`analytics.ageAt.${age}`);
  if (page.items.length === 0 && page.offset === 0) return <p className="muted">{t('analytics.table.empty', { metric: metricName, age: ageText })}</p>;
  const caption = t('analytics.table.caption', {
    metric: metricName,
    age: ageText,
    order: t(sort.order === 'desc' ? 'analytics.table.descending' : 'analytics.table.ascending'),
  });
  const first = page.offset + 1;
  const last = page.offset + page.items.length;
  return (
    <>
      <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
        <table className="table analytics-table analytics-posts">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{t('analytics.table.post')}</th>
              <th scope="col">{t('analytics.table.postedAt')}</th>
              {ANALYTICS_METRICS.map((metric) => (
                <th key={metric} scope="col" className="analytics-num" aria-sort={ariaSortOf(sort, metric)}>
                  <button type="button" className="analytics-sort" onClick={() => onSort(metric)}>
                    {t(`analytics.metrics.${metric}`)}
                    <span aria-hidden="true">{sort.metric === metric ? (sort.order === 'desc' ? ' ↓' : ' ↑') : ''}</span>
                  </button>
                </th>
              ))}
              <th scope="col">
                <span className="visually-hidden">{t('analytics.table.showCurve')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((post) => {
              const label = captionOf(post, t('analytics.table.untitled'));
              return (
                <tr key={post.publicationId} data-publication={post.publicationId} aria-current={post.publicationId === selectedId || undefined}>
                  <th scope="row" className="analytics-row-head">
                    <Link to="/posts/$id" params={{ id: post.contentItemId }} className="analytics-post-link">
                      {label}
                    </Link>
                    <span className="analytics-post-meta muted">
                      {platformName(post.platform)} @{post.handle}
                      {post.source === 'manual' ? ` · ${t('analytics.table.manual')}` : ''}
                    </span>
                  </th>
                  <td className="nowrap">{formatDateTime(post.postedAt, timeZone)}</td>
                  {ANALYTICS_METRICS.map((metric) => (
                    <td key={metric} className="analytics-num">
                      {formatMetric(metric, post.metrics[metric])}
                    </td>
                  ))}
                  <td>
                    <Button size="small" variant="ghost" aria-label={t('analytics.table.showCurveOf', { caption: label })} onClick={() => onShowCurve(post)}>
                      {t('analytics.table.showCurve')}
                    </Button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <nav className="analytics-pager" aria-label={t('analytics.table.pagination')}>
        <Button size="small" disabled={page.offset === 0} onClick={() => onPage(Math.max(0, page.offset - page.limit))}>
          {t('analytics.table.previous')}
        </Button>
        <span className="muted">{t('analytics.table.range', { from: formatNumber(first), to: formatNumber(last), total: formatNumber(page.total) })}</span>
        <Button size="small" disabled={last >= page.total} onClick={() => onPage(page.offset + page.limit)}>
          {t('analytics.table.next')}
        </Button>
      </nav>
    </>
  );
}
