import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

import { describeError } from '../../../shared/api/errors';
import { PLATFORM_LABELS } from '../../../shared/content/accounts';
import { formatDateTime } from '../../../shared/lib/dates';
import { useReviewQueue, type ReviewQueueItem } from '../../../shared/review/reviews';
import { useMe } from '../../../shared/session/me';
import { Badge } from '../../../shared/ui/Badge';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { Page } from '../../../shared/ui/Page';
import { Panel } from '../../../shared/ui/Panel';
import { Skeleton } from '../../../shared/ui/Skeleton';

import '../../../shared/review/review.css';

function QueueRow({ item, timeZone }: { item: ReviewQueueItem; timeZone: string }) {
  const { t } = useTranslation();
  return (
    <li className="review-row">
      <div className="review-row-main">
        <Link to="/posts/$id" params={{ id: item.id }} className="review-row-title">
          {item.title || item.caption.slice(0, 60) || item.id.slice(0, 8)}
        </Link>
        <Badge tone={item.reviewStatus === 'changes_requested' ? 'danger' : 'warning'}>{t(`review.status.${item.reviewStatus}`)}</Badge>
      </div>
      <p className="muted">
        {[
          item.scheduledAt ? formatDateTime(item.scheduledAt, timeZone) : null,
          item.platforms.map((p) => PLATFORM_LABELS[p as keyof typeof PLATFORM_LABELS] ?? p).join(', ') || null,
          item.author ? t('review.by', { name: item.author.name ?? t('review.someone') }) : null,
          item.openComments > 0 ? t('review.openComments', { count: item.openComments }) : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {item.voided ? <p>{t('review.voided', { name: item.voided.name ?? t('review.someone'), time: formatDateTime(item.voided.at, timeZone) })}</p> : null}
      <p className="review-row-caption">{item.caption}</p>
    </li>
  );
}

/** /reviews: posts awaiting an approval or sent back for changes, soonest first (issue 25). */
export function ReviewQueuePage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const workspace = me.workspace;
  const queue = useReviewQueue(workspace?.id ?? '');
  if (!workspace) return <Page title={t('review.title')}>{t('common.notInWorkspace')}</Page>;
  return (
    <Page title={t('review.title')} description={t('review.description')}>
      <Panel title={t('review.title')}>
        {queue.isError ? (
          <ErrorNotice title={t('review.loadFailed')} onRetry={() => void queue.refetch()}>
            {describeError(queue.error)}
          </ErrorNotice>
        ) : !queue.data ? (
          <Skeleton width="60%" />
        ) : queue.data.items.length === 0 ? (
          <p className="muted">{queue.data.policy === 'none' ? t('review.emptyOff') : t('review.empty')}</p>
        ) : (
          <ul className="review-list">
            {queue.data.items.map((item) => (
              <QueueRow key={item.id} item={item} timeZone={workspace.timeZone} />
            ))}
          </ul>
        )}
      </Panel>
    </Page>
  );
}
