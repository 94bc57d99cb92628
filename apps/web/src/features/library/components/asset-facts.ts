import type { LibraryAsset } from '../api/library';

/** Ratios people know by name, matched within 2 %. */
const NAMED_RATIOS: readonly [string, number][] = [
  ['9:16', 9 / 16],
  ['16:9', 16 / 9],
  ['1:1', 1],
  ['4:5', 4 / 5],
  ['5:4', 5 / 4],
  ['3:4', 3 / 4],
  ['4:3', 4 / 3],
];

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** The displayed aspect ratio (rotation applied), e.g. "9:16"; null before the probe. */
export function aspectOf(probe: LibraryAsset['probe']): string | null {
  if (!probe || probe.width <= 0 || probe.height <= 0) return null;
  const turned = probe.rotation === 90 || probe.rotation === 270;
  const width = turned ? probe.height : probe.width;
  const height = turned ? probe.width : probe.height;
  const named = NAMED_RATIOS.find(([, ratio]) => Math.abs(width / height - ratio) / ratio < 0.02);
  if (named) return named[0];
  const divisor = gcd(width, height);
  return `${width / divisor}:${height / divisor}`;
}
