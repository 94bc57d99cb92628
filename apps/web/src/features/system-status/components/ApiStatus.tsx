import { useTranslation } from 'react-i18next';

import { StatusDot, type StatusTone } from '../../../shared/ui/StatusDot';
import { useApiReadiness } from '../api/api-readiness';

interface StatusView {
  tone: StatusTone;
  label: string;
  hint: string;
  pulse?: boolean;
}

/** Small "API online / API unreachable" light, polled from GET /api/health/ready. */
export function ApiStatus() {
  const { data, isError, isPending } = useApiReadiness();
  const { t } = useTranslation();

  let view: StatusView;
  if (isError) {
    view = { tone: 'danger', label: t('apiStatus.unreachable'), hint: t('apiStatus.unreachableHint') };
  } else if (isPending) {
    view = { tone: 'neutral', label: t('apiStatus.checking'), hint: t('apiStatus.checkingHint'), pulse: true };
  } else if (data.ready) {
    view = { tone: 'ok', label: t('apiStatus.online'), hint: t('apiStatus.onlineHint') };
  } else {
    view = { tone: 'warning', label: t('apiStatus.notReady'), hint: t('apiStatus.notReadyHint') };
  }

  return (
    <div className="api-status" role="status" aria-live="polite" title={view.hint}>
      <StatusDot tone={view.tone} pulse={view.pulse ?? false} />
      <span>{view.label}</span>
    </div>
  );
}
