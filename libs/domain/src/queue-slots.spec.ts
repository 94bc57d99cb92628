import { atLocalMinute, nextFreeSlot, weekdayOfDate } from './index.js';

describe('queue slots: the next free slot', () => {
  const zone = 'Europe/Paris';
  // Tuesday 18:30 and Thursday 09:00, local.
  const slots = [
    { weekday: 1, minute: 18 * 60 + 30 },
    { weekday: 3, minute: 9 * 60 },
  ];

  it('turns a weekday × local time into the right instant on both sides of a DST change', () => {
    expect(weekdayOfDate('2026-03-24')).toBe(1);
    expect(atLocalMinute('2026-03-24', 18 * 60 + 30, zone).toISOString()).toBe('2026-03-24T17:30:00.000Z');
    expect(atLocalMinute('2026-03-31', 18 * 60 + 30, zone).toISOString()).toBe('2026-03-31T16:30:00.000Z');
    // 02:30 does not exist on 29 March in Paris: it moves forward to 03:30.
    expect(atLocalMinute('2026-03-29', 150, zone).toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('takes the first slot after now', () => {
    const next = nextFreeSlot({ slots, zone, after: new Date('2026-03-23T08:00:00Z'), occupied: [], minSpacingMinutes: 60 });
    expect(next?.at.toISOString()).toBe('2026-03-24T17:30:00.000Z');
    expect(next?.skipped).toEqual([]);
  });

  it('skips a slot already taken and one too close to another post (minimum spacing)', () => {
    const next = nextFreeSlot({
      slots,
      zone,
      after: new Date('2026-03-23T08:00:00Z'),
      occupied: [new Date('2026-03-24T17:30:00Z'), new Date('2026-03-26T08:30:00Z')],
      minSpacingMinutes: 60,
    });
    expect(next?.skipped.map((s) => s.reason)).toEqual(['taken', 'spacing']);
    expect(next?.at.toISOString()).toBe('2026-03-31T16:30:00.000Z');
  });

  it('skips a day the warm-up ramp has no room on', () => {
    const next = nextFreeSlot({
      slots,
      zone,
      after: new Date('2026-03-23T08:00:00Z'),
      occupied: [],
      minSpacingMinutes: 60,
      warmupFits: (d) => d !== '2026-03-24',
    });
    expect(next?.date).toBe('2026-03-26');
    expect(next?.skipped.map((s) => s.reason)).toEqual(['warmup']);
  });

  it('keeps the platform budget: no slot that makes more posts than the limit in a window', () => {
    const occupied = [new Date('2026-03-24T10:00:00Z'), new Date('2026-03-24T12:00:00Z')];
    const next = nextFreeSlot({
      slots,
      zone,
      after: new Date('2026-03-23T08:00:00Z'),
      occupied,
      minSpacingMinutes: 60,
      budgets: [{ limit: 2, windowMs: 24 * 3_600_000 }],
    });
    expect(next?.skipped.map((s) => s.reason)).toEqual(['budget']);
    // Thursday 09:00 Paris (08:00Z) is less than 24 h after Tuesday 10:00Z: still two in a window.
    expect(next?.at.toISOString()).toBe('2026-03-26T08:00:00.000Z');
  });

  it('answers null without slots', () => {
    expect(nextFreeSlot({ slots: [], zone, after: new Date(), occupied: [], minSpacingMinutes: 60 })).toBeNull();
  });
});
