import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

import { useWarRoomState } from './war-room-state';

/**
 * The queue header's count of posts that wait on a person (issue #20), from the war-room state
 * (`queue.counts.waitingPerson`); it leads to Accounts, where the person acts. Nothing when none wait.
 */
export function WaitingOnPersonCount({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const { data } = useWarRoomState(workspaceId);
  const waiting = data?.queue.counts.waitingPerson ?? 0;
  if (waiting === 0) return null;
  return (
    <Link to="/accounts" className="tag tag--warning" data-testid="queue-waiting-count" title={t('failures.count', { count: waiting })}>
      {t('failures.queueCount', { count: waiting })}
    </Link>
  );
}
