import { useTranslation } from 'react-i18next';

import { formatDateTime, formatRelative } from '../lib/dates';
import { StatusDot } from '../ui/StatusDot';
import type { WarRoomAlert } from './war-room-state';

interface AlertListProps {
  alerts: readonly WarRoomAlert[];
  /** Accessible name of the list. */
  label: string;
}

/** Firing alerts of the workspace, critical first; nothing when none fire. */
export function AlertList({ alerts, label }: AlertListProps) {
  const { t } = useTranslation();
  if (alerts.length === 0) return null;
  const sorted = [...alerts].sort((a, b) => (a.severity === b.severity ? b.firedAt.localeCompare(a.firedAt) : a.severity === 'critical' ? -1 : 1));
  return (
    <ul className="alert-list" aria-label={label}>
      {sorted.map((alert) => (
        <li key={alert.id} className={`alert alert--${alert.severity}`} data-rule={alert.rule}>
          <StatusDot tone={alert.severity === 'critical' ? 'danger' : 'warning'} />
          <div className="alert-main">
            <p className="alert-title">
              <span className="alert-severity">{t(`alerts.severity.${alert.severity}`)}</span> · {t(`alerts.rule.${alert.rule}`)}
            </p>
            <p className="alert-message">{alert.message}</p>
          </div>
          <time className="alert-time" dateTime={alert.firedAt} title={formatDateTime(alert.firedAt)}>
            {formatRelative(alert.firedAt)}
          </time>
        </li>
      ))}
    </ul>
  );
}
