import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError } from '../../../shared/api/errors';
import { useMe } from '../../../shared/session/me';
import { roleAtLeast } from '../../../shared/session/roles';
import { EmptyState } from '../../../shared/ui/EmptyState';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { UsersIcon } from '../../../shared/ui/icons';
import { Page } from '../../../shared/ui/Page';
import { Panel } from '../../../shared/ui/Panel';
import { Skeleton } from '../../../shared/ui/Skeleton';
import { useAccounts, type SocialAccount } from '../api/accounts';
import { AccountCard } from './AccountCard';
import { connectOutcomeOf, type ConnectOutcome } from './connect-outcome';
import { ConnectButtons } from './ConnectButtons';
import { ConnectOutcomeBanner } from './ConnectOutcomeBanner';
import { DisconnectDialog } from './DisconnectDialog';

/**
 * The outcome the API's OAuth callback put in the address, kept in state so the address can be
 * cleaned at once (a reload or a shared link must not show it again).
 */
function useConnectOutcome() {
  const search = useSearch({ from: '/app/accounts' });
  const navigate = useNavigate();
  const [outcome, setOutcome] = useState<ConnectOutcome | null>(() => connectOutcomeOf(search));

  useEffect(() => {
    const fromAddress = connectOutcomeOf(search);
    if (!fromAddress) return;
    setOutcome(fromAddress);
    void navigate({ to: '/accounts', search: {}, replace: true });
  }, [search, navigate]);

  return [outcome, () => setOutcome(null)] as const;
}

function AccountsScreen({ workspaceId, isAdmin, canTest }: { workspaceId: string; isAdmin: boolean; canTest: boolean }) {
  const { data, error, isError, isFetching, refetch } = useAccounts(workspaceId);
  const [outcome, dismissOutcome] = useConnectOutcome();
  const { t } = useTranslation();
  const [disconnecting, setDisconnecting] = useState<SocialAccount | null>(null);
  const hasAccounts = Boolean(data?.length);

  let body: ReactNode;
  if (data && data.length > 0) {
    body = (
      <ul className="account-list" aria-label={t('accounts.list')}>
        {data.map((account) => (
          <li key={account.id}>
            <AccountCard account={account} workspaceId={workspaceId} canTest={canTest} canManage={isAdmin} onDisconnect={setDisconnecting} />
          </li>
        ))}
      </ul>
    );
  } else if (data) {
    body = (
      <EmptyState
        icon={<UsersIcon />}
        title={t('accounts.emptyTitle')}
        action={isAdmin ? <ConnectButtons /> : <p className="muted">{t('accounts.askAdmin')}</p>}
      >
        {t('accounts.emptyBody')}
      </EmptyState>
    );
  } else if (isError) {
    body = (
      <ErrorNotice title={t('accounts.loadFailed')} onRetry={() => void refetch()} retrying={isFetching}>
        {describeError(error)}
      </ErrorNotice>
    );
  } else {
    body = (
      <div aria-busy="true">
        <p className="visually-hidden">{t('accounts.loading')}</p>
        <Skeleton width="60%" />
      </div>
    );
  }

  return (
    <Page title={t('accounts.title')} description={t('accounts.description')} actions={isAdmin && hasAccounts ? <ConnectButtons /> : undefined}>
      {outcome ? <ConnectOutcomeBanner outcome={outcome} accounts={data} onDismiss={dismissOutcome} /> : null}
      {body}
      {disconnecting ? (
        <DisconnectDialog account={disconnecting} accounts={data ?? []} workspaceId={workspaceId} onClose={() => setDisconnecting(null)} />
      ) : null}
    </Page>
  );
}

/** /accounts: the workspace's social accounts, their connection health, and connecting new ones. */
export function AccountsPage() {
  const { data: me } = useMe();
  const { workspace, role } = me;
  const { t } = useTranslation();

  if (!workspace) {
    return (
      <Page title={t('accounts.title')} description={t('accounts.description')}>
        <Panel title={t('common.workspace')}>
          <p className="muted">{t('common.notInWorkspace')}</p>
        </Panel>
      </Page>
    );
  }

  return <AccountsScreen key={workspace.id} workspaceId={workspace.id} isAdmin={roleAtLeast(role, 'admin')} canTest={roleAtLeast(role, 'editor')} />;
}
