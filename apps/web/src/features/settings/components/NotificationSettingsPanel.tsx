import { useTranslation } from 'react-i18next';

import { describeError } from '../../../shared/api/errors';
import {
  useNotificationPreferences,
  useUpdateNotificationPreference,
  type NotificationDelivery,
  type NotificationEvent,
} from '../../../shared/notifications/notifications';
import { SelectField } from '../../../shared/ui/FormField';
import { Panel } from '../../../shared/ui/Panel';
import { Skeleton } from '../../../shared/ui/Skeleton';

const DELIVERIES: readonly NotificationDelivery[] = ['instant', 'daily', 'off'];

/** Settings → Notifications (issue 25): per event, instant / daily digest / off. Every member sets their own. */
export function NotificationSettingsPanel({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation();
  const prefs = useNotificationPreferences(workspaceId);
  const update = useUpdateNotificationPreference(workspaceId);
  return (
    <Panel title={t('notifications.settings.title')} description={t('notifications.settings.description')}>
      {prefs.isError ? <p className="form-errors">{t('notifications.settings.loadFailed')}</p> : null}
      {!prefs.data ? (
        <Skeleton width="40%" />
      ) : (
        <div className="notification-settings">
          {prefs.data.events.map((p) => (
            <SelectField
              key={p.event}
              label={t(`notifications.eventName.${p.event as NotificationEvent}`)}
              value={p.delivery}
              disabled={update.isPending}
              onChange={(event) => update.mutate({ event: p.event, delivery: event.target.value as NotificationDelivery })}
            >
              {DELIVERIES.map((d) => (
                <option key={d} value={d}>
                  {t(`notifications.settings.${d}`)}
                </option>
              ))}
            </SelectField>
          ))}
          {update.isError ? <p className="form-errors">{describeError(update.error)}</p> : null}
        </div>
      )}
    </Panel>
  );
}
