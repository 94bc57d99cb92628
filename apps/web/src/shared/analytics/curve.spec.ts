import { describe, expect, it } from 'vitest';

import { changeRatio, compareAtAge, curveOf } from './curve';
import type { MetricValues, Snapshot } from './metrics';

const empty: MetricValues = {
  views: null,
  likes: null,
  comments: null,
  shares: null,
  saves: null,
  watch_time: null,
  avg_watch_time: null,
  reach: null,
  engagement_rate: null,
};

function snapshot(age: Snapshot['age'], metrics: Partial<MetricValues>, source: Snapshot['source'] = 'platform'): Snapshot {
  return { age, source, readAt: '2030-01-02T10:00:00.000Z', ageAtReadMs: 3_600_000, metrics: { ...empty, ...metrics }, evidence: null };
}

describe('curveOf', () => {
  it('gives one reading per age, youngest first, whatever order the snapshots come in', () => {
    const curve = curveOf([snapshot('24h', { views: 900 }), snapshot('1h', { views: 40 }), snapshot('6h', { views: 310 })], 'views');
    expect(curve).toEqual([
      { age: '1h', value: 40, source: 'platform' },
      { age: '6h', value: 310, source: 'platform' },
      { age: '24h', value: 900, source: 'platform' },
    ]);
  });

  it("prefers the platform's reading of an age over a hand-entered one, in either order", () => {
    expect(curveOf([snapshot('24h', { views: 5 }, 'manual'), snapshot('24h', { views: 900 })], 'views')).toEqual([
      { age: '24h', value: 900, source: 'platform' },
    ]);
    expect(curveOf([snapshot('24h', { views: 900 }), snapshot('24h', { views: 5 }, 'manual')], 'views')).toEqual([
      { age: '24h', value: 900, source: 'platform' },
    ]);
    expect(curveOf([snapshot('72h', { views: 5 }, 'manual')], 'views')).toEqual([{ age: '72h', value: 5, source: 'manual' }]);
  });

  it('keeps an unknown figure as null, never 0', () => {
    expect(curveOf([snapshot('1h', { views: 12 })], 'saves')).toEqual([{ age: '1h', value: null, source: 'platform' }]);
  });
});

describe('compareAtAge', () => {
  it('lines two posts up at the same ages, with the difference where both are known', () => {
    const older = [snapshot('1h', { views: 100 }), snapshot('6h', { views: 400 }), snapshot('24h', { views: 1000 }), snapshot('72h', { views: 1500 })];
    const younger = [snapshot('1h', { views: 150 }), snapshot('6h', { views: 300 })];
    expect(compareAtAge(older, younger, 'views')).toEqual([
      { age: '1h', a: 100, b: 150, difference: 50 },
      { age: '6h', a: 400, b: 300, difference: -100 },
      { age: '24h', a: 1000, b: null, difference: null },
      { age: '72h', a: 1500, b: null, difference: null },
    ]);
  });

  it('compares the chosen metric, not the views', () => {
    expect(compareAtAge([snapshot('24h', { views: 10, likes: 3 })], [snapshot('24h', { views: 99, likes: 7 })], 'likes')).toEqual([
      { age: '24h', a: 3, b: 7, difference: 4 },
    ]);
  });

  it('has no rows for two posts without readings', () => {
    expect(compareAtAge([], [], 'views')).toEqual([]);
  });
});

describe('changeRatio', () => {
  it('is the relative change, and null when a side is unknown or the base is 0', () => {
    expect(changeRatio(150, 100)).toBe(0.5);
    expect(changeRatio(50, 100)).toBe(-0.5);
    expect(changeRatio(null, 100)).toBeNull();
    expect(changeRatio(10, null)).toBeNull();
    expect(changeRatio(10, 0)).toBeNull();
  });
});
