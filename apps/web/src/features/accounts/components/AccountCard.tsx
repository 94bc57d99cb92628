import { useId } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError } from '../../../shared/api/errors';
import { i18n } from '../../../shared/i18n/i18n';
import { formatDateTime, formatRelative, isPast } from '../../../shared/lib/dates';
import { StatusDot, type StatusTone } from '../../../shared/ui/StatusDot';
import { PLATFORM_LABELS, useTestAccountConnection, type AccountStatus, type ConnectionTest, type SocialAccount } from '../api/accounts';
import { isConnectable, useConnectAccount } from '../api/connect';
import { AccountAvatar } from './AccountAvatar';

type DisplayStatus = AccountStatus | 'expiring';

const STATUS_TONE: Record<DisplayStatus, StatusTone> = {
  active: 'ok',
  expiring: 'warning',
  needs_reconnect: 'warning',
  disabled: 'neutral',
  restricted: 'danger',
};

/** How soon an access token counts as expiring when its automatic renewal keeps failing. */
const EXPIRING_WITHIN_MS = 24 * 3600_000;

/**
 * Tokens are renewed before they expire, so "expiring" only means something when the last renewal
 * failed and the token runs out within a day: the account will need reconnecting soon.
 */
export function displayStatus(account: SocialAccount, now: number = Date.now()): DisplayStatus {
  if (account.status !== 'active' || !account.lastRefreshError || !account.tokenExpiresAt) return account.status;
  return new Date(account.tokenExpiresAt).getTime() - now < EXPIRING_WITHIN_MS ? 'expiring' : 'active';
}

/** Codes a connection test or a token refresh reports that have a readable reason. */
const KNOWN_PROBLEMS = ['reconnect_required', 'invalid_grant', 'access_denied', 'network_error'] as const;

/** Platform codes that restrict an account (status `restricted`), with a translated reason. */
const KNOWN_RESTRICTIONS = ['spam_risk_user_banned_from_posting'] as const;

function describeProblem(code: string): string {
  const known = KNOWN_PROBLEMS.find((candidate) => candidate === code);
  if (known) return i18n.t(`accounts.problems.${known}`);
  const restriction = KNOWN_RESTRICTIONS.find((candidate) => candidate === code);
  return restriction ? i18n.t(`accounts.restrictions.${restriction}`) : code;
}

/** Why the platform refuses the account: our translation of its code, else the API's words. */
function describeRestriction(restriction: { code: string; message: string }): string {
  const known = KNOWN_RESTRICTIONS.find((candidate) => candidate === restriction.code);
  return known ? i18n.t(`accounts.restrictions.${known}`) : restriction.message;
}

function tokenExpiry(account: SocialAccount): string {
  if (!account.tokenExpiresAt) return account.status === 'disabled' ? i18n.t('accounts.noToken') : i18n.t('accounts.noExpiry');
  const when = formatRelative(account.tokenExpiresAt);
  return isPast(account.tokenExpiresAt) ? i18n.t('accounts.expired', { when }) : i18n.t('accounts.expires', { when });
}

function TestResult({ result }: { result: ConnectionTest }) {
  const { t } = useTranslation();
  if (result.ok) {
    return <span className="form-success">{result.handle ? t('accounts.worksAs', { handle: result.handle }) : t('accounts.works')}</span>;
  }
  return <span className="form-errors">{t('accounts.testFailed', { reason: result.error ? describeProblem(result.error) : t('accounts.noReason') })}</span>;
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
  const { t } = useTranslation();
  const test = useTestAccountConnection(workspaceId);
  const reconnect = useConnectAccount();
  const platform = PLATFORM_LABELS[account.platform];
  const reconnectTo = isConnectable(account.platform) ? account.platform : null;
  // "@handle on TikTok", never "… TikTok @handle": "Reconnect TikTok…" would also match "Connect TikTok".
  const who = t('accounts.who', { handle: account.handle, platform });
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
            <StatusDot tone={STATUS_TONE[displayStatus(account)]} />
            {t(`accounts.status.${displayStatus(account)}`)}
          </span>
        </header>
        {account.displayName ? <p className="account-card-name">{account.displayName}</p> : null}
        <dl className="account-card-details">
          <div>
            <dt>{t('accounts.token')}</dt>
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
            <dt>{t('accounts.lastRefresh')}</dt>
            <dd>
              {account.lastRefreshAt ? (
                <time dateTime={account.lastRefreshAt} title={formatDateTime(account.lastRefreshAt)}>
                  {formatRelative(account.lastRefreshAt)}
                </time>
              ) : (
                t('common.never')
              )}
            </dd>
          </div>
          {account.accountType ? (
            <div>
              <dt>{t('accounts.type')}</dt>
              <dd>{account.accountType.charAt(0) + account.accountType.slice(1).toLowerCase()}</dd>
            </div>
          ) : null}
        </dl>
        {account.status === 'restricted' && account.restriction ? (
          <p className="account-card-problem">
            <StatusDot tone="danger" />
            {t('accounts.restrictedBecause', { reason: describeRestriction(account.restriction) })}
          </p>
        ) : null}
        {account.notices.map((notice) => (
          // A fact the platform showed while publishing (publishing goes on), in the platform's words for its code.
          <p key={notice.code} className="account-card-problem" data-testid="account-notice">
            <StatusDot tone="warning" />
            {t(`${account.platform}.notices.${notice.code}`, { defaultValue: notice.code })}
          </p>
        ))}
        {account.waitingPosts > 0 ? (
          <p className="account-card-problem" data-testid="account-waiting">
            <StatusDot tone="warning" />
            {t('failures.accountWaiting', { count: account.waitingPosts })}
          </p>
        ) : null}
        {account.lastRefreshError ? (
          <p className="account-card-problem">
            <StatusDot tone={account.status === 'active' ? 'warning' : 'danger'} />
            {t('accounts.lastRefreshFailed', { reason: describeProblem(account.lastRefreshError) })}
          </p>
        ) : null}
        <div className="account-card-actions">
          {canTest && connected ? (
            <button
              type="button"
              className="button button--secondary button--small"
              disabled={test.isPending}
              aria-label={t('accounts.testOf', { who })}
              onClick={() => test.mutate(account.id)}
            >
              {test.isPending ? t('accounts.testing') : t('accounts.test')}
            </button>
          ) : null}
          {canManage && account.status !== 'active' && account.status !== 'restricted' && reconnectTo ? (
            <button
              type="button"
              className="button button--primary button--small"
              disabled={reconnect.isPending}
              aria-label={t('accounts.reconnectOf', { who })}
              onClick={() => reconnect.mutate(reconnectTo)}
            >
              {t('accounts.reconnect')}
            </button>
          ) : null}
          {canManage && connected ? (
            <button
              type="button"
              className="button button--ghost button--small"
              aria-label={t('accounts.disconnectOf', { who })}
              onClick={() => onDisconnect(account)}
            >
              {t('accounts.disconnect')}
            </button>
          ) : null}
          <span className="account-card-result" aria-live="polite">
            {test.data ? <TestResult result={test.data} /> : null}
            {test.isError ? <span className="form-errors">{t('accounts.testError', { message: describeError(test.error) })}</span> : null}
            {reconnect.isError ? <span className="form-errors">{t('accounts.reconnectError', { message: describeError(reconnect.error) })}</span> : null}
          </span>
        </div>
      </div>
    </article>
  );
}
