import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../../shared/api/errors';
import { useMe } from '../../../shared/session/me';
import { AlertList } from '../../../shared/war-room/AlertList';
import { EmptyState } from '../../../shared/ui/EmptyState';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { Page } from '../../../shared/ui/Page';
import { Skeleton } from '../../../shared/ui/Skeleton';
import { PulseIcon } from '../../../shared/ui/icons';
import { useWarRoomState } from '../api/account-health';
import { HealthCard } from './HealthCard';

function AccountHealthScreen({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const state = useWarRoomState(workspaceId);

  let body;
  if (state.data && state.data.health.length > 0) {
    body = (
      <div className="health-list">
        {state.data.health.map((health) => (
          <HealthCard key={health.accountId} health={health} />
        ))}
      </div>
    );
  } else if (state.data) {
    body = (
      <EmptyState
        icon={<PulseIcon />}
        title={t('placeholders.accountHealth.emptyTitle')}
        action={
          <Link to="/accounts" className="button button--secondary">
            {t('common.connectAnAccount')}
          </Link>
        }
      >
        {t('placeholders.accountHealth.emptyBody')}
      </EmptyState>
    );
  } else if (state.isError) {
    body = (
      <ErrorNotice title={t('health.loadFailed')} onRetry={() => void state.refetch()} retrying={state.isFetching}>
        {describeError(state.error)}
      </ErrorNotice>
    );
  } else {
    body = (
      <div aria-busy="true">
        <p className="visually-hidden">{t('common.loading')}</p>
        <Skeleton width="70%" />
      </div>
    );
  }

  return (
    <Page title={t('nav.accountHealth')} description={t('placeholders.accountHealth.description')}>
      <AlertList alerts={state.data?.alerts ?? []} label={t('alerts.listLabel')} />
      {body}
    </Page>
  );
}

/** Can every connected account publish right now: token, rate-limit headroom, failures, cadence, last error. */
export function AccountHealthPage() {
  const { data: me } = useMe();
  const { t } = useTranslation();
  if (!me.workspace) {
    return (
      <Page title={t('nav.accountHealth')} description={t('placeholders.accountHealth.description')}>
        <p className="muted">{t('common.notInWorkspace')}</p>
      </Page>
    );
  }
  return <AccountHealthScreen key={me.workspace.id} workspaceId={me.workspace.id} />;
}
