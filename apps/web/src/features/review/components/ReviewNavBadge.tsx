import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

import { reviewQueueQueryOptions } from '../../../shared/review/reviews';

/** The nav link's `aria-describedby`: the count is its description, so its name stays the screen's title. */
export const REVIEW_COUNT_DESCRIPTION_ID = 'nav-review-count';

/** The nav's count of posts to review (issue 25); nothing when there are none or approvals are off. */
export function ReviewNavBadge({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const { data } = useQuery(reviewQueueQueryOptions(workspaceId));
  const count = data?.count ?? 0;
  if (count === 0) return null;
  return (
    <>
      <span className="tag tag--warning nav-badge" data-testid="nav-review-badge" aria-hidden="true">
        {count}
      </span>
      <span id={REVIEW_COUNT_DESCRIPTION_ID} hidden>
        {t('review.navCount', { count })}
      </span>
    </>
  );
}
