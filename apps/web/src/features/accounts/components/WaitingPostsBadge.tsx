import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

import { accountsQueryOptions } from '../api/accounts';

/** The badge is a reminder, not a live figure: the accounts list is looked at again this often. */
const BADGE_REFRESH_MS = 15_000;

/** The nav link's `aria-describedby`: the count is its description, so its name stays the screen's title. */
export const WAITING_POSTS_DESCRIPTION_ID = 'nav-waiting-posts';

/**
 * The nav's reminder on Accounts (issue #20): how many posts wait on a person (an account to
 * reconnect, a restriction to lift). Nothing when none wait.
 */
export function WaitingPostsBadge({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const { data } = useQuery({ ...accountsQueryOptions(workspaceId), refetchInterval: BADGE_REFRESH_MS });
  const waiting = (data ?? []).reduce((sum, account) => sum + (account.waitingPosts ?? 0), 0);
  if (waiting === 0) return null;
  return (
    <>
      <span className="tag tag--warning nav-badge" data-testid="nav-waiting-badge" aria-hidden="true">
        {waiting}
      </span>
      <span id={WAITING_POSTS_DESCRIPTION_ID} hidden>
        {t('failures.count', { count: waiting })}
      </span>
    </>
  );
}
