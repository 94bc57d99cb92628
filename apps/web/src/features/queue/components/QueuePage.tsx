import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError } from '../../../shared/api/errors';
import { PLATFORM_LABELS, useAccounts } from '../../../shared/content/accounts';
import { useQueue, type ContentFilters } from '../../../shared/content/content-items';
import { useMe } from '../../../shared/session/me';
import { EmptyState } from '../../../shared/ui/EmptyState';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { QueueIcon } from '../../../shared/ui/icons';
import { Page } from '../../../shared/ui/Page';
import { Skeleton } from '../../../shared/ui/Skeleton';
import { AlertList } from '../../../shared/war-room/AlertList';
import { QUEUE_ALERT_RULES, useWarRoomState } from '../../../shared/war-room/war-room-state';
import { QueueItem } from './QueueItem';

const PLATFORM_FILTERS = ['tiktok', 'instagram'] as const;
const STATUS_FILTERS = {
  active: 'scheduled,publishing,paused',
  failed: 'failed,partially_published',
  published: 'published',
} as const;
type StatusFilter = keyof typeof STATUS_FILTERS | '';

function QueueScreen({ workspaceId, timeZone }: { workspaceId: string; timeZone: string }) {
  const { t } = useTranslation();
  const [platform, setPlatform] = useState<ContentFilters['platform'] | ''>('');
  const [status, setStatus] = useState<StatusFilter>('');
  const [accountId, setAccountId] = useState('');
  const filters: ContentFilters = {
    ...(platform ? { platform } : {}),
    ...(accountId ? { accountId } : {}),
    ...(status ? { status: STATUS_FILTERS[status] } : {}),
  };
  const queue = useQueue(workspaceId, filters);
  const accounts = useAccounts(workspaceId);
  const warRoom = useWarRoomState(workspaceId);
  const alerts = (warRoom.data?.alerts ?? []).filter((alert) => QUEUE_ALERT_RULES.has(alert.rule));
  const filtered = Boolean(platform || status || accountId);
  const handles = new Map((accounts.data ?? []).map((account) => [account.id, account.handle]));

  let body;
  if (queue.data && queue.data.length > 0) {
    body = (
      <ul className="queue-list" aria-label={t('queue.list')}>
        {queue.data.map((item) => (
          <li key={item.id}>
            <QueueItem item={item} workspaceId={workspaceId} timeZone={timeZone} handles={handles} />
          </li>
        ))}
      </ul>
    );
  } else if (queue.data && filtered) {
    body = <p className="muted">{t('queue.noMatch')}</p>;
  } else if (queue.data) {
    body = (
      <EmptyState
        icon={<QueueIcon />}
        title={t('queue.emptyTitle')}
        action={
          <Link to="/accounts" className="button button--primary">
            {t('common.connectAnAccount')}
          </Link>
        }
      >
        {t('queue.emptyBody')}
      </EmptyState>
    );
  } else if (queue.isError) {
    body = (
      <ErrorNotice title={t('queue.loadFailed')} onRetry={() => void queue.refetch()} retrying={queue.isFetching}>
        {describeError(queue.error)}
      </ErrorNotice>
    );
  } else {
    body = (
      <div aria-busy="true">
        <p className="visually-hidden">{t('queue.loading')}</p>
        <Skeleton width="70%" />
      </div>
    );
  }

  return (
    <Page
      title={t('nav.queue')}
      description={t('queue.description')}
      actions={
        <Link to="/compose" className="button button--primary">
          {t('composer.newPost')}
        </Link>
      }
    >
      <AlertList alerts={alerts} label={t('queue.alerts')} />
      <div className="filters" role="search" aria-label={t('queue.filters')}>
        <label className="filter">
          <span>{t('queue.platform')}</span>
          <select className="input select input--compact" value={platform} onChange={(event) => setPlatform(event.target.value as typeof platform)}>
            <option value="">{t('queue.allPlatforms')}</option>
            {PLATFORM_FILTERS.map((value) => (
              <option key={value} value={value}>
                {PLATFORM_LABELS[value]}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>{t('queue.account')}</span>
          <select className="input select input--compact" value={accountId} onChange={(event) => setAccountId(event.target.value)}>
            <option value="">{t('queue.allAccounts')}</option>
            {(accounts.data ?? []).map((account) => (
              <option key={account.id} value={account.id}>
                {`${PLATFORM_LABELS[account.platform]} · @${account.handle}`}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>{t('common.status')}</span>
          <select className="input select input--compact" value={status} onChange={(event) => setStatus(event.target.value as StatusFilter)}>
            <option value="">{t('queue.allStatuses')}</option>
            <option value="active">{t('queue.statusFilter.active')}</option>
            <option value="failed">{t('queue.statusFilter.failed')}</option>
            <option value="published">{t('queue.statusFilter.published')}</option>
          </select>
        </label>
      </div>
      {body}
    </Page>
  );
}

/** Home: every upcoming or in-flight post, one live lane per target platform. */
export function QueuePage() {
  const { data: me } = useMe();
  const { t } = useTranslation();
  if (!me.workspace) {
    return (
      <Page title={t('nav.queue')} description={t('queue.description')}>
        <p className="muted">{t('common.notInWorkspace')}</p>
      </Page>
    );
  }
  return <QueueScreen key={me.workspace.id} workspaceId={me.workspace.id} timeZone={me.workspace.timeZone} />;
}
