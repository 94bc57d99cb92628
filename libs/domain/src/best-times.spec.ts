import {
  bestTimes,
  bucketIndex,
  MIN_ACCOUNT_POSTS,
  onlineFollowersSeed,
  scorePosts,
  seededRandom,
  suggestSlots,
  topBuckets,
  weekHourOf,
  zoneOffsetMinutes,
  zoneOffsetTimeline,
  type PostResult,
} from './index.js';

const HOUR = 3_600_000;

/** Posts every `everyHours` from `start`, with views from `views(i, at)`. */
function posts(start: string, count: number, everyHours: number, views: (i: number, at: Date) => number): PostResult[] {
  return Array.from({ length: count }, (_, i) => {
    const postedAt = new Date(Date.parse(start) + i * everyHours * HOUR);
    return { postedAt, views: views(i, postedAt) };
  });
}

describe('best times: scores', () => {
  it("scores a post against the account's rolling median, so steady growth does not read as a better hour", () => {
    // Views double every 10 posts; every post is exactly on its trend.
    const growing = posts('2026-01-05T10:00:00Z', 60, 24, (i) => 1000 * 2 ** (i / 10));
    const scored = scorePosts(growing);
    expect(scored).toHaveLength(60);
    // In the middle of the history the centred window's median is the post's own trend value.
    for (const s of scored.slice(15, 45)) expect(Math.abs(s.score)).toBeLessThan(0.01);
  });

  it('is ln((v + 1) / (median + 1)): a post with 4× the usual views scores ln 4, one with 0 views stays finite', () => {
    const views = [100, 100, 100, 100, 400, 100, 100, 100, 0];
    const scored = scorePosts(views.map((v, i) => ({ postedAt: new Date(Date.UTC(2026, 0, 1 + i)), views: v })));
    expect(scored[4]!.score).toBeCloseTo(Math.log(401 / 101), 10);
    expect(Number.isFinite(scored[8]!.score)).toBe(true);
    expect(scored[8]!.score).toBeCloseTo(Math.log(1 / 101), 10);
  });

  it('orders the posts by go-live time whatever order they come in', () => {
    const a = posts('2026-01-05T10:00:00Z', 12, 5, (i) => 100 + i * 7);
    const shuffled = [...a].reverse();
    expect(scorePosts(shuffled)).toEqual(scorePosts(a));
  });
});

describe('best times: buckets in the local time of the workspace', () => {
  it('buckets by the local wall clock across a DST change week (Europe/Paris, 29 March 2026)', () => {
    const cache = new Map<number, number>();
    // Saturday 28 March 18:30 Paris = 17:30Z (UTC+1); Monday 30 March 18:30 Paris = 16:30Z (UTC+2).
    expect(weekHourOf(new Date('2026-03-28T17:30:00Z'), 'Europe/Paris', cache)).toEqual({ weekday: 5, hour: 18 });
    expect(weekHourOf(new Date('2026-03-30T16:30:00Z'), 'Europe/Paris', cache)).toEqual({ weekday: 0, hour: 18 });
    // The jump itself: 00:59Z is 01:59 CET, 01:00Z is 03:00 CEST on Sunday.
    expect(weekHourOf(new Date('2026-03-29T00:59:00Z'), 'Europe/Paris', cache)).toEqual({ weekday: 6, hour: 1 });
    expect(weekHourOf(new Date('2026-03-29T01:00:00Z'), 'Europe/Paris', cache)).toEqual({ weekday: 6, hour: 3 });
    // A UTC view would put the Monday post at 16:00, not 18:00.
    expect(weekHourOf(new Date('2026-03-30T16:30:00Z'), 'UTC')).toEqual({ weekday: 0, hour: 16 });
  });

  it('finds every offset change of a zone with few Intl calls: the timeline agrees with Intl hour by hour over a year (Paris, New York, Lord Howe, Kathmandu)', () => {
    const from = Date.UTC(2026, 0, 1);
    const to = Date.UTC(2027, 1, 1);
    for (const zone of ['Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu']) {
      const timeline = zoneOffsetTimeline(zone, from, to);
      const wrong: string[] = [];
      for (let ms = from; ms <= to; ms += 3_600_000 / 4)
        if (timeline(ms) !== zoneOffsetMinutes(new Date(ms), zone)) wrong.push(`${zone} ${new Date(ms).toISOString()}`);
      expect(wrong).toEqual([]);
    }
  });

  it('keeps a post made at 18:00 local every day of the DST week in the 18:00 buckets', () => {
    const local18 = [
      '2026-03-23T17:00:00Z',
      '2026-03-24T17:00:00Z',
      '2026-03-25T17:00:00Z',
      '2026-03-26T17:00:00Z',
      '2026-03-27T17:00:00Z',
      '2026-03-28T17:00:00Z',
      '2026-03-29T16:00:00Z',
      '2026-03-30T16:00:00Z',
      '2026-03-31T16:00:00Z',
      '2026-04-01T16:00:00Z',
    ];
    const times = bestTimes(
      local18.map((d) => ({ postedAt: new Date(d), score: 0 })),
      'Europe/Paris',
    );
    const filled = times.buckets.filter((b) => b.n > 0);
    expect(filled.every((b) => b.hour === 18)).toBe(true);
    expect(filled.reduce((a, b) => a + b.n, 0)).toBe(10);
  });
});

describe('best times: shrinkage, smoothing and thresholds', () => {
  /** 8 weeks of posts at 09:00, 13:00 and 20:00 UTC every day; 20:00 does 3× better. */
  function history(): PostResult[] {
    const out: PostResult[] = [];
    for (let d = 0; d < 56; d++)
      for (const h of [9, 13, 20]) {
        const postedAt = new Date(Date.UTC(2026, 0, 5 + d, h));
        const noise = Math.exp(0.5 * Math.sin(d * 7 + h));
        out.push({ postedAt, views: (h === 20 ? 3000 : 1000) * noise });
      }
    return out;
  }

  it('finds the hour that does better, with every bucket giving an estimate, its sample size and an interval', () => {
    const times = bestTimes(scorePosts(history()), 'UTC');
    expect(times.posts).toBe(168);
    expect(times.morePostsNeeded).toBe(0);
    expect(times.buckets).toHaveLength(168);
    const top = topBuckets(times, 7);
    expect(top.every((b) => b.hour === 20)).toBe(true);
    for (const b of times.buckets) {
      expect(b.low).toBeLessThanOrEqual(b.estimate);
      expect(b.high).toBeGreaterThanOrEqual(b.estimate);
    }
    const tue20 = times.buckets[bucketIndex({ weekday: 1, hour: 20 })]!;
    expect(tue20.n).toBe(8);
    expect(tue20.estimate).toBeGreaterThan(0.4);
  });

  it('shrinks a bucket with few posts toward the account mean more than one with many', () => {
    const base = history();
    // One extra lucky post on Wednesday 03:00 (a bucket with no other post).
    const lucky = { postedAt: new Date(Date.UTC(2026, 0, 7, 3)), views: 20_000 };
    const times = bestTimes(scorePosts([...base, lucky]), 'UTC');
    const wed03 = times.buckets[bucketIndex({ weekday: 2, hour: 3 })]!;
    const rawScore = scorePosts([...base, lucky]).find((s) => s.postedAt.getTime() === lucky.postedAt.getTime())!.score;
    expect(wed03.n).toBe(1);
    expect(wed03.estimate).toBeLessThan(times.prior.mean + 0.8 * (rawScore - times.prior.mean));
    expect(wed03.estimate).toBeGreaterThan(times.prior.mean);
    // The interval of a one-post bucket is wider than that of an eight-post bucket.
    const tue20 = times.buckets[bucketIndex({ weekday: 1, hour: 20 })]!;
    expect(wed03.high - wed03.low).toBeGreaterThan(tue20.high - tue20.low);
    expect(wed03.suggestable).toBe(false);
    expect(wed03.morePostsNeeded).toBe(2);
  });

  it('smooths across neighbouring hours, circularly: Sunday 23:00 lends to Monday 00:00', () => {
    const scored = [
      ...Array.from({ length: 20 }, (_, i) => ({ postedAt: new Date(Date.UTC(2026, 0, 4 + 7 * i, 23)), score: 1 })),
      ...Array.from({ length: 20 }, (_, i) => ({ postedAt: new Date(Date.UTC(2026, 0, 7 + 7 * i, 12)), score: -1 })),
    ];
    const times = bestTimes(scored, 'UTC');
    const mon00 = times.buckets[bucketIndex({ weekday: 0, hour: 0 })]!;
    const mon02 = times.buckets[bucketIndex({ weekday: 0, hour: 2 })]!;
    expect(mon00.n).toBe(0);
    expect(mon00.estimate).toBeGreaterThan(mon02.estimate + 0.3);
    expect(mon02.estimate).toBeCloseTo(times.prior.mean, 6);
  });

  it('suggests nothing below 10 posts on the account and says how many more are needed', () => {
    const few = history().slice(0, 7);
    const times = bestTimes(scorePosts(few), 'UTC');
    expect(times.morePostsNeeded).toBe(MIN_ACCOUNT_POSTS - 7);
    expect(times.buckets.some((b) => b.suggestable)).toBe(false);
    expect(topBuckets(times, 5)).toEqual([]);
    expect(suggestSlots(times, { count: 5, exploreShare: 0.2, random: seededRandom(1) })).toEqual([]);
  });

  it('states its prior: the mean score, and a between-bucket variance no smaller than the floor', () => {
    const times = bestTimes(scorePosts(history()), 'UTC');
    expect(times.prior.tau2).toBeGreaterThanOrEqual(0.01);
    expect(times.prior.sigma2).toBeGreaterThan(0);
  });
});

describe('best times: suggested slots', () => {
  function times() {
    const out: PostResult[] = [];
    for (let d = 0; d < 42; d++) for (const h of [9, 20]) out.push({ postedAt: new Date(Date.UTC(2026, 0, 5 + d, h)), views: h === 20 ? 3000 : 1000 + d });
    return bestTimes(scorePosts(out), 'UTC');
  }

  it('explores untried hours for 20 % of the slots by Thompson sampling, the same way for the same seed', () => {
    const t = times();
    const a = suggestSlots(t, { count: 5, exploreShare: 0.2, random: seededRandom(42) });
    const b = suggestSlots(t, { count: 5, exploreShare: 0.2, random: seededRandom(42) });
    expect(a).toEqual(b);
    expect(a.filter((s) => s.kind === 'explore')).toHaveLength(1);
    expect(a.filter((s) => s.kind === 'best')).toHaveLength(4);
    for (const s of a.filter((x) => x.kind === 'explore')) expect(t.buckets[bucketIndex(s)]!.n).toBe(0);
    for (const s of a.filter((x) => x.kind === 'best')) expect(s.hour).toBe(20);
    expect(new Set(a.map(bucketIndex)).size).toBe(5);
    const c = suggestSlots(t, { count: 5, exploreShare: 0.2, random: seededRandom(7) });
    expect(c.filter((s) => s.kind === 'explore').map(bucketIndex)).not.toEqual(a.filter((s) => s.kind === 'explore').map(bucketIndex));
  });

  it('explores only hours never tried, each at most once', () => {
    const t = times();
    const all = suggestSlots(t, { count: 60, exploreShare: 1, random: seededRandom(5) });
    expect(all).toHaveLength(60);
    expect(all.every((s) => s.kind === 'explore' && t.buckets[bucketIndex(s)]!.n === 0)).toBe(true);
    expect(new Set(all.map(bucketIndex)).size).toBe(60);
  });

  it('does not explore when the share is 0', () => {
    const s = suggestSlots(times(), { count: 7, exploreShare: 0, random: seededRandom(3) });
    expect(s.every((x) => x.kind === 'best' && x.hour === 20)).toBe(true);
  });

  it('seeds a new account from online followers, labelled seed, converted from Pacific hours to the workspace zone', () => {
    // Followers online peak at 06:00 Pacific (14:00 UTC in winter).
    const days = Array.from({ length: 14 }, (_, i) => ({
      date: `2026-01-${String(5 + i).padStart(2, '0')}`,
      hours: Array.from({ length: 24 }, (_, h) => (h === 6 ? 500 : 100)),
    }));
    const seed = onlineFollowersSeed(days, 'UTC');
    expect(seed).not.toBeNull();
    const fresh = bestTimes([], 'UTC');
    const s = suggestSlots(fresh, { count: 3, exploreShare: 0.2, random: seededRandom(1), seed });
    expect(s).toHaveLength(3);
    expect(s.every((x) => x.kind === 'seed' && x.hour === 14)).toBe(true);
  });
});
