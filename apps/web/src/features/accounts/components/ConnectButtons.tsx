import { describeError } from '../../../shared/api/errors';
import { ErrorNotice } from '../../../shared/ui/ErrorNotice';
import { PLATFORM_LABELS } from '../api/accounts';
import { CONNECTABLE_PLATFORMS, useConnectAccount } from '../api/connect';

/** "Connect TikTok", "Connect Instagram": each opens the platform's own consent page (admins). */
export function ConnectButtons() {
  const connect = useConnectAccount();
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
              Connect {PLATFORM_LABELS[platform]}
            </button>
          );
        })}
      </div>
      {connect.isError ? (
        <ErrorNotice title={`Couldn't start connecting ${connect.variables ? PLATFORM_LABELS[connect.variables] : 'the account'}`}>
          {describeError(connect.error)}
        </ErrorNotice>
      ) : null}
    </div>
  );
}
