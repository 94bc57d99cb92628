import { Link } from '@tanstack/react-router';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';

import { useMe } from '../../../shared/session/me';
import { roleAtLeast } from '../../../shared/session/roles';
import { EmptyState } from '../../../shared/ui/EmptyState';
import { PulseIcon } from '../../../shared/ui/icons';
import { Page } from '../../../shared/ui/Page';
import { QueryFallback } from '../../../shared/ui/QueryFallback';
import { AlertList } from '../../../shared/war-room/AlertList';
import { useWarRoomState } from '../api/account-health';
import { HealthCard } from './HealthCard';

// Best times and posting slots (issue 24): their own chunk, loaded with the page's accounts.
const BestTimesPanel = lazy(() => import('./best-times/BestTimesPanel'));

function AccountHealthScreen({ workspaceId, canReconnect }: { workspaceId: string; canReconnect: boolean }) {
  const { t } = useTranslation();
  const state = useWarRoomState(workspaceId);

  let body;
  if (state.data && state.data.health.length > 0) {
    body = (
      <div className="health-list">
        {state.data.health.map((health) => (
          <HealthCard key={health.accountId} health={health} canReconnect={canReconnect} />
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
  } else {
    body = <QueryFallback query={state} errorTitle={t('health.loadFailed')} />;
  }

  return (
    <Page title={t('nav.accountHealth')} description={t('placeholders.accountHealth.description')}>
      <AlertList alerts={state.data?.alerts ?? []} label={t('alerts.listLabel')} />
      {body}
      {state.data && state.data.health.length > 0 ? (
        <Suspense fallback={null}>
          <BestTimesPanel workspaceId={workspaceId} accounts={state.data.health} />
        </Suspense>
      ) : null}
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
  return <AccountHealthScreen key={me.workspace.id} workspaceId={me.workspace.id} canReconnect={roleAtLeast(me.role, 'admin')} />;
}
