import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

import { PUBLICATION_IN_FLIGHT_STATUSES } from '@mwr/domain';

import { formatPercent } from '../i18n/format';
import { useMe } from '../session/me';
import { roleAtLeast } from '../session/roles';
import { Button, buttonClassName } from '../ui/Button';
import { useToast } from '../ui/toast-store';
import { PLATFORM_LABELS } from './accounts';
import { usePublication, useResolvePublication, useRetryPublication, type Publication } from './content-items';
import { failureActions, type FailureAction } from './failure-actions';
import { isReconnectable, useReconnectAccount } from './reconnect';

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
  /** The post the lane belongs to (for "Edit video"); read from the publication's detail when left out. */
  contentItemId?: string;
}

/**
 * One platform's lane of a post: Scheduled → Uploading (%) → Processing → Posted (permalink), or
 * Failed with the platform's reason and what to do about it (Reconnect account, Edit video,
 * Retry). Fixed height: live changes never move the page. Errors of the actions are toasts.
 */
export function PublicationLane({ workspaceId, publication, handle, contentItemId }: PublicationLaneProps) {
  const { t } = useTranslation();
  const toast = useToast();
  const { data: me } = useMe();
  const stage = stageOf(publication.status);
  // Posted, link pending: the platform gives the link later (TikTok moderation) and a backfill fetches it.
  const awaitingLink = stage === 'posted' && !publication.permalink;
  // The detail carries upload progress, "needs review", the error class and the link's state; only fetched while it can matter.
  const detail = usePublication(workspaceId, publication.id, PUBLICATION_IN_FLIGHT_STATUSES.includes(publication.status) || stage === 'failed' || awaitingLink);
  const permalink = publication.permalink ?? detail.data?.permalink ?? null;
  const link = detail.data;
  const retry = useRetryPublication(workspaceId);
  const resolve = useResolvePublication(workspaceId);
  const reconnect = useReconnectAccount();
  const platform = PLATFORM_LABELS[publication.platform];
  const progress = detail.data?.progressBytes != null && detail.data.totalBytes ? detail.data.progressBytes / detail.data.totalBytes : null;
  const needsReview = detail.data?.needsReview ?? false;
  const currentIndex = stage === 'failed' || stage === 'cancelled' ? -1 : STAGES.indexOf(stage);
  const who = t('accounts.who', { handle, platform });
  const itemId = contentItemId ?? detail.data?.contentItemId;
  // Waiting on a person (issue #20): no timer, it goes out once the account can post again.
  const waitingOn = publication.waitingOn ?? null;
  const waitingReason = (on: NonNullable<Publication['waitingOn']>) =>
    t(`failures.reason.${on.code}`, { handle: on.handle, platform: PLATFORM_LABELS[on.platform] });
  const actions: FailureAction[] =
    stage === 'failed' && !needsReview
      ? failureActions({ errorClass: detail.data?.errorClass, errorCode: detail.data?.errorCode ?? publication.errorCode })
      : waitingOn && waitingOn.code !== 'account_restricted'
        ? ['reconnect']
        : [];

  function renderAction(action: FailureAction, primary: boolean) {
    const variant = primary ? 'primary' : 'secondary';
    switch (action) {
      case 'retry':
        return (
          <Button
            key={action}
            size="small"
            variant={variant}
            loading={retry.isPending}
            aria-label={t('content.retryOn', { who })}
            onClick={() => retry.mutate(publication.id, { onSuccess: () => toast.success(t('content.retryQueued'), who) })}
          >
            {t('content.retry')}
          </Button>
        );
      case 'reconnect':
        // Only admins may reconnect; others are sent to Accounts, which says whom to ask.
        return isReconnectable(publication.platform) && roleAtLeast(me.role, 'admin') ? (
          <Button
            key={action}
            size="small"
            variant={variant}
            loading={reconnect.isPending}
            aria-label={t('content.reconnectOf', { who })}
            onClick={() => isReconnectable(publication.platform) && reconnect.mutate(publication.platform)}
          >
            {t('content.reconnect')}
          </Button>
        ) : (
          <Link key={action} to="/accounts" className={buttonClassName({ variant, size: 'small' })} aria-label={t('content.reconnectOf', { who })}>
            {t('content.reconnect')}
          </Link>
        );
      case 'editVideo':
      case 'editPost':
        return itemId ? (
          <Link
            key={action}
            to="/compose"
            search={{ item: itemId }}
            className={buttonClassName({ variant, size: 'small' })}
            aria-label={t(action === 'editVideo' ? 'content.editVideoOf' : 'content.editPostOf', { who })}
          >
            {t(action === 'editVideo' ? 'content.editVideo' : 'content.editPost')}
          </Link>
        ) : null;
    }
  }

  return (
    <div
      className={`lane lane--${stage}${needsReview ? ' lane--review' : ''}${waitingOn ? ' lane--waiting' : ''}`}
      role="group"
      aria-label={t('content.laneOf', { who })}
      data-status={publication.status}
      data-waiting={waitingOn ? waitingOn.code : undefined}
    >
      <span className={`platform-badge platform-badge--${publication.platform}`}>{platform}</span>
      <span className="lane-handle">@{handle}</span>
      <ol className="lane-stages">
        {STAGES.map((name, index) => {
          const state = index < currentIndex ? 'done' : index === currentIndex ? 'current' : 'todo';
          const failedHere = stage === 'failed' && name === 'posted';
          return (
            <li key={name} className={`lane-stage lane-stage--${failedHere ? 'failed' : state}`} aria-current={state === 'current' ? 'step' : undefined}>
              {failedHere ? t('content.stage.failed') : t(`content.stage.${name}`)}
              {name === 'uploading' && state === 'current' && progress !== null ? <span className="lane-progress"> {formatPercent(progress)}</span> : null}
            </li>
          );
        })}
      </ol>
      <div className="lane-outcome" aria-live="polite">
        {stage === 'posted' && permalink ? (
          <a href={permalink} target="_blank" rel="noreferrer" className="lane-link">
            {t('content.viewOn', { platform })}
          </a>
        ) : null}
        {stage === 'posted' && !permalink && link?.linkStatus === 'pending' ? (
          <span className="muted lane-link-state" title={link.linkReason ?? undefined}>
            {t('content.linkPending')}
          </span>
        ) : null}
        {stage === 'posted' && !permalink && link?.linkStatus === 'none' ? (
          <span className="muted lane-link-state" title={link.linkReason ?? undefined}>
            {t('content.linkNone')}
          </span>
        ) : null}
        {stage === 'cancelled' ? <span className="muted">{t('content.stage.cancelled')}</span> : null}
        {stage === 'failed' ? (
          <span className="lane-reason" title={publication.errorMessage ?? undefined}>
            {publication.errorMessage ?? publication.errorCode ?? t('content.noReason')}
          </span>
        ) : null}
        {waitingOn ? (
          <span className="lane-reason lane-waiting" title={waitingReason(waitingOn)}>
            <strong>{t('failures.stage')}</strong> · {waitingReason(waitingOn)}
          </span>
        ) : null}
        {needsReview ? <strong className="lane-review-flag">{t('content.needsReview')}</strong> : null}
      </div>
      <div className="lane-actions">
        {actions.map((action, index) => renderAction(action, index === 0 && (actions.length > 1 || waitingOn !== null)))}
        {needsReview ? (
          <>
            <Button
              size="small"
              variant="primary"
              disabled={resolve.isPending}
              onClick={() => resolve.mutate({ id: publication.id, body: { outcome: 'posted' } })}
            >
              {t('content.markPosted')}
            </Button>
            <Button size="small" disabled={resolve.isPending} onClick={() => resolve.mutate({ id: publication.id, body: { outcome: 'failed' } })}>
              {t('content.markFailed')}
            </Button>
          </>
        ) : null}
      </div>
    </div>
  );
}
