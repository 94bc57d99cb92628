import { useId } from 'react';
import { describeError } from '../../../shared/api/errors';
import { formatDateTime, formatRelative, isPast } from '../../../shared/lib/dates';
import { StatusDot, type StatusTone } from '../../../shared/ui/StatusDot';
import { PLATFORM_LABELS, useTestAccountConnection, type AccountStatus, type ConnectionTest, type SocialAccount } from '../api/accounts';
import { isConnectable, useConnectAccount } from '../api/connect';
import { AccountAvatar } from './AccountAvatar';

const STATUS: Record<AccountStatus, { label: string; tone: StatusTone }> = {
  active: { label: 'Connected', tone: 'ok' },
  needs_reconnect: { label: 'Reconnect needed', tone: 'warning' },
  disabled: { label: 'Disconnected', tone: 'neutral' },
};

/** Readable reasons for the codes a connection test or a token refresh reports. */
const PROBLEMS: Record<string, string> = {
  reconnect_required: 'The platform no longer accepts this connection: reconnect the account.',
  invalid_grant: 'The platform revoked the authorization: reconnect the account.',
  access_denied: 'The platform refused access: reconnect the account.',
  network_error: 'The platform could not be reached. Try again in a moment.',
};

function describeProblem(code: string): string {
  return PROBLEMS[code] ?? code;
}

function tokenExpiry(account: SocialAccount): string {
  if (!account.tokenExpiresAt) return account.status === 'disabled' ? 'No token stored' : 'No expiry reported';
  const when = formatRelative(account.tokenExpiresAt);
  return isPast(account.tokenExpiresAt) ? `Expired ${when}` : `Expires ${when}`;
}

function TestResult({ result }: { result: ConnectionTest }) {
  if (result.ok) {
    return (
      <span className="form-success">Connection works{result.handle ? `: signed in as @${result.handle}` : ''}.</span>
    );
  }
  return (
    <span className="form-errors">
      Connection failed: {result.error ? describeProblem(result.error) : 'the platform gave no reason.'}
    </span>
  );
}

interface AccountCardProps {
  account: SocialAccount;
  workspaceId: string;
  /** Editors and up: test the connection. */
  canTest: boolean;
  /** Admins and up: reconnect and disconnect. */
  canManage: boolean;
  onDisconnect: (account: SocialAccount) => void;
}

export function AccountCard({ account, workspaceId, canTest, canManage, onDisconnect }: AccountCardProps) {
  const titleId = useId();
  const test = useTestAccountConnection(workspaceId);
  const reconnect = useConnectAccount();
  const status = STATUS[account.status];
  const platform = PLATFORM_LABELS[account.platform];
  const reconnectTo = isConnectable(account.platform) ? account.platform : null;
  // "@handle on TikTok", never "… TikTok @handle": "Reconnect TikTok…" would also match "Connect TikTok".
  const who = `@${account.handle} on ${platform}`;
  const connected = account.status !== 'disabled';

  return (
    <article className={`account-card${connected ? '' : ' account-card--inactive'}`} aria-labelledby={titleId}>
      <AccountAvatar url={account.avatarUrl} name={account.displayName ?? account.handle} />
      <div className="account-card-main">
        <header className="account-card-header">
          <h2 className="account-card-title" id={titleId}>
            <span className="account-card-platform">{platform}</span> <span className="account-card-handle">@{account.handle}</span>
          </h2>
          <span className="status-label">
            <StatusDot tone={status.tone} />
            {status.label}
          </span>
        </header>
        {account.displayName ? <p className="account-card-name">{account.displayName}</p> : null}
        <dl className="account-card-details">
          <div>
            <dt>Token</dt>
            <dd>
              {account.tokenExpiresAt ? (
                <time dateTime={account.tokenExpiresAt} title={formatDateTime(account.tokenExpiresAt)}>
                  {tokenExpiry(account)}
                </time>
              ) : (
                tokenExpiry(account)
              )}
            </dd>
          </div>
          <div>
            <dt>Last refresh</dt>
            <dd>
              {account.lastRefreshAt ? (
                <time dateTime={account.lastRefreshAt} title={formatDateTime(account.lastRefreshAt)}>
                  {formatRelative(account.lastRefreshAt)}
                </time>
              ) : (
                'Never'
              )}
            </dd>
          </div>
          {account.accountType ? (
            <div>
              <dt>Type</dt>
              <dd>{account.accountType.charAt(0) + account.accountType.slice(1).toLowerCase()}</dd>
            </div>
          ) : null}
        </dl>
        {account.lastRefreshError ? (
          <p className="account-card-problem">
            <StatusDot tone={account.status === 'active' ? 'warning' : 'danger'} />
            Last refresh failed: {describeProblem(account.lastRefreshError)}
          </p>
        ) : null}
        <div className="account-card-actions">
          {canTest && connected ? (
            <button
              type="button"
              className="button button--secondary button--small"
              disabled={test.isPending}
              aria-label={`Test connection of ${who}`}
              onClick={() => test.mutate(account.id)}
            >
              {test.isPending ? 'Testing…' : 'Test connection'}
            </button>
          ) : null}
          {canManage && account.status !== 'active' && reconnectTo ? (
            <button
              type="button"
              className="button button--primary button--small"
              disabled={reconnect.isPending}
              aria-label={`Reconnect ${who}`}
              onClick={() => reconnect.mutate(reconnectTo)}
            >
              Reconnect
            </button>
          ) : null}
          {canManage && connected ? (
            <button
              type="button"
              className="button button--ghost button--small"
              aria-label={`Disconnect ${who}`}
              onClick={() => onDisconnect(account)}
            >
              Disconnect
            </button>
          ) : null}
          <span className="account-card-result" aria-live="polite">
            {test.data ? <TestResult result={test.data} /> : null}
            {test.isError ? <span className="form-errors">Couldn't test the connection: {describeError(test.error)}</span> : null}
            {reconnect.isError ? (
              <span className="form-errors">Couldn't start reconnecting: {describeError(reconnect.error)}</span>
            ) : null}
          </span>
        </div>
      </div>
    </article>
  );
}
