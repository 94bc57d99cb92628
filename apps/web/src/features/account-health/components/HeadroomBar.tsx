import type { StatusTone } from '../../../shared/ui/StatusDot';
import { HEADROOM_WARNING_SHARE } from './health-assessment';

/** How much of a rate-limit window is left, as a bar (a meter for assistive technology). */
export function HeadroomBar({ label, remaining, limit }: { label: string; remaining: number; limit: number }) {
  const share = limit > 0 ? Math.min(1, Math.max(0, remaining / limit)) : 0;
  const tone: StatusTone = remaining <= 0 ? 'danger' : share < HEADROOM_WARNING_SHARE ? 'warning' : 'ok';
  return (
    <div className={`headroom-bar headroom-bar--${tone}`} role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={limit} aria-valuenow={remaining}>
      <div className="headroom-bar-fill" style={{ width: `${Math.round(share * 100)}%` }} />
    </div>
  );
}
