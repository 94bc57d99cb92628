import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

import { shownContentStatus } from '@mwr/domain';

import { PLATFORM_LABELS } from '../../../shared/content/accounts';
import type { ContentItem } from '../../../shared/content/content-items';
import { PublicationLane } from '../../../shared/content/PublicationLane';
import { formatDateTime } from '../../../shared/lib/dates';
import { reviewQueueQueryOptions } from '../../../shared/review/reviews';
import { PostActions } from '../../posts/components/PostActions';

import './queue.css';

interface QueueItemProps {
  item: ContentItem;
  workspaceId: string;
  timeZone: string;
  /** Account id → handle, for targets the item does not name. */
  handles: ReadonlyMap<string, string>;
}

/** One post in the queue: what and when, its actions, then one lane per target platform. */
export function QueueItem({ item, workspaceId, timeZone, handles }: QueueItemProps) {
  const { t } = useTranslation();
  const title = item.title || item.caption.split('\n')[0] || t('content.untitled');
  // "Publishing" once a first target actually starts, not when the scheduler picks it up a little early.
  const status = shownContentStatus(
    item.status,
    item.publications.map((publication) => publication.status),
  );
  const isDraft = item.status === 'draft';
  // Awaiting approval, in review or sent back (issue 25): one shared query for the whole queue.
  const review = useQuery(reviewQueueQueryOptions(workspaceId)).data?.items.find((entry) => entry.id === item.id)?.reviewStatus;
  const handleOf = (accountId: string) =>
    item.targets.find((target) => target.accountId === accountId)?.handle ?? handles.get(accountId) ?? accountId.slice(0, 8);

  return (
    <article className={`queue-item queue-item--${status}`} aria-label={title} data-status={status}>
      <header className="queue-item-header">
        <Link to="/posts/$id" params={{ id: item.id }} className="queue-item-title">
          {title}
        </Link>
        <span className={`status-chip status-chip--${status}`}>{t(`content.status.${status}`)}</span>
        {review ? (
          <span className="status-chip status-chip--paused" data-review={review}>
            {t(`review.status.${review}`)}
          </span>
        ) : null}
        {item.scheduledAt ? (
          <time className="queue-item-time" dateTime={item.scheduledAt}>
            {formatDateTime(item.scheduledAt, timeZone)}
          </time>
        ) : isDraft ? (
          <span className="queue-item-time muted">{t('manage.queue.draftNoTime')}</span>
        ) : null}
        <span className="queue-item-actions">
          <PostActions item={item} workspaceId={workspaceId} layout="menu" />
        </span>
      </header>
      <div className="lanes">
        {item.publications.length > 0
          ? item.publications.map((publication) => (
              <PublicationLane key={publication.id} workspaceId={workspaceId} publication={publication} handle={handleOf(publication.accountId)} />
            ))
          : item.targets.map((target) => (
              <div key={target.accountId} className={`lane lane--${isDraft ? 'draft' : 'scheduled'}`} role="group" aria-label={`@${target.handle}`}>
                <span className={`platform-badge platform-badge--${target.platform}`}>{PLATFORM_LABELS[target.platform]}</span>
                <span className="lane-handle">@{target.handle}</span>
                <ol className="lane-stages">
                  <li className="lane-stage lane-stage--current">{review ? t(`review.status.${review}`) : t(`content.status.${item.status}`)}</li>
                </ol>
              </div>
            ))}
      </div>
    </article>
  );
}
