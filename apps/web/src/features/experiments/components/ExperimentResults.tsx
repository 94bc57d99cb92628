import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

import { PLATFORM_LABELS } from '../../../shared/content/accounts';
import { formatNumber, formatPercent } from '../../../shared/i18n/format';
import { formatDateTime } from '../../../shared/lib/dates';
import { useCancelExperiment, type Experiment } from '../api/experiments';

/** A probability with one decimal: never "100 %" for 0.9993. */
const formatProbability = (p: number): string => formatNumber(p, { style: 'percent', maximumFractionDigits: 1 });

/** The verdict in words: the winner and its probability, or why there is none. */
export function VerdictSentence({ experiment }: { experiment: Experiment }) {
  const { t } = useTranslation();
  const verdict = experiment.verdict;
  const metric = t(`experiments.metric.${experiment.metric}`);
  const age = t(`experiments.age.${experiment.age}`);
  if (!verdict) return null;
  const threshold = formatPercent(verdict.threshold);
  if (verdict.reason === 'missing_figures')
    return <p className="experiment-verdict">{t('experiments.verdict.missingFigures', { labels: (verdict.missing ?? []).join(', ') })}</p>;
  const winner = verdict.variants.find((v) => v.label === verdict.winner);
  return (
    <p className="experiment-verdict">
      <strong>
        {winner
          ? t('experiments.verdict.winner', { label: winner.label, probability: formatProbability(winner.pBest), metric, age })
          : t('experiments.verdict.noClearWinner', { threshold })}
      </strong>
    </p>
  );
}

/** One experiment: its status, the verdict in words, each variant's caption, post, figure and probability of being best. */
export function ExperimentResults({
  workspaceId,
  experiment,
  timeZone,
  showPostLink = false,
}: {
  workspaceId: string;
  experiment: Experiment;
  timeZone: string;
  showPostLink?: boolean;
}) {
  const { t } = useTranslation();
  const cancel = useCancelExperiment(workspaceId);
  const metric = t(`experiments.metric.${experiment.metric}`);
  const age = t(`experiments.age.${experiment.age}`);
  const open = experiment.status === 'running' || experiment.status === 'waiting_for_age';
  const resultOf = (label: string) => experiment.verdict?.variants.find((v) => v.label === label);
  const title = t('experiments.for', { platform: PLATFORM_LABELS[experiment.platform], metric, age });
  return (
    <article className="experiment" aria-label={title}>
      <header className="experiment-header">
        <h3 className="form-section-title">{title}</h3>
        <p className="muted">
          {t('experiments.createdAt', { date: formatDateTime(experiment.createdAt, timeZone) })} · {t(`experiments.status.${experiment.status}`, { age })}
          {experiment.cancelReason ? ` · ${t(`experiments.cancelReason.${experiment.cancelReason}`)}` : ''}
        </p>
      </header>
      <VerdictSentence experiment={experiment} />
      <div className="table-wrap" role="region" aria-label={t('experiments.table.caption')} tabIndex={0}>
        <table className="table experiment-table">
          <caption className="visually-hidden">{t('experiments.table.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('experiments.table.variant')}</th>
              <th scope="col">{t('experiments.table.captionText')}</th>
              <th scope="col">{t('experiments.table.account')}</th>
              <th scope="col">{t('experiments.table.post')}</th>
              <th scope="col" className="analytics-num">
                {t('experiments.table.figure', { metric, age })}
              </th>
              <th scope="col" className="analytics-num">
                {t('experiments.table.vsUsual')}
              </th>
              <th scope="col">{t('experiments.table.pBest')}</th>
            </tr>
          </thead>
          <tbody>
            {experiment.variants.map((variant) => {
              const result = resultOf(variant.label);
              return (
                <tr key={variant.label} className={experiment.verdict?.winner === variant.label ? 'experiment-winner' : undefined}>
                  <th scope="row">{variant.label}</th>
                  <td className="experiment-caption">{variant.caption}</td>
                  <td>@{variant.handle}</td>
                  <td>
                    {variant.permalink ? (
                      <a href={variant.permalink} target="_blank" rel="noreferrer">
                        {t(`content.stage.${variant.publicationStatus ?? 'scheduled'}`, { defaultValue: variant.publicationStatus ?? '' })}
                      </a>
                    ) : (
                      <Link to="/posts/$id" params={{ id: variant.itemId }}>
                        {variant.publicationStatus
                          ? t(`content.stage.${variant.publicationStatus}`, { defaultValue: variant.publicationStatus })
                          : formatDateTime(variant.scheduledAt, timeZone)}
                      </Link>
                    )}
                  </td>
                  <td className="analytics-num">{result ? formatNumber(result.value) : t('experiments.table.notYet')}</td>
                  <td
                    className="analytics-num"
                    title={
                      result
                        ? result.varianceSource === 'account'
                          ? t('experiments.table.spreadAccount', { count: result.baselinePosts })
                          : t('experiments.table.spreadDefault')
                        : undefined
                    }
                  >
                    {result ? `×${formatNumber(Math.exp(result.score), { maximumFractionDigits: 2 })}` : '—'}
                  </td>
                  <td>
                    {result ? (
                      <span className="experiment-pbest">
                        <meter min={0} max={1} value={result.pBest} aria-label={t('experiments.table.pBest')} />
                        <span>{formatProbability(result.pBest)}</span>
                      </span>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {experiment.verdict && experiment.verdict.variants.length > 0 ? (
        <p className="muted experiment-method">{t('experiments.verdict.method', { threshold: formatPercent(experiment.verdict.threshold) })}</p>
      ) : null}
      <footer className="experiment-actions">
        {showPostLink ? (
          <Link to="/posts/$id" params={{ id: experiment.itemId }} className="button button--ghost button--small">
            {t('experiments.openPost')}
          </Link>
        ) : null}
        {open ? (
          <button
            type="button"
            className="button button--ghost button--small"
            disabled={cancel.isPending}
            onClick={() => cancel.mutate(experiment.id)}
            title={t('experiments.cancelHint')}
          >
            {cancel.isPending ? t('experiments.cancelling') : t('experiments.cancel')}
          </button>
        ) : null}
      </footer>
    </article>
  );
}
