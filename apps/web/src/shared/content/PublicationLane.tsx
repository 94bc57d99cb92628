import { useTranslation } from 'react-i18next';
import { describeError } from '../api/errors';
import { formatPercent } from '../i18n/format';
import { PLATFORM_LABELS } from './accounts';
import { usePublication, useResolvePublication, useRetryPublication, type Publication } from './content-items';

const STAGES = ['scheduled', 'uploading', 'processing', 'posted'] as const;
type Stage = (typeof STAGES)[number] | 'failed' | 'cancelled';

function stageOf(status: Publication['status']): Stage {
  return status === 'pending' ? 'scheduled' : status;
}

interface PublicationLaneProps {
  workspaceId: string;
  publication: Publication;
  /** The target account's handle. */
  handle: string;
}

/**
 * One platform's lane of a post: Scheduled → Uploading (%) → Processing → Posted (permalink), or
 * Failed with the platform's reason and Retry. Fixed height: live changes never move the page.
 */
export function PublicationLane({ workspaceId, publication, handle }: PublicationLaneProps) {
  const { t } = useTranslation();
  const stage = stageOf(publication.status);
  // The detail carries upload progress and "needs review"; only fetched while it can matter.
  const detail = usePublication(workspaceId, publication.id, stage === 'uploading' || stage === 'processing' || stage === 'failed');
  const retry = useRetryPublication(workspaceId);
  const resolve = useResolvePublication(workspaceId);
  const platform = PLATFORM_LABELS[publication.platform];
  const progress =
    detail.data?.progressBytes != null && detail.data.totalBytes ? detail.data.progressBytes / detail.data.totalBytes : null;
  const needsReview = detail.data?.needsReview ?? false;
  const currentIndex = stage === 'failed' || stage === 'cancelled' ? -1 : STAGES.indexOf(stage);
  const who = t('accounts.who', { handle, platform });

  return (
    <div
      className={`lane lane--${stage}${needsReview ? ' lane--review' : ''}`}
      role="group"
      aria-label={t('content.laneOf', { who })}
      data-status={publication.status}
    >
      <span className={`platform-badge platform-badge--${publication.platform}`}>{platform}</span>
      <span className="lane-handle">@{handle}</span>
      <ol className="lane-stages">
        {STAGES.map((name, index) => {
          const state = index < currentIndex ? 'done' : index === currentIndex ? 'current' : 'todo';
          const failedHere = stage === 'failed' && name === 'posted';
          return (
            <li
              key={name}
              className={`lane-stage lane-stage--${failedHere ? 'failed' : state}`}
              aria-current={state === 'current' ? 'step' : undefined}
            >
              {failedHere ? t('content.stage.failed') : t(`content.stage.${name}`)}
              {name === 'uploading' && state === 'current' && progress !== null ? (
                <span className="lane-progress"> {formatPercent(progress)}</span>
              ) : null}
            </li>
          );
        })}
      </ol>
      <div className="lane-outcome" aria-live="polite">
        {stage === 'posted' && publication.permalink ? (
          <a href={publication.permalink} target="_blank" rel="noreferrer" className="lane-link">
            {t('content.viewOn', { platform })}
          </a>
        ) : null}
        {stage === 'cancelled' ? <span className="muted">{t('content.stage.cancelled')}</span> : null}
        {stage === 'failed' ? (
          <span className="lane-reason">{publication.errorMessage ?? publication.errorCode ?? t('content.noReason')}</span>
        ) : null}
        {needsReview ? <strong className="lane-review-flag">{t('content.needsReview')}</strong> : null}
      </div>
      <div className="lane-actions">
        {stage === 'failed' && !needsReview ? (
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={retry.isPending}
            aria-label={t('content.retryOn', { who })}
            onClick={() => retry.mutate(publication.id)}
          >
            {t('content.retry')}
          </button>
        ) : null}
        {needsReview ? (
          <>
            <button
              type="button"
              className="button button--primary button--small"
              disabled={resolve.isPending}
              onClick={() => resolve.mutate({ id: publication.id, body: { outcome: 'posted' } })}
            >
              {t('content.markPosted')}
            </button>
            <button
              type="button"
              className="button button--secondary button--small"
              disabled={resolve.isPending}
              onClick={() => resolve.mutate({ id: publication.id, body: { outcome: 'failed' } })}
            >
              {t('content.markFailed')}
            </button>
          </>
        ) : null}
        {retry.isError ? <span className="form-errors">{describeError(retry.error)}</span> : null}
        {resolve.isError ? <span className="form-errors">{describeError(resolve.error)}</span> : null}
      </div>
    </div>
  );
}
