import { startOfLocalDate, zoneOffsetMinutes } from './time-zones.js';

/**
 * Best times to post, from the workspace's own results (issue 24).
 *
 * 1. Score. Each post scores s = ln((v + 1) / (m + 1)) where v is its views at 24 h and m the
 *    account's rolling median of views at 24 h: the median over a window of up to
 *    ROLLING_WINDOW posts centred on it (clipped at the ends of the history, so every post has
 *    one). The +1 keeps a post with 0 views finite. A score is "how much better than the account
 *    usually does at that moment", so a growing account does not make its recent hours look best.
 * 2. Bucket. Weekday × hour of the go-live instant in the workspace's IANA zone (local wall
 *    clock: a post at 18:30 local is in the 18:00 bucket in winter and in summer alike).
 * 3. Smooth. Each bucket's sufficient statistics (count, sum) are pooled with its neighbouring
 *    hours at weight NEIGHBOUR_WEIGHT, circularly across the week (Sunday 23:00 neighbours
 *    Monday 00:00).
 * 4. Shrink (empirical Bayes, normal–normal). Prior for every bucket: N(μ, τ²) with μ the mean
 *    score of the account (or of the platform's accounts). σ² is the pooled within-bucket
 *    variance of the scores; τ² the between-bucket variance by the method of moments
 *    (variance of raw bucket means around μ minus the mean sampling variance σ²/n), floored at
 *    TAU2_FLOOR so a bucket with a lot of evidence can still move. Posterior:
 *    precision = n_eff/σ² + 1/τ², estimate = (n_eff·ȳ/σ² + μ/τ²) / precision, and the interval
 *    is estimate ± 1.96/√precision (95 %).
 * 5. Suggest. Nothing is suggested below MIN_ACCOUNT_POSTS posts, and a bucket with fewer than
 *    MIN_BUCKET_POSTS of its own posts is never suggested; both say how many more are needed.
 */

export const ROLLING_WINDOW = 31;
export const NEIGHBOUR_WEIGHT = 0.5;
export const TAU2_FLOOR = 0.01;
/** σ² when the data cannot estimate it (every bucket has one post): a factor of e^±1 is usual. */
export const DEFAULT_SIGMA2 = 1;
export const MIN_ACCOUNT_POSTS = 10;
export const MIN_BUCKET_POSTS = 3;
export const HOURS_PER_WEEK = 168;
const Z95 = 1.959964;

export interface PostResult {
  postedAt: Date;
  /** Views at 24 h. */
  views: number;
}

export interface ScoredPost {
  postedAt: Date;
  score: number;
}

/** 0 = Monday … 6 = Sunday, hour 0–23, both in the local time of the zone. */
export interface WeekHour {
  weekday: number;
  hour: number;
}

export interface BestTimeBucket extends WeekHour {
  /** Posts of the bucket itself (not its neighbours). */
  n: number;
  /** Posterior mean of the score: ln of "times the usual views"; the prior mean when n_eff is 0. */
  estimate: number;
  low: number;
  high: number;
  /** n ≥ MIN_BUCKET_POSTS and the account has enough posts: may be suggested. */
  suggestable: boolean;
  /** Posts still needed in this bucket before it may be suggested. */
  morePostsNeeded: number;
}

export interface BestTimes {
  posts: number;
  /** Posts still needed on the account before anything is suggested (0: enough). */
  morePostsNeeded: number;
  prior: { mean: number; tau2: number; sigma2: number };
  /** 168 buckets, Monday 00:00 first. */
  buckets: BestTimeBucket[];
}

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Scores one account's posts against its rolling median of views at 24 h. The posts need not be
 * sorted; the answer is in go-live order.
 */
export function scorePosts(posts: readonly PostResult[], window = ROLLING_WINDOW): ScoredPost[] {
  const ordered = [...posts].sort((a, b) => a.postedAt.getTime() - b.postedAt.getTime());
  const n = ordered.length;
  if (n === 0) return [];
  const size = Math.min(window, n);
  const half = Math.floor(size / 2);
  const out: ScoredPost[] = new Array<ScoredPost>(n);
  // A sorted copy of the current window, updated by one removal and one insertion per step.
  let start = 0;
  const win = ordered
    .slice(0, size)
    .map((p) => p.views)
    .sort((a, b) => a - b);
  for (let i = 0; i < n; i++) {
    const want = Math.min(Math.max(0, i - half), n - size);
    while (start < want) {
      remove(win, ordered[start]!.views);
      insert(win, ordered[start + size]!.views);
      start++;
    }
    const post = ordered[i]!;
    out[i] = { postedAt: post.postedAt, score: Math.log((post.views + 1) / (median(win) + 1)) };
  }
  return out;
}

function lowerBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function remove(sorted: number[], value: number): void {
  sorted.splice(lowerBound(sorted, value), 1);
}

function insert(sorted: number[], value: number): void {
  sorted.splice(lowerBound(sorted, value), 0, value);
}

/**
 * Weekday × hour of an instant on the wall clock of `zone`, DST included. `cache` (offsets per
 * quarter hour of UTC) makes thousands of calls cheap; zones change offset on a quarter hour.
 */
export function weekHourOf(instant: Date, zone: string, cache?: Map<number, number>): WeekHour {
  const ms = instant.getTime();
  const quarter = Math.floor(ms / 900_000);
  let offset = cache?.get(quarter);
  if (offset === undefined) {
    offset = zoneOffsetMinutes(new Date(quarter * 900_000), zone);
    cache?.set(quarter, offset);
  }
  return weekHourAt(ms, offset);
}

const QUARTER = 900_000;
const WEEK = 7 * 86_400_000;

/**
 * The offsets of `zone` over [from, to] as change points, found with few Intl calls: one sample a
 * week, then a bisection down to the quarter hour wherever two samples differ (zones change offset
 * on a quarter hour, and no zone changes twice within a week). 1,000 posts over a year cost about
 * 60 Intl calls instead of 1,000.
 */
export function zoneOffsetTimeline(zone: string, from: number, to: number): (ms: number) => number {
  const off = (ms: number) => zoneOffsetMinutes(new Date(ms), zone);
  const start = Math.floor(from / QUARTER) * QUARTER;
  const end = Math.ceil(to / QUARTER) * QUARTER;
  // starts[i] is the first instant at which offsets[i] applies.
  const starts: number[] = [start];
  const offsets: number[] = [off(start)];
  let a = start;
  let oa = offsets[0]!;
  while (a < end) {
    const b = Math.min(end, a + WEEK);
    const ob = off(b);
    if (ob !== oa) {
      let lo = a;
      let hi = b;
      while (hi - lo > QUARTER) {
        const mid = lo + Math.floor((hi - lo) / 2 / QUARTER) * QUARTER;
        if (off(mid) === oa) lo = mid;
        else hi = mid;
      }
      starts.push(hi);
      offsets.push(ob);
    }
    a = b;
    oa = ob;
  }
  return (ms: number) => {
    if (ms < start || ms > end) return off(ms);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= ms) lo = mid;
      else hi = mid - 1;
    }
    return offsets[lo]!;
  };
}

function weekHourAt(ms: number, offsetMinutes: number): WeekHour {
  const local = new Date(ms + offsetMinutes * 60_000);
  return { weekday: (local.getUTCDay() + 6) % 7, hour: local.getUTCHours() };
}

export function bucketIndex(at: WeekHour): number {
  return at.weekday * 24 + at.hour;
}

/** The best-times heatmap of scored posts (one account's, or several accounts' of one platform). */
export function bestTimes(scored: readonly ScoredPost[], zone: string): BestTimes {
  const count = new Array<number>(HOURS_PER_WEEK).fill(0);
  const sum = new Array<number>(HOURS_PER_WEEK).fill(0);
  const sumSq = new Array<number>(HOURS_PER_WEEK).fill(0);
  let first = Infinity;
  let last = -Infinity;
  for (const post of scored) {
    const ms = post.postedAt.getTime();
    if (ms < first) first = ms;
    if (ms > last) last = ms;
  }
  const offsetAt = scored.length > 0 ? zoneOffsetTimeline(zone, first, last) : () => 0;
  let total = 0;
  for (const post of scored) {
    const ms = post.postedAt.getTime();
    const b = bucketIndex(weekHourAt(ms, offsetAt(ms)));
    count[b]! += 1;
    sum[b]! += post.score;
    sumSq[b]! += post.score * post.score;
    total += post.score;
  }
  const n = scored.length;
  const mean = n > 0 ? total / n : 0;

  // σ²: pooled within-bucket variance; τ²: between-bucket variance by the method of moments.
  let within = 0;
  let withinDf = 0;
  let between = 0;
  let betweenSampling = 0;
  let filled = 0;
  for (let b = 0; b < HOURS_PER_WEEK; b++) {
    const c = count[b]!;
    if (c === 0) continue;
    filled++;
    const m = sum[b]! / c;
    within += sumSq[b]! - c * m * m;
    withinDf += c - 1;
  }
  const sigma2 = withinDf > 0 && within > 0 ? within / withinDf : DEFAULT_SIGMA2;
  for (let b = 0; b < HOURS_PER_WEEK; b++) {
    const c = count[b]!;
    if (c === 0) continue;
    const d = sum[b]! / c - mean;
    between += d * d;
    betweenSampling += sigma2 / c;
  }
  const tau2 = filled > 1 ? Math.max(TAU2_FLOOR, (between - betweenSampling) / (filled - 1)) : TAU2_FLOOR;

  const morePostsNeeded = Math.max(0, MIN_ACCOUNT_POSTS - n);
  const buckets: BestTimeBucket[] = [];
  for (let b = 0; b < HOURS_PER_WEEK; b++) {
    const prev = (b + HOURS_PER_WEEK - 1) % HOURS_PER_WEEK;
    const next = (b + 1) % HOURS_PER_WEEK;
    const nEff = count[b]! + NEIGHBOUR_WEIGHT * (count[prev]! + count[next]!);
    const sEff = sum[b]! + NEIGHBOUR_WEIGHT * (sum[prev]! + sum[next]!);
    const precision = nEff / sigma2 + 1 / tau2;
    const estimate = (sEff / sigma2 + mean / tau2) / precision;
    const half = Z95 / Math.sqrt(precision);
    const c = count[b]!;
    buckets.push({
      weekday: Math.floor(b / 24),
      hour: b % 24,
      n: c,
      estimate,
      low: estimate - half,
      high: estimate + half,
      suggestable: morePostsNeeded === 0 && c >= MIN_BUCKET_POSTS,
      morePostsNeeded: Math.max(0, MIN_BUCKET_POSTS - c),
    });
  }
  return { posts: n, morePostsNeeded, prior: { mean, tau2, sigma2 }, buckets };
}

/** The suggestable buckets, best estimate first (ties: the narrower interval first). */
export function topBuckets(times: BestTimes, limit: number): BestTimeBucket[] {
  return times.buckets
    .filter((b) => b.suggestable)
    .sort((a, b) => b.estimate - a.estimate || a.high - a.low - (b.high - b.low))
    .slice(0, limit);
}

/**
 * The seed of a new Instagram account: Instagram's `online_followers` (followers online per hour
 * of each day, the day running midnight to midnight Pacific time), summed per weekday × hour of
 * `zone`. Each bucket's weight is its share relative to the mean bucket (1 = average).
 */
export interface OnlineFollowersDay {
  /** The Pacific day the values are for, YYYY-MM-DD. */
  date: string;
  /** Followers online in each Pacific hour, index 0–23 (missing hours: undefined). */
  hours: readonly (number | undefined)[];
}

export const ONLINE_FOLLOWERS_ZONE = 'America/Los_Angeles';

export function onlineFollowersSeed(days: readonly OnlineFollowersDay[], zone: string): number[] | null {
  const total = new Array<number>(HOURS_PER_WEEK).fill(0);
  const seen = new Array<number>(HOURS_PER_WEEK).fill(0);
  for (const day of days) {
    const start = startOfLocalDate(day.date, ONLINE_FOLLOWERS_ZONE).getTime();
    day.hours.forEach((value, hour) => {
      if (value === undefined || !Number.isFinite(value)) return;
      const b = bucketIndex(weekHourOf(new Date(start + hour * 3_600_000), zone));
      total[b]! += value;
      seen[b]! += 1;
    });
  }
  const averages = total.map((t, b) => (seen[b]! > 0 ? t / seen[b]! : null));
  const known = averages.filter((a): a is number => a !== null);
  if (known.length === 0) return null;
  const mean = known.reduce((a, b) => a + b, 0) / known.length;
  if (mean <= 0) return null;
  // Hours the data never covered get the mean (1), not a guess.
  return averages.map((a) => (a === null ? 1 : a / mean));
}

/** A small seeded PRNG (mulberry32): the same seed gives the same suggestions (tests). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function normal(random: () => number): number {
  const u = Math.max(random(), Number.MIN_VALUE);
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export type SlotSuggestionKind = 'best' | 'explore' | 'seed';

export interface SlotSuggestion extends WeekHour {
  kind: SlotSuggestionKind;
  estimate: number;
  n: number;
}

export const DEFAULT_EXPLORE_SHARE = 0.2;

/**
 * Suggested posting slots: `count` slots, of which round(count × exploreShare) explore hours
 * never tried (n = 0) by Thompson sampling — each draw takes one sample from every untried
 * bucket's posterior N(estimate, ((high − low) / 3.92)²) and keeps the best — and the rest are the
 * best suggestable buckets. No two suggestions share an hour; with too few suggestable buckets the
 * remainder explores too. Below the account minimum only a seed (Instagram's online followers)
 * can suggest, as `seed`; without one nothing is suggested.
 */
export function suggestSlots(
  times: BestTimes,
  options: { count: number; exploreShare: number; random: () => number; seed?: readonly number[] | null },
): SlotSuggestion[] {
  const { count, random } = options;
  if (count <= 0) return [];
  if (times.morePostsNeeded > 0) {
    if (!options.seed) return [];
    const seed = options.seed;
    return seed
      .map((weight, b) => ({ b, weight }))
      .sort((x, y) => y.weight - x.weight || x.b - y.b)
      .slice(0, count)
      .map(({ b, weight }) => ({ weekday: Math.floor(b / 24), hour: b % 24, kind: 'seed' as const, estimate: Math.log(weight), n: 0 }));
  }
  const share = Math.min(1, Math.max(0, options.exploreShare));
  const exploreWanted = Math.round(count * share);
  const best = topBuckets(times, count - exploreWanted).map((b) => ({ weekday: b.weekday, hour: b.hour, kind: 'best' as const, estimate: b.estimate, n: b.n }));
  const taken = new Set(best.map(bucketIndex));
  const untried = times.buckets.filter((b) => b.n === 0);
  const explore: SlotSuggestion[] = [];
  while (best.length + explore.length < count) {
    let pick: BestTimeBucket | null = null;
    let pickDraw = -Infinity;
    for (const b of untried) {
      if (taken.has(bucketIndex(b))) continue;
      const draw = b.estimate + ((b.high - b.low) / (2 * Z95)) * normal(random);
      if (draw > pickDraw) {
        pickDraw = draw;
        pick = b;
      }
    }
    if (!pick) break;
    taken.add(bucketIndex(pick));
    explore.push({ weekday: pick.weekday, hour: pick.hour, kind: 'explore', estimate: pick.estimate, n: 0 });
  }
  return [...best, ...explore];
}
