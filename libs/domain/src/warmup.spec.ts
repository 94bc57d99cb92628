import {
  atSameLocalTime,
  checkWarmupRamp,
  DEFAULT_WARMUP_RAMP,
  firstDateThatFits,
  fitsOn,
  localDateOf,
  warmupAllowanceOn,
  warmupEndDate,
  type WarmingAccount,
} from './index.js';

const planned =
  (counts: Record<string, number>): WarmingAccount['plannedOn'] =>
  (date) =>
    counts[date] ?? 0;

describe('TikTok warm-up ramp', () => {
  it('allows 2 posts a day in week 1 by default, so a third post on a day of week 1 does not fit', () => {
    expect(DEFAULT_WARMUP_RAMP).toEqual([2, 3, 4, 5]);
    const account = { startDate: '2026-12-01', plannedOn: planned({ '2026-12-03': 2 }) };
    expect(warmupAllowanceOn(DEFAULT_WARMUP_RAMP, '2026-12-01', '2026-12-03')).toEqual({ week: 1, totalWeeks: 4, allowedPerDay: 2 });
    expect(fitsOn(DEFAULT_WARMUP_RAMP, [account], '2026-12-03')).toBe(false);
    expect(fitsOn(DEFAULT_WARMUP_RAMP, [{ ...account, plannedOn: planned({ '2026-12-03': 1 }) }], '2026-12-03')).toBe(true);
  });

  it('counts weeks in local calendar days from the start day: day 7 is week 1, day 8 week 2, and the ramp ends after its last week', () => {
    const ramp = [1, 2, 4];
    expect(warmupAllowanceOn(ramp, '2026-12-01', '2026-12-01')).toEqual({ week: 1, totalWeeks: 3, allowedPerDay: 1 });
    expect(warmupAllowanceOn(ramp, '2026-12-01', '2026-12-07')?.week).toBe(1);
    expect(warmupAllowanceOn(ramp, '2026-12-01', '2026-12-08')).toEqual({ week: 2, totalWeeks: 3, allowedPerDay: 2 });
    expect(warmupAllowanceOn(ramp, '2026-12-01', '2026-12-21')).toEqual({ week: 3, totalWeeks: 3, allowedPerDay: 4 });
    expect(warmupAllowanceOn(ramp, '2026-12-01', '2026-12-22')).toBeNull();
    expect(warmupEndDate(ramp, '2026-12-01')).toBe('2026-12-22');
    // Across a month and a year boundary.
    expect(warmupAllowanceOn(ramp, '2026-12-28', '2027-01-04')?.week).toBe(2);
  });

  it('treats a date before the start as the first (strictest) day', () => {
    expect(warmupAllowanceOn([2, 3], '2026-12-10', '2026-12-01')).toEqual({ week: 1, totalWeeks: 2, allowedPerDay: 2 });
  });

  it('finds the first day where one more post fits for every account, or the end of the longest warm-up', () => {
    const ramp = [2, 3];
    const busy = { startDate: '2026-12-01', plannedOn: planned({ '2026-12-02': 2, '2026-12-03': 2 }) };
    const other = { startDate: '2026-12-01', plannedOn: planned({ '2026-12-04': 2 }) };
    expect(firstDateThatFits(ramp, [busy], '2026-12-02')).toBe('2026-12-04');
    expect(firstDateThatFits(ramp, [busy, other], '2026-12-02')).toBe('2026-12-05');
    expect(firstDateThatFits(ramp, [busy], '2026-12-01')).toBe('2026-12-01');
    const full = { startDate: '2026-12-01', plannedOn: () => 99 };
    expect(firstDateThatFits(ramp, [full], '2026-12-01')).toBe('2026-12-15');
    expect(fitsOn(ramp, [full], '2026-12-15')).toBe(true);
  });

  it('validates a ramp: 1 to 12 weeks, 1 to 20 posts a day, never going down', () => {
    expect(checkWarmupRamp([2, 3, 4, 5])).toEqual([]);
    expect(checkWarmupRamp([])).toEqual(['the ramp must have 1 to 12 weeks']);
    expect(checkWarmupRamp(new Array(13).fill(1))).toEqual(['the ramp must have 1 to 12 weeks']);
    expect(checkWarmupRamp([0, 21])).toEqual(['each week allows 1 to 20 posts a day']);
    expect(checkWarmupRamp([1.5])).toEqual(['each week allows 1 to 20 posts a day']);
    expect(checkWarmupRamp([3, 2])).toEqual(['a ramp only goes up: each week allows at least as many posts as the week before']);
  });
});

describe('warm-up days and times in a time zone', () => {
  it('puts an instant on the local day of the zone, not the UTC day', () => {
    const instant = new Date('2026-12-01T23:30:00Z');
    expect(localDateOf(instant, 'UTC')).toBe('2026-12-01');
    expect(localDateOf(instant, 'Europe/Paris')).toBe('2026-12-02');
    expect(localDateOf(instant, 'America/Los_Angeles')).toBe('2026-12-01');
  });

  it('moves a post to another day at the same wall-clock time, across a DST change', () => {
    // 18:00 in Paris in winter (+01:00) → 18:00 in summer (+02:00): 23 hours later in UTC terms.
    const winter = new Date('2026-03-28T17:00:00Z');
    expect(atSameLocalTime(winter, 'Europe/Paris', '2026-03-29').toISOString()).toBe('2026-03-29T16:00:00.000Z');
    expect(atSameLocalTime(new Date('2026-10-24T08:15:30.250Z'), 'Europe/Paris', '2026-10-26').toISOString()).toBe('2026-10-26T09:15:30.250Z');
    expect(atSameLocalTime(new Date('2026-07-01T12:00:00Z'), 'UTC', '2026-07-09').toISOString()).toBe('2026-07-09T12:00:00.000Z');
  });

  it('moves a wall time skipped by spring-forward ahead by the jump, and picks the earlier of an ambiguous fall-back time', () => {
    // 02:30 does not exist in Paris on 2026-03-29 nor in New York on 2026-03-08: 03:30 summer time.
    expect(atSameLocalTime(new Date('2026-03-28T01:30:00Z'), 'Europe/Paris', '2026-03-29').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(atSameLocalTime(new Date('2026-03-07T07:30:00Z'), 'America/New_York', '2026-03-08').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    // 02:30 happens twice in Paris on 2026-10-25: the first one, still summer time (+02:00).
    expect(atSameLocalTime(new Date('2026-10-24T00:30:00Z'), 'Europe/Paris', '2026-10-25').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('keeps the local day of a post moved late in the evening in a zone west of UTC', () => {
    const moved = atSameLocalTime(new Date('2026-12-02T07:30:00Z'), 'America/Los_Angeles', '2026-12-03'); // 23:30 PST
    expect(moved.toISOString()).toBe('2026-12-04T07:30:00.000Z');
    expect(localDateOf(moved, 'America/Los_Angeles')).toBe('2026-12-03');
  });
});
