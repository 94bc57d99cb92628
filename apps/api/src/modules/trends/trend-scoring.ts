import type { Platform } from '@mwr/domain';

/**
 * The figures behind a card's three scores (issue 33 point 2), stored with the entry by the
 * recompute so GET /api/trends reads them as they are. Every score says what it came from.
 */
export interface TrendEvidence {
  strength: {
    score: number | null;
    growth24h: number | null;
    growth7d: number | null;
    latest: number | null;
    metric: string | null;
    platform: string | null;
    /** The source whose series the growth is measured on. */
    source: string | null;
    /** That series' last reading of each UTC day, oldest first (8 days at most): the card's sparkline. */
    readings: { day: string; value: number }[];
  };
  relevance: {
    score: number | null;
    topics: string[];
    regionMatch: boolean | null;
    languageMatch: boolean | null;
    /** 'source': a source declared its language; 'script': only the label's writing system was compared. */
    languageBasis: 'source' | 'script' | null;
    /** The languages its sources declared (primary subtags). */
    languages: string[];
  };
  proof: {
    score: number | null;
    posts: number;
    beatBaseline: number;
    medianRatio: number | null;
    interval: number[] | null;
    items: { publicationId: string; accountId: string; platform: Platform; age: string; views: number; baseline: number; ratio: number }[];
  };
  said: { source: string; platform: Platform | null; region: string | null; metric: string; value: number; observedAt: string }[];
  ownResults: { accountId: string; platform: Platform; posts: number; beat: number; age: string; interval: number[] }[];
}

/** The age both sides of every comparison are taken at: most posts have it, young ones too. */
export const COMPARISON_AGE = '24h';
/** An account needs this many measured posts before it has a median to beat. */
export const MIN_BASELINE_POSTS = 5;
/** Our own results: a feature is proposed when at least this many posts had it… */
export const MIN_FEATURE_POSTS = 3;
/** …and at least this share of them beat their account's median. */
export const MIN_FEATURE_SHARE = 0.6;
/** A spike: the watched figure at least doubled in 24 h… */
export const SPIKE_GROWTH_24H = 1;
/** …from a reading at least this large (a jump from 1 to 3 is noise). */
export const SPIKE_MIN_VALUE = 50;

/**
 * Strength, 0–100, from growth: saturating, so a doubling in a day scores high and a slow week
 * scores low; shrinking scores 0. The formula is ours (labelled as such on the card).
 */
export function strengthScore(growth24h: number | null, growth7d: number | null): number | null {
  if (growth24h === null && growth7d === null) return null;
  const push = 2 * Math.max(0, growth24h ?? 0) + Math.max(0, growth7d ?? 0);
  return Math.round(1000 * (1 - Math.exp(-push))) / 10;
}

/** The 95 % Wilson score interval of k successes in n (the same as SQL's trend_wilson). */
export function wilson(k: number, n: number): [number, number] | null {
  if (n <= 0) return null;
  const z = 1.96;
  const p = k / n;
  const denom = 1 + (z * z) / n;
  const centre = p + (z * z) / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return [r((centre - half) / denom), r((centre + half) / denom)];
}

export const emptyEvidence = (): TrendEvidence => ({
  strength: { score: null, growth24h: null, growth7d: null, latest: null, metric: null, platform: null, source: null, readings: [] },
  relevance: { score: null, topics: [], regionMatch: null, languageMatch: null, languageBasis: null, languages: [] },
  proof: { score: null, posts: 0, beatBaseline: 0, medianRatio: null, interval: null, items: [] },
  said: [],
  ownResults: [],
});
