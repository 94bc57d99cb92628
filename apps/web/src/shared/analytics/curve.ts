import { POST_AGES, type AnalyticsMetric, type PostAge, type Snapshot } from './metrics';

/** One reading of a post at one age: the platform's, else a hand-entered one. */
export interface AgeReading {
  age: PostAge;
  value: number | null;
  source: Snapshot['source'];
}

/**
 * A post's curve for one metric: one reading per age, youngest first, the platform's reading
 * preferred over a hand-entered one for the same age; ages never read are left out.
 */
export function curveOf(snapshots: readonly Snapshot[], metric: AnalyticsMetric): AgeReading[] {
  const byAge = new Map<PostAge, AgeReading>();
  for (const snapshot of snapshots) {
    const known = byAge.get(snapshot.age);
    if (known && known.source === 'platform') continue;
    if (known && snapshot.source !== 'platform') continue;
    byAge.set(snapshot.age, { age: snapshot.age, value: snapshot.metrics[metric], source: snapshot.source });
  }
  return POST_AGES.flatMap((age) => {
    const reading = byAge.get(age);
    return reading ? [reading] : [];
  });
}

export interface AgeComparison {
  age: PostAge;
  a: number | null;
  b: number | null;
  /** b − a, when both are known. */
  difference: number | null;
}

/**
 * "Compare at the same age": two posts' readings of one metric side by side at each age either
 * was read at, so a post live for 3 days is weighed against another at 3 days, not at 3 weeks.
 */
export function compareAtAge(a: readonly Snapshot[], b: readonly Snapshot[], metric: AnalyticsMetric): AgeComparison[] {
  const first = new Map(curveOf(a, metric).map((r) => [r.age, r.value]));
  const second = new Map(curveOf(b, metric).map((r) => [r.age, r.value]));
  return POST_AGES.filter((age) => first.has(age) || second.has(age)).map((age) => {
    const x = first.get(age) ?? null;
    const y = second.get(age) ?? null;
    return { age, a: x, b: y, difference: x !== null && y !== null ? y - x : null };
  });
}

/** (current − previous) / previous; null when either is unknown or the base is 0 (no meaningful ratio). */
export function changeRatio(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return (current - previous) / previous;
}
