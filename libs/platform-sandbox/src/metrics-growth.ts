/**
 * Deterministic growth of a live post's numbers (issue 21), shared by the TikTok Display API
 * (`video/list`, `video/query`) and the Instagram insights simulators.
 *
 * Every number is a pure function of (sandbox seed, post id, age): a saturating curve
 * views(t) = V·(1 − e^(−t/τ)) with per-post V and τ, and every other count a stable per-post
 * fraction of the views, floored. So the same seed and post id give the same numbers, and each
 * count is an integer that never decreases as the simulated clock moves on.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** FNV-1a over the key, then a murmur finaliser: a uniform number in [0, 1). */
export function unitHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** 19-digit TikTok-style or 17-digit Graph-style ids, deterministic from a key (bulk seeding). */
export function digitsFromHash(key: string, length: number, firstDigit: string): string {
  let out = firstDigit;
  for (let i = 0; out.length < length; i++) out += String(Math.floor(unitHash(`${key}#${i}`) * 1e9)).padStart(9, '0');
  return out.slice(0, length);
}

export interface PostGrowthProfile {
  /** Views the post tends to. */
  finalViews: number;
  /** Time constant of the curve (ms): ~63 % of finalViews after tau. */
  tauMs: number;
  likeRate: number;
  commentRate: number;
  shareRate: number;
  saveRate: number;
  repostRate: number;
  reachRate: number;
  crosspostRate: number;
  /** Video length (s), and the mean watch time per view (ms, below the length). */
  durationSec: number;
  avgWatchMs: number;
  /** Share of plays skipped in the first 3 s (percentage, one decimal). */
  skipRatePct: number;
  /** Instagram only: how far behind the insights are (ms, up to maxLagMs). */
  insightsLagMs: number;
}

/** The per-post parameters, from the sandbox seed and the post id only. */
export function growthProfile(seed: number, postId: string, maxLagMs = 48 * HOUR): PostGrowthProfile {
  const u = (salt: string): number => unitHash(`${seed}|${postId}|${salt}`);
  const durationSec = 8 + Math.floor(u('duration') * 83);
  const lagShare = u('lag');
  return {
    // Log-uniform between 200 and ~18,000 views: most posts modest, a few far ahead.
    finalViews: Math.round(200 * Math.exp(u('views') * 4.5)),
    tauMs: Math.round((4 + u('tau') * 68) * HOUR),
    likeRate: 0.03 + u('likes') * 0.09,
    commentRate: 0.002 + u('comments') * 0.01,
    shareRate: 0.001 + u('shares') * 0.008,
    saveRate: 0.002 + u('saves') * 0.018,
    repostRate: 0.0005 + u('reposts') * 0.004,
    reachRate: 0.55 + u('reach') * 0.35,
    crosspostRate: u('crossposted') * 0.08,
    durationSec,
    avgWatchMs: Math.round(durationSec * 1000 * (0.25 + u('watch') * 0.6)),
    skipRatePct: Math.round((15 + u('skip') * 45) * 10) / 10,
    // Skewed towards short lags; the longest reach maxLagMs (platform-apis.md §10: up to 48 h).
    insightsLagMs: Math.round(lagShare * lagShare * maxLagMs),
  };
}

export interface PostNumbers {
  views: number;
  reach: number;
  likes: number;
  comments: number;
  shares: number;
  saves: number;
  reposts: number;
  crosspostedViews: number;
  totalInteractions: number;
  watchTimeTotalMs: number;
  avgWatchMs: number;
  skipRatePct: number;
}

/** The post's numbers `ageMs` after it went live (0 before). */
export function numbersAtAge(profile: PostGrowthProfile, ageMs: number): PostNumbers {
  const age = Math.max(0, ageMs);
  const views = Math.floor(profile.finalViews * (1 - Math.exp(-age / profile.tauMs)));
  const part = (rate: number): number => Math.floor(views * rate);
  const likes = part(profile.likeRate);
  const comments = part(profile.commentRate);
  const shares = part(profile.shareRate);
  const saves = part(profile.saveRate);
  return {
    views,
    reach: part(profile.reachRate),
    likes,
    comments,
    shares,
    saves,
    reposts: part(profile.repostRate),
    crosspostedViews: part(profile.crosspostRate),
    totalInteractions: likes + comments + shares + saves,
    watchTimeTotalMs: views * profile.avgWatchMs,
    avgWatchMs: views > 0 ? profile.avgWatchMs : 0,
    skipRatePct: views > 0 ? profile.skipRatePct : 0,
  };
}

/** What a lagging insights API shows at `now`: the state `insightsLagMs` earlier (zeros until then). */
export function laggedNumbers(profile: PostGrowthProfile, liveAt: number, now: number): PostNumbers {
  return numbersAtAge(profile, now - profile.insightsLagMs - liveAt);
}

/** Whole days elapsed from `from` to `to` (0 when `to` is earlier). */
export function daysBetween(from: number, to: number): number {
  return Math.max(0, Math.floor((to - from) / DAY));
}

/** New followers on day `dayIndex` (counted from the sandbox start) for one account. */
export function dailyFollowerGain(seed: number, accountId: string, dayIndex: number): number {
  const rate = 5 + unitHash(`${seed}|${accountId}|follow-rate`) * 60;
  return Math.floor(rate * (0.5 + unitHash(`${seed}|${accountId}|follow-day|${dayIndex}`)));
}

/** Followers at `now`: the base count at the sandbox start plus each completed day's gain. */
export function followersAt(seed: number, accountId: string, base: number, startTime: number, now: number): number {
  let total = base;
  const days = daysBetween(startTime, now);
  for (let d = 0; d < days; d++) total += dailyFollowerGain(seed, accountId, d);
  return total;
}
