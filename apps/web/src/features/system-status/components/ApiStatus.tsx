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

  let view: StatusView;
  if (isError) {
    view = { tone: 'danger', label: 'API unreachable', hint: 'The server did not answer. Retrying every 15 seconds.' };
  } else if (isPending) {
    view = { tone: 'neutral', label: 'Checking API…', hint: 'Contacting the server.', pulse: true };
  } else if (data.ready) {
    view = { tone: 'ok', label: 'API online', hint: 'The server and its database are answering.' };
  } else {
    view = { tone: 'warning', label: 'API not ready', hint: 'The server answered, but its database or queue is not ready.' };
  }

  return (
    <div className="api-status" role="status" aria-live="polite" title={view.hint}>
      <StatusDot tone={view.tone} pulse={view.pulse ?? false} />
      <span>{view.label}</span>
    </div>
  );
}
