import type { TFunction } from 'i18next';

import { formatNumber } from '../../../shared/i18n/format';
import type { RadarTrend, TrendStrength } from '../api/radar';
import type { SparkPoint } from './Sparkline';

/** A source key in words (`youtube.charts` → "YouTube charts"); a key this build does not know shows as itself. */
export function sourceLabel(t: TFunction, key: string): string {
  return t(`trendRadar.sources.${key}`, { defaultValue: key });
}

/** The sparkline's points, oldest first: the measured series' own last reading of each day. */
export function strengthSeries(strength: Pick<TrendStrength, 'readings'>): SparkPoint[] {
  return strength.readings.map((reading) => ({ value: reading.value }));
}

/** Every source that said something about the trend: where it was filed from, then each source of a reading, once. */
export function sourcesOf(trend: Pick<RadarTrend, 'source' | 'evidence'>): string[] {
  return [...new Set([trend.source, ...trend.evidence.said.map((said) => said.source)])];
}

/** 0.35 → "+35 %": a growth, signed; null → "—". */
export function signedPercent(value: number | null): string {
  return value === null ? '—' : formatNumber(value, { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' });
}
