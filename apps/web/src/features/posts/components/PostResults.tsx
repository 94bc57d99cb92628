import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

import { curveOf } from '../../../shared/analytics/curve';
import { LazyCurveChart } from '../../../shared/analytics/LazyCurveChart';
import { formatMetric, KEY_METRICS, platformName, type Snapshot } from '../../../shared/analytics/metrics';
import { usePostSnapshots } from '../../../shared/analytics/post-snapshots';
import { describeError } from '../../../shared/api/errors';
import type { Publication } from '../../../shared/content/content-items';
import { Panel } from '../../../shared/ui/Panel';
import { Skeleton } from '../../../shared/ui/Skeleton';

/** One row per age: the platform's reading, else a hand-entered one. */
function readingsByAge(snapshots: readonly Snapshot[]): Snapshot[] {
  const ages = new Set(curveOf(snapshots, 'views').map((reading) => reading.age));
  return [...ages].map((age) => snapshots.find((s) => s.age === age && s.source === 'platform') ?? snapshots.find((s) => s.age === age)!);
}

function PublicationResults({ workspaceId, publication, handle }: { workspaceId: string; publication: Publication; handle: string }) {
  const { t } = useTranslation();
  const snapshots = usePostSnapshots(workspaceId, publication.id);
  const title = t('analytics.results.of', { platform: platformName(publication.platform), handle });
  let body;
  if (snapshots.data) {
    const rows = readingsByAge(snapshots.data.snapshots);
    body =
      rows.length === 0 ? (
        <p className="muted">{t('analytics.curve.empty')}</p>
      ) : (
        <figure className="analytics-figure">
          <LazyCurveChart
            series={[{ key: publication.id, readings: curveOf(snapshots.data.snapshots, 'views') }]}
            ageLabel={(age) => t(`analytics.age.${age}`)}
            format={(value) => formatMetric('views', value)}
            height={160}
          />
          <figcaption className="analytics-caption muted">{t('analytics.curve.caption', { metric: t('analytics.metrics.views') })}</figcaption>
          <div className="table-wrap" role="region" aria-label={title} tabIndex={0}>
            <table className="table analytics-table">
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('analytics.curve.age')}</th>
                  {KEY_METRICS.map((metric) => (
                    <th key={metric} scope="col" className="analytics-num">
                      {t(`analytics.metrics.${metric}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.age}>
                    <th scope="row">{t(`analytics.age.${row.age}`)}</th>
                    {KEY_METRICS.map((metric) => (
                      <td key={metric} className="analytics-num">
                        {formatMetric(metric, row.metrics[metric])}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </figure>
      );
  } else if (snapshots.isError) {
    body = <p className="form-errors">{`${t('analytics.results.loadFailed')}: ${describeError(snapshots.error)}`}</p>;
  } else {
    body = <Skeleton width="50%" />;
  }
  return (
    <section className="post-results" aria-label={title}>
      <h3 className="form-section-title">{title}</h3>
      {body}
    </section>
  );
}

/** The post's numbers read from each platform it went live on, with its views curve (issue 21). */
export function PostResults({
  workspaceId,
  publications,
  handleOf,
}: {
  workspaceId: string;
  publications: readonly Publication[];
  handleOf: (publication: Publication) => string;
}) {
  const { t } = useTranslation();
  const live = publications.filter((publication) => publication.status === 'posted');
  return (
    <Panel
      title={t('analytics.results.title')}
      description={t('analytics.results.description')}
      aside={
        live.length > 0 ? (
          <Link to="/analytics" className="button button--ghost button--small">
            {t('analytics.results.openAnalytics')}
          </Link>
        ) : null
      }
    >
      {live.length === 0 ? (
        <p className="muted">{t('analytics.results.notLive')}</p>
      ) : (
        live.map((publication) => (
          <PublicationResults key={publication.id} workspaceId={workspaceId} publication={publication} handle={handleOf(publication)} />
        ))
      )}
    </Panel>
  );
}
