import { useTranslation } from 'react-i18next';

import { useLiveStatus } from '../../../shared/live/live-status';
import { StatusDot, type StatusTone } from '../../../shared/ui/StatusDot';

/** Small "Live / Reconnecting…" light of the tab's event stream; nothing while there is none. */
export function LiveStatus() {
  const status = useLiveStatus();
  const { t } = useTranslation();
  if (status === 'off') return null;

  const view: { tone: StatusTone; pulse: boolean; label: string; hint: string } =
    status === 'live'
      ? { tone: 'ok', pulse: false, label: t('live.live'), hint: t('live.liveHint') }
      : status === 'connecting'
        ? { tone: 'neutral', pulse: true, label: t('live.connecting'), hint: t('live.connectingHint') }
        : { tone: 'warning', pulse: true, label: t('live.reconnecting'), hint: t('live.reconnectingHint') };

  return (
    <div className="api-status live-status" role="status" aria-live="polite" title={view.hint} data-live={status}>
      <StatusDot tone={view.tone} pulse={view.pulse} />
      <span>{view.label}</span>
    </div>
  );
}
