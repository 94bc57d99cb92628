import { Link } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { QUEUE_STATE_NAMES, QUEUE_STATES, type QueueState } from '@mwr/domain';

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
import { WaitingOnPersonCount } from '../../../shared/war-room/WaitingOnPersonCount';
import { QUEUE_ALERT_RULES, useWarRoomState } from '../../../shared/war-room/war-room-state';
import { QueueItem } from './QueueItem';

const PLATFORM_FILTERS = ['tiktok', 'instagram'] as const;
/** Typing in the search box asks the API once the person pauses. */
const SEARCH_DELAY_MS = 300;

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

function QueueScreen({ workspaceId, timeZone }: { workspaceId: string; timeZone: string }) {
  const { t } = useTranslation();
  const [platform, setPlatform] = useState<ContentFilters['platform'] | ''>('');
  const [state, setState] = useState<QueueState>('all');
  const [accountId, setAccountId] = useState('');
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), SEARCH_DELAY_MS);
  const filters: ContentFilters = {
    ...(state !== 'all' ? { state } : {}),
    ...(platform ? { platform } : {}),
    ...(accountId ? { accountId } : {}),
    ...(q ? { q } : {}),
  };
  const queue = useQueue(workspaceId, filters);
  const accounts = useAccounts(workspaceId);
  const warRoom = useWarRoomState(workspaceId);
  const alerts = (warRoom.data?.alerts ?? []).filter((alert) => QUEUE_ALERT_RULES.has(alert.rule));
  const filtered = Boolean(platform || state !== 'all' || accountId || q);
  const handles = new Map((accounts.data ?? []).map((account) => [account.id, account.handle]));
  const items = queue.data?.pages.flatMap((page) => page.items);

  let body;
  if (items && items.length > 0) {
    body = (
      <>
        <ul className="queue-list" aria-label={t('manage.queue.list')}>
          {items.map((item) => (
            <li key={item.id}>
              <QueueItem item={item} workspaceId={workspaceId} timeZone={timeZone} handles={handles} />
            </li>
          ))}
        </ul>
        {queue.hasNextPage ? (
          <button type="button" className="button button--ghost queue-more" disabled={queue.isFetchingNextPage} onClick={() => void queue.fetchNextPage()}>
            {queue.isFetchingNextPage
              ? t('manage.queue.loadingMore')
              : t(QUEUE_STATES[state].order === 'asc' ? 'manage.queue.loadMoreUpcoming' : 'manage.queue.loadMore')}
          </button>
        ) : items.length > 10 ? (
          <p className="muted queue-end">{t('manage.queue.end')}</p>
        ) : null}
      </>
    );
  } else if (items && filtered) {
    body = <p className="muted">{t('queue.noMatch')}</p>;
  } else if (items) {
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
      <WaitingOnPersonCount workspaceId={workspaceId} />
      <div className="filters" role="search" aria-label={t('queue.filters')}>
        <label className="filter filter--search">
          <span>{t('manage.queue.search')}</span>
          <input
            type="search"
            className="input input--compact"
            value={search}
            placeholder={t('manage.queue.searchPlaceholder')}
            onChange={(event) => setSearch(event.target.value)}
          />
        </label>
        <label className="filter">
          <span>{t('manage.queue.state')}</span>
          <select className="input select input--compact" value={state} onChange={(event) => setState(event.target.value as QueueState)}>
            {QUEUE_STATE_NAMES.map((value) => (
              <option key={value} value={value}>
                {t(`manage.queue.states.${value}`)}
              </option>
            ))}
          </select>
        </label>
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
      </div>
      {body}
    </Page>
  );
}

/** Home: every post by scheduled time — what is coming, drafts, and the history paged back by cursor — one live lane per target platform. */
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
