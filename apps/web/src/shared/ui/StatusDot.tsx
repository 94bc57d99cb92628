export type StatusTone = 'ok' | 'warning' | 'danger' | 'neutral';

interface StatusDotProps {
  tone: StatusTone;
  /** Pulse while the state is being determined. */
  pulse?: boolean;
}

/** Colour dot; always pair it with a text label, colour alone carries no meaning. */
export function StatusDot({ tone, pulse = false }: StatusDotProps) {
  return <span className={`status-dot status-dot--${tone}${pulse ? ' status-dot--pulse' : ''}`} aria-hidden="true" />;
}
