import { useTranslation } from 'react-i18next';

import { describeError } from '../../../shared/api/errors';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { PLATFORM_LABELS } from '../api/accounts';
import { CONNECT_FLAVOURS, CONNECTABLE_PLATFORMS, platformOfTarget, useConnectAccount } from '../api/connect';

/**
 * "Connect TikTok", "Connect Instagram": each opens the platform's own consent page (admins); a
 * platform's other connect options follow it ("Connect with Facebook (Pages)" after Instagram).
 */
export function ConnectButtons() {
  const connect = useConnectAccount();
  const { t } = useTranslation();
  const pending = connect.isPending ? connect.variables : undefined;
  return (
    <div className="connect-buttons">
      <div className="connect-buttons-row">
        {CONNECTABLE_PLATFORMS.map((platform) => [
          <button
            key={platform}
            type="button"
            className="button button--primary"
            disabled={connect.isPending}
            aria-busy={pending === platform || undefined}
            onClick={() => connect.mutate(platform)}
          >
            {t('accounts.connect', { platform: PLATFORM_LABELS[platform] })}
          </button>,
          ...CONNECT_FLAVOURS.filter((option) => option.platform === platform).map((option) => (
            <button
              key={`${platform}-${option.flavour}`}
              type="button"
              className="button"
              disabled={connect.isPending}
              aria-busy={(typeof pending === 'object' && pending.flavour === option.flavour) || undefined}
              aria-describedby={`connect-hint-${option.flavour}`}
              onClick={() => connect.mutate(option)}
            >
              {t(`connectOptions.${option.flavour}.button`)}
            </button>
          )),
        ])}
      </div>
      {CONNECT_FLAVOURS.map((option) => (
        <p key={option.flavour} id={`connect-hint-${option.flavour}`} className="muted">
          {t(`connectOptions.${option.flavour}.hint`)}
        </p>
      ))}
      {connect.isError ? (
        <ErrorNotice
          title={t('accounts.connectFailed', { platform: connect.variables ? PLATFORM_LABELS[platformOfTarget(connect.variables)] : t('accounts.theAccount') })}
        >
          {describeError(connect.error)}
        </ErrorNotice>
      ) : null}
    </div>
  );
}
