import { useId } from 'react';

export interface SparkPoint {
  value: number;
}

const WIDTH = 96;
const HEIGHT = 24;

/** The polyline's points in a WIDTH×HEIGHT box: oldest at the left, the highest reading at the top (a flat series sits in the middle). */
export function sparklinePath(points: readonly SparkPoint[]): string {
  if (points.length === 0) return '';
  const values = points.map((point) => point.value);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min;
  const step = points.length > 1 ? WIDTH / (points.length - 1) : 0;
  return points
    .map((point, index) => {
      const x = points.length > 1 ? index * step : WIDTH / 2;
      const y = span === 0 ? HEIGHT / 2 : HEIGHT - 2 - ((point.value - min) / span) * (HEIGHT - 4);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

/**
 * A tiny inline SVG line (no chart library: the radar is on a tight JS budget). Decorative for
 * assistive technology: `label` says the same in words.
 */
export function Sparkline({ points, label }: { points: readonly SparkPoint[]; label: string }) {
  const titleId = useId();
  if (points.length < 2) return null;
  return (
    <svg className="trend-sparkline" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} role="img" aria-labelledby={titleId} focusable="false">
      <title id={titleId}>{label}</title>
      <polyline points={sparklinePath(points)} fill="none" stroke="currentColor" strokeWidth={1.5} strokeLinejoin="round" strokeLinecap="round" />
    </svg>
  );
}
