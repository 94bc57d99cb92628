import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState, type ReactNode } from 'react';
import { describeError } from '../../../shared/api/errors';
import { useMe } from '../../../shared/session/me';
import { roleAtLeast } from '../../../shared/session/roles';
import { Dialog } from '../../../shared/ui/Dialog';
import { EmptyState } from '../../../shared/ui/EmptyState';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { Page } from '../../../shared/ui/Page';
import { Panel } from '../../../shared/ui/Panel';
import { Skeleton } from '../../../shared/ui/Skeleton';
import { UsersIcon } from '../../../shared/ui/icons';
import { PLATFORM_LABELS, useAccounts, useDisconnectAccount, type SocialAccount } from '../api/accounts';
import { AccountCard } from './AccountCard';
import { ConnectButtons } from './ConnectButtons';
import { ConnectOutcomeBanner } from './ConnectOutcomeBanner';
import { connectOutcomeOf, type ConnectOutcome } from './connect-outcome';

const DESCRIPTION = 'The TikTok and Instagram accounts this team publishes to.';

function DisconnectDialog({ account, workspaceId, onClose }: { account: SocialAccount; workspaceId: string; onClose: () => void }) {
  const disconnect = useDisconnectAccount(workspaceId);
  return (
    <Dialog
      title={`Disconnect ${PLATFORM_LABELS[account.platform]} @${account.handle}?`}
      description="Its access is revoked at the platform and its tokens are deleted: scheduled posts to it stop going out. Its history stays, and you can reconnect it later."
      onDismiss={disconnect.isPending ? undefined : onClose}
      actions={
        <>
          <button type="button" className="button button--secondary" onClick={onClose} disabled={disconnect.isPending} data-autofocus>
            Cancel
          </button>
          <button
            type="button"
            className="button button--danger"
            disabled={disconnect.isPending}
            onClick={() => disconnect.mutate(account.id, { onSuccess: onClose })}
          >
            {disconnect.isPending ? 'Disconnecting…' : 'Disconnect account'}
          </button>
        </>
      }
    >
      {disconnect.isError ? (
        <ErrorNotice title="Couldn't disconnect the account">{describeError(disconnect.error)}</ErrorNotice>
      ) : null}
    </Dialog>
  );
}

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
  const [disconnecting, setDisconnecting] = useState<SocialAccount | null>(null);
  const hasAccounts = Boolean(data?.length);

  let body: ReactNode;
  if (data && data.length > 0) {
    body = (
      <ul className="account-list" aria-label="Connected accounts">
        {data.map((account) => (
          <li key={account.id}>
            <AccountCard
              account={account}
              workspaceId={workspaceId}
              canTest={canTest}
              canManage={isAdmin}
              onDisconnect={setDisconnecting}
            />
          </li>
        ))}
      </ul>
    );
  } else if (data) {
    body = (
      <EmptyState
        icon={<UsersIcon />}
        title="No accounts connected"
        action={isAdmin ? <ConnectButtons /> : <p className="muted">Ask an admin of this workspace to connect one.</p>}
      >
        Connect the accounts you publish to so the queue and calendar can post to them and their health is watched.
        You sign in with the platform's official login and approve the permissions there; your password is never
        shared with us, and you can disconnect at any time. Start with the account you publish to most.
      </EmptyState>
    );
  } else if (isError) {
    body = (
      <ErrorNotice title="Couldn't load the accounts" onRetry={() => void refetch()} retrying={isFetching}>
        {describeError(error)}
      </ErrorNotice>
    );
  } else {
    body = (
      <div aria-busy="true">
        <p className="visually-hidden">Loading accounts…</p>
        <Skeleton width="60%" />
      </div>
    );
  }

  return (
    <Page title="Accounts" description={DESCRIPTION} actions={isAdmin && hasAccounts ? <ConnectButtons /> : undefined}>
      {outcome ? <ConnectOutcomeBanner outcome={outcome} accounts={data} onDismiss={dismissOutcome} /> : null}
      {body}
      {disconnecting ? (
        <DisconnectDialog account={disconnecting} workspaceId={workspaceId} onClose={() => setDisconnecting(null)} />
      ) : null}
    </Page>
  );
}

/** /accounts: the workspace's social accounts, their connection health, and connecting new ones. */
export function AccountsPage() {
  const { data: me } = useMe();
  const { workspace, role } = me;

  if (!workspace) {
    return (
      <Page title="Accounts" description={DESCRIPTION}>
        <Panel title="Workspace">
          <p className="muted">You are not in a workspace. Create one from the sidebar, or ask for an invitation.</p>
        </Panel>
      </Page>
    );
  }

  return (
    <AccountsScreen
      key={workspace.id}
      workspaceId={workspace.id}
      isAdmin={roleAtLeast(role, 'admin')}
      canTest={roleAtLeast(role, 'editor')}
    />
  );
}
