import { useTranslation } from 'react-i18next';

import { PLATFORM_LABELS, type SocialAccount } from '../api/accounts';
import type { ConnectOutcome } from './connect-outcome';

interface ConnectOutcomeBannerProps {
  outcome: ConnectOutcome;
  /** The workspace's accounts, to name the one just connected; undefined while they load. */
  accounts: SocialAccount[] | undefined;
  onDismiss: () => void;
}

/** How the last connect flow ended, after the platform sent the browser back here. */
export function ConnectOutcomeBanner({ outcome, accounts, onDismiss }: ConnectOutcomeBannerProps) {
  const { t } = useTranslation();
  const platform = outcome.platform ? PLATFORM_LABELS[outcome.platform] : null;
  const dismiss = (
    <button type="button" className="button button--ghost button--small" onClick={onDismiss}>
      {t('common.dismiss')}
    </button>
  );

  if (outcome.kind === 'failed') {
    return (
      <div className="banner banner--danger" role="alert">
        <div>
          <p className="banner-title">{platform ? t('accounts.outcome.failedNamed', { platform }) : t('accounts.outcome.failed')}</p>
          <p className="banner-text">{outcome.message}</p>
        </div>
        {dismiss}
      </div>
    );
  }

  const account = accounts?.find((candidate) => candidate.id === outcome.accountId);
  const subject = [platform ?? (account ? PLATFORM_LABELS[account.platform] : null), t('accounts.outcome.account'), account ? `@${account.handle}` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className="banner banner--ok" role="status">
      <p className="banner-title">
        {t(outcome.created ? 'accounts.outcome.connected' : 'accounts.outcome.reconnected', {
          subject: subject.charAt(0).toUpperCase() + subject.slice(1),
        })}
      </p>
      {dismiss}
    </div>
  );
}
