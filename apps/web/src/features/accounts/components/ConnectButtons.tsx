import { useTranslation } from 'react-i18next';

import { describeError } from '../../../shared/api/errors';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { PLATFORM_LABELS } from '../api/accounts';
import { CONNECTABLE_PLATFORMS, useConnectAccount } from '../api/connect';

/** "Connect TikTok", "Connect Instagram": each opens the platform's own consent page (admins). */
export function ConnectButtons() {
  const connect = useConnectAccount();
  const { t } = useTranslation();
  return (
    <div className="connect-buttons">
      <div className="connect-buttons-row">
        {CONNECTABLE_PLATFORMS.map((platform) => {
          const starting = connect.isPending && connect.variables === platform;
          return (
            <button
              key={platform}
              type="button"
              className="button button--primary"
              disabled={connect.isPending}
              aria-busy={starting || undefined}
              onClick={() => connect.mutate(platform)}
            >
              {t('accounts.connect', { platform: PLATFORM_LABELS[platform] })}
            </button>
          );
        })}
      </div>
      {connect.isError ? (
        <ErrorNotice title={t('accounts.connectFailed', { platform: connect.variables ? PLATFORM_LABELS[connect.variables] : t('accounts.theAccount') })}>
          {describeError(connect.error)}
        </ErrorNotice>
      ) : null}
    </div>
  );
}
