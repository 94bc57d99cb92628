import { describe, expect, it } from 'vitest';

import type { MetricValues } from '../../../shared/analytics/metrics';
import type { AnalyticsSummary, PlatformSummary } from '../api/analytics';
import { comparePeriods } from './periods';
import { addDays, isValidRange, presetRange, previousPeriod, rangeLength, todayIn } from './range';
import { ariaSortOf, nextSort, sortByMetric } from './sorting';
import { trendRows } from './trend';

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
const metrics = (patch: Partial<MetricValues>): MetricValues => ({ ...empty, ...patch });

describe('ranges', () => {
  it("counts today in the workspace's time zone, not the browser's", () => {
    const lateEvening = new Date('2030-03-09T23:30:00Z');
    expect(todayIn('UTC', lateEvening)).toBe('2030-03-09');
    expect(todayIn('Europe/Paris', lateEvening)).toBe('2030-03-10');
    expect(todayIn('America/Los_Angeles', lateEvening)).toBe('2030-03-09');
  });

  it('makes the last 7 / 30 / 90 days end today, both ends included', () => {
    expect(presetRange(7, '2030-03-10')).toEqual({ from: '2030-03-04', to: '2030-03-10' });
    expect(presetRange(30, '2030-03-10')).toEqual({ from: '2030-02-09', to: '2030-03-10' });
    expect(rangeLength(presetRange(90, '2030-03-10'))).toBe(90);
  });

  it('crosses months, leap days and daylight-saving changes by whole days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2030-03-31', 1)).toBe('2030-04-01');
    expect(addDays('2030-03-31', -31)).toBe('2030-02-28');
  });

  it('takes the period of the same length just before, for the comparison', () => {
    expect(previousPeriod({ from: '2030-03-04', to: '2030-03-10' })).toEqual({ from: '2030-02-25', to: '2030-03-03' });
    expect(previousPeriod({ from: '2030-03-10', to: '2030-03-10' })).toEqual({ from: '2030-03-09', to: '2030-03-09' });
  });

  it('accepts what the API accepts: real days, from ≤ to, at most 400 days', () => {
    expect(isValidRange({ from: '2030-03-10', to: '2030-03-10' })).toBe(true);
    expect(isValidRange({ from: '2029-02-04', to: '2030-03-10' })).toBe(true);
    expect(isValidRange({ from: '2029-02-03', to: '2030-03-10' })).toBe(false);
    expect(isValidRange({ from: '2030-03-11', to: '2030-03-10' })).toBe(false);
    expect(isValidRange({ from: '2030-02-30', to: '2030-03-10' })).toBe(false);
    expect(isValidRange({ from: '', to: '2030-03-10' })).toBe(false);
  });
});

describe('sorting', () => {
  it('flips the order of the sorted column and sorts a new column highest first', () => {
    expect(nextSort({ metric: 'views', order: 'desc' }, 'views')).toEqual({ metric: 'views', order: 'asc' });
    expect(nextSort({ metric: 'views', order: 'asc' }, 'views')).toEqual({ metric: 'views', order: 'desc' });
    expect(nextSort({ metric: 'views', order: 'asc' }, 'likes')).toEqual({ metric: 'likes', order: 'desc' });
  });

  it('tells assistive technology which column is sorted and how', () => {
    expect(ariaSortOf({ metric: 'views', order: 'desc' }, 'views')).toBe('descending');
    expect(ariaSortOf({ metric: 'views', order: 'asc' }, 'views')).toBe('ascending');
    expect(ariaSortOf({ metric: 'views', order: 'asc' }, 'likes')).toBe('none');
  });

  it('orders by the metric with unknown figures last in both directions, ties in their order', () => {
    const rows = [
      { id: 'a', metrics: metrics({ views: 10 }) },
      { id: 'b', metrics: metrics({ views: null }) },
      { id: 'c', metrics: metrics({ views: 30 }) },
      { id: 'd', metrics: metrics({ views: 10 }) },
    ];
    const ids = (order: 'asc' | 'desc') => sortByMetric(rows, { metric: 'views', order }, (row) => row.metrics).map((row) => row.id);
    expect(ids('desc')).toEqual(['c', 'a', 'd', 'b']);
    expect(ids('asc')).toEqual(['a', 'd', 'c', 'b']);
    expect(rows.map((row) => row.id)).toEqual(['a', 'b', 'c', 'd']);
  });
});

function platform(id: string, totals: Partial<MetricValues>): PlatformSummary {
  return { platform: id, displayName: id, posts: 1, totals: metrics(totals), trend: [] };
}

function summary(platforms: PlatformSummary[], combined: { platforms: string[]; totals: Partial<MetricValues> }, separate: string[] = []): AnalyticsSummary {
  return {
    from: '2030-03-04',
    to: '2030-03-10',
    timeZone: 'UTC',
    age: '24h',
    combined: { platforms: combined.platforms, posts: 2, totals: metrics(combined.totals) },
    separatePlatforms: separate,
    platforms,
    accounts: [],
  };
}

describe('comparePeriods', () => {
  it('compares the combined platforms and each platform, YouTube only on its own row', () => {
    const current = summary(
      [platform('instagram', { views: 300 }), platform('tiktok', { views: 900 }), platform('youtube', { views: 5000 })],
      { platforms: ['instagram', 'tiktok'], totals: { views: 1200 } },
      ['youtube'],
    );
    const previous = summary([platform('tiktok', { views: 600 }), platform('youtube', { views: 4000 })], { platforms: ['tiktok'], totals: { views: 600 } }, [
      'youtube',
    ]);
    expect(comparePeriods(current, previous, 'views')).toEqual([
      { key: 'combined', platforms: ['instagram', 'tiktok'], current: 1200, previous: 600, change: 1 },
      { key: 'instagram', platforms: ['instagram'], current: 300, previous: null, change: null },
      { key: 'tiktok', platforms: ['tiktok'], current: 900, previous: 600, change: 0.5 },
      { key: 'youtube', platforms: ['youtube'], current: 5000, previous: 4000, change: 0.25 },
    ]);
  });

  it('leaves out a combined row that would only repeat a single platform', () => {
    const one = summary([platform('tiktok', { views: 900 })], { platforms: ['tiktok'], totals: { views: 900 } });
    expect(comparePeriods(one, one, 'views').map((row) => row.key)).toEqual(['tiktok']);
  });
});

describe('trendRows', () => {
  it('has every day of the range, null where no post went live that day', () => {
    const series = [
      { key: 'tiktok', label: 'TikTok', trend: [{ date: '2030-03-05', posts: 2, metrics: metrics({ views: 40 }) }] },
      { key: 'instagram', label: 'Instagram', trend: [{ date: '2030-03-06', posts: 1, metrics: metrics({ views: 7 }) }] },
    ];
    expect(trendRows(series, 'views', { from: '2030-03-04', to: '2030-03-06' })).toEqual([
      { date: '2030-03-04', values: [null, null] },
      { date: '2030-03-05', values: [40, null] },
      { date: '2030-03-06', values: [null, 7] },
    ]);
  });
});
