import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ChartLegend } from '../../../shared/analytics/ChartLegend';
import { compareAtAge, curveOf } from '../../../shared/analytics/curve';
import { LazyCurveChart } from '../../../shared/analytics/LazyCurveChart';
import { formatMetric, platformName, type AnalyticsMetric, type PostAge } from '../../../shared/analytics/metrics';
import { usePostSnapshots } from '../../../shared/analytics/post-snapshots';
import { formatNumber, formatPercent } from '../../../shared/i18n/format';
import { Button } from '../../../shared/ui/Button';
import { Panel } from '../../../shared/ui/Panel';
import { QueryFallback } from '../../../shared/ui/QueryFallback';
import type { AnalyticsPost } from '../api/analytics';
import { captionOf } from './PostsTable';

interface PostCurvePanelProps {
  workspaceId: string;
  post: AnalyticsPost;
  /** Posts it can be compared with (the table's current page). */
  candidates: readonly AnalyticsPost[];
  metric: AnalyticsMetric;
  onClose: () => void;
}

/** A post's curve over its readings, optionally against another post at the same ages. */
export function PostCurvePanel({ workspaceId, post, candidates, metric, onClose }: PostCurvePanelProps) {
  const { t } = useTranslation();
  const id = useId();
  const [otherId, setOtherId] = useState<string | null>(null);
  const others = candidates.filter((candidate) => candidate.publicationId !== post.publicationId);
  const other = others.find((candidate) => candidate.publicationId === otherId) ?? null;
  const snapshots = usePostSnapshots(workspaceId, post.publicationId);
  const otherSnapshots = usePostSnapshots(workspaceId, other?.publicationId ?? null);
  const untitled = t('analytics.table.untitled');
  const label = (p: AnalyticsPost) => `${captionOf(p, untitled)} (${platformName(p.platform)} @${p.handle})`;
  const metricName = t(`analytics.metrics.${metric}`);
  const format = (value: number) => formatMetric(metric, value);
  const ageLabel = (age: PostAge) => t(`analytics.age.${age}`);

  let body;
  if (!snapshots.data) {
    body = <QueryFallback query={snapshots} errorTitle={t('analytics.loadFailed')} />;
  } else {
    const mine = snapshots.data.snapshots;
    const theirs = other ? (otherSnapshots.data?.snapshots ?? []) : [];
    const series = [
      { key: post.publicationId, readings: curveOf(mine, metric) },
      ...(other ? [{ key: other.publicationId, readings: curveOf(theirs, metric) }] : []),
    ];
    const rows = compareAtAge(mine, theirs, metric);
    const evidence = mine.find((snapshot) => snapshot.evidence)?.evidence;
    body =
      rows.length === 0 ? (
        <p className="muted">{t('analytics.curve.empty')}</p>
      ) : (
        <figure className="analytics-figure" aria-labelledby={`${id}-caption`}>
          <LazyCurveChart series={series} ageLabel={ageLabel} format={format} />
          <ChartLegend
            items={[{ key: post.publicationId, label: label(post) }, ...(other ? [{ key: other.publicationId, label: label(other) }] : [])]}
            label={t('analytics.trend.series')}
          />
          <figcaption id={`${id}-caption`} className="analytics-caption muted">
            {t('analytics.curve.caption', { metric: metricName })}
          </figcaption>
          <div className="table-wrap" role="region" aria-label={t('analytics.curve.tableCaption', { metric: metricName })} tabIndex={0}>
            <table className="table analytics-table">
              <caption className="visually-hidden">{t('analytics.curve.tableCaption', { metric: metricName })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('analytics.curve.age')}</th>
                  <th scope="col" className="analytics-num">
                    {captionOf(post, untitled)}
                  </th>
                  {other ? (
                    <>
                      <th scope="col" className="analytics-num">
                        {captionOf(other, untitled)}
                      </th>
                      <th scope="col" className="analytics-num">
                        {t('analytics.curve.difference')}
                      </th>
                    </>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.age}>
                    <th scope="row">{ageLabel(row.age)}</th>
                    <td className="analytics-num">{formatMetric(metric, row.a)}</td>
                    {other ? (
                      <>
                        <td className="analytics-num">{formatMetric(metric, row.b)}</td>
                        <td className="analytics-num">
                          {row.difference === null ? t('analytics.none') : `${row.difference > 0 ? '+' : ''}${formatMetric(metric, row.difference)}`}
                        </td>
                      </>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {evidence ? (
            <p className="muted analytics-note">
              {t('analytics.curve.late', { similarity: formatPercent(evidence.captionSimilarity), delta: formatNumber(evidence.deltaSec) })}
            </p>
          ) : null}
        </figure>
      );
  }

  return (
    <Panel
      title={t('analytics.curve.of', { caption: captionOf(post, untitled) })}
      description={`${platformName(post.platform)} @${post.handle}`}
      aside={
        <Button size="small" variant="ghost" onClick={onClose}>
          {t('analytics.curve.close')}
        </Button>
      }
    >
      {others.length > 0 ? (
        <div className="analytics-field">
          <label className="form-label" htmlFor={`${id}-compare`}>
            {t('analytics.curve.compareWith')}
          </label>
          <select
            id={`${id}-compare`}
            className="input select input--compact"
            value={otherId ?? ''}
            onChange={(event) => setOtherId(event.target.value || null)}
          >
            <option value="">{t('analytics.curve.noComparison')}</option>
            {others.map((candidate) => (
              <option key={candidate.publicationId} value={candidate.publicationId}>
                {label(candidate)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {body}
    </Panel>
  );
}
