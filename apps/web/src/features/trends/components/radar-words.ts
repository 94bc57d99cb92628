import type { TFunction } from 'i18next';

import { formatNumber } from '../../../shared/i18n/format';
import type { RadarTrend, TrendStrength } from '../api/radar';
import type { SparkPoint } from './Sparkline';

/** A source key in words (`youtube.charts` → "YouTube charts"); a key this build does not know shows as itself. */
export function sourceLabel(t: TFunction, key: string): string {
  return t(`trendRadar.sources.${key}`, { defaultValue: key });
}

/**
 * The readings the strength was measured on, oldest first: 7 days ago, 24 h ago and now, worked
 * back from the latest reading and its growth (the figures the card already shows, drawn).
 */
export function strengthSeries(strength: Pick<TrendStrength, 'latest' | 'growth24h' | 'growth7d'>): SparkPoint[] {
  const { latest, growth24h, growth7d } = strength;
  if (latest === null) return [];
  const points: SparkPoint[] = [];
  if (growth7d !== null && growth7d > -1) points.push({ value: latest / (1 + growth7d) });
  if (growth24h !== null && growth24h > -1) points.push({ value: latest / (1 + growth24h) });
  points.push({ value: latest });
  return points;
}

/** Every source that said something about the trend: where it was filed from, then each source of a reading, once. */
export function sourcesOf(trend: Pick<RadarTrend, 'source' | 'evidence'>): string[] {
  return [...new Set([trend.source, ...trend.evidence.said.map((said) => said.source)])];
}

/** 0.35 → "+35 %": a growth, signed; null → "—". */
export function signedPercent(value: number | null): string {
  return value === null ? '—' : formatNumber(value, { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' });
}
