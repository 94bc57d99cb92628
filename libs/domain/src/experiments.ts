/**
 * Caption experiments (issue 24): 2–4 caption variants of one video on one platform, posted as
 * separate posts, compared at a fixed age on one metric. Pure functions: the verdict and the
 * checks on the variants.
 *
 * The test, stated: each variant's post gives one figure v (e.g. views at 24 h). Its score is
 * y = ln(1 + v) − m, where m is its account's mean ln(1 + metric) at that age over the account's
 * earlier posts (0 without history; on one account m cancels out). A post's log-figure scatters
 * around what the caption "deserves" with the account's variance s² of ln(1 + metric) (the
 * spread between the account's posts; DEFAULT_LOG_VARIANCE when it has fewer than
 * MIN_BASELINE_POSTS posts). With a flat prior, the caption's true level μ has the normal
 * posterior N(y, s²) (normal approximation). P(best) for variant i is P(μ_i > μ_j for every j),
 * computed exactly by numerical integration of φ_i(x) Π_{j≠i} Φ_j(x) (no sampling). A winner is
 * declared only when its P(best) ≥ WINNER_THRESHOLD (0.95); otherwise "no clear winner". On one
 * account with the default spread, two posts need about 2.3 natural-log units (≈ 10×) between
 * them before one is called the winner: one post per caption is weak evidence, and we say so.
 */

export const EXPERIMENT_METRICS = ['views', 'likes', 'comments', 'shares', 'saves', 'reach'] as const;
export type ExperimentMetric = (typeof EXPERIMENT_METRICS)[number];
/** The ages at which analytics reads a post (metric_snapshots age buckets). */
export const EXPERIMENT_AGES = ['6h', '24h', '72h', '7d'] as const;
export type ExperimentAge = (typeof EXPERIMENT_AGES)[number];
export const EXPERIMENT_AGE_MS: Record<ExperimentAge, number> = { '6h': 6 * 3600_000, '24h': 86_400_000, '72h': 3 * 86_400_000, '7d': 7 * 86_400_000 };
export const EXPERIMENT_MODES = ['accounts', 'slots'] as const;
export type ExperimentMode = (typeof EXPERIMENT_MODES)[number];
export const EXPERIMENT_STATUSES = ['running', 'waiting_for_age', 'decided', 'no_clear_winner', 'cancelled'] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

export const MIN_VARIANTS = 2;
export const MAX_VARIANTS = 4;
export const WINNER_THRESHOLD = 0.95;
/** Below this many earlier posts an account's spread is not estimated: DEFAULT_LOG_VARIANCE is used. */
export const MIN_BASELINE_POSTS = 5;
/** A typical spread of ln(views) between one account's posts (sd 1: a post doing 2.7× its usual is one sd). */
export const DEFAULT_LOG_VARIANCE = 1;

export const EXPERIMENT_METHOD =
  'Bayesian comparison of log figures: score = ln(1 + figure at the age) − the account’s mean; each caption’s level has a normal posterior ' +
  'N(score, s²) with s² the account’s variance of ln(1 + figure) (1 when it has fewer than 5 earlier posts); P(best) is integrated exactly; ' +
  'a winner when P(best) ≥ 0.95, else no clear winner.';

export interface AccountBaseline {
  /** Mean of ln(1 + figure) over the account's earlier posts. */
  mean: number;
  /** Variance (n − 1) of ln(1 + figure) over them. */
  variance: number;
  /** How many earlier posts. */
  n: number;
}

/** Mean and sample variance of ln(1 + v) over an account's earlier figures. */
export function accountBaseline(values: readonly number[]): AccountBaseline {
  const logs = values.filter((v) => Number.isFinite(v) && v >= 0).map((v) => Math.log1p(v));
  const n = logs.length;
  if (n === 0) return { mean: 0, variance: DEFAULT_LOG_VARIANCE, n: 0 };
  const mean = logs.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? logs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : DEFAULT_LOG_VARIANCE;
  return { mean, variance, n };
}

export interface VariantFigure {
  key: string;
  /** The figure at the age (e.g. views at 24 h). */
  value: number;
  /** The account's earlier posts; null when not known (then mean 0 and the default spread). */
  baseline: AccountBaseline | null;
}

export interface VariantResult {
  key: string;
  value: number;
  /** ln(1 + value) − the account's mean. */
  score: number;
  /** The posterior sd used (√ of the account's variance, or of the default). */
  sd: number;
  varianceSource: 'account' | 'default';
  pBest: number;
}

export interface ExperimentVerdict {
  outcome: 'winner' | 'no_clear_winner';
  winner: string | null;
  threshold: number;
  method: string;
  variants: VariantResult[];
}

/** Standard normal CDF (erfc via the Numerical Recipes Chebyshev fit, |error| < 1.2e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/**
 * P(μ_i is the largest) for independent normal posteriors N(mean_i, sd_i²): Simpson's rule over
 * ±9 sd of the widest, renormalised so the probabilities add up to 1.
 */
export function probabilityBest(posteriors: readonly { mean: number; sd: number }[]): number[] {
  if (posteriors.length === 0) return [];
  if (posteriors.length === 1) return [1];
  const widest = Math.max(...posteriors.map((p) => p.sd));
  const lo = Math.min(...posteriors.map((p) => p.mean)) - 9 * widest;
  const hi = Math.max(...posteriors.map((p) => p.mean)) + 9 * widest;
  const steps = 4000;
  const h = (hi - lo) / steps;
  const raw = posteriors.map((own, i) => {
    let sum = 0;
    for (let k = 0; k <= steps; k++) {
      const x = lo + k * h;
      const z = (x - own.mean) / own.sd;
      let f = Math.exp(-0.5 * z * z) / (own.sd * Math.sqrt(2 * Math.PI));
      for (let j = 0; j < posteriors.length; j++) if (j !== i) f *= normalCdf((x - posteriors[j]!.mean) / posteriors[j]!.sd);
      sum += f * (k === 0 || k === steps ? 1 : k % 2 === 1 ? 4 : 2);
    }
    return (sum * h) / 3;
  });
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((p) => (total > 0 ? p / total : 1 / posteriors.length));
}

/** The verdict on 2–4 variants' figures (see the module comment for the test). */
export function experimentVerdict(figures: readonly VariantFigure[], threshold = WINNER_THRESHOLD): ExperimentVerdict {
  const posteriors = figures.map((f) => {
    const own = f.baseline && f.baseline.n >= MIN_BASELINE_POSTS && f.baseline.variance > 0;
    const variance = own ? f.baseline!.variance : DEFAULT_LOG_VARIANCE;
    return {
      key: f.key,
      value: f.value,
      score: Math.log1p(Math.max(0, f.value)) - (f.baseline?.mean ?? 0),
      sd: Math.sqrt(variance),
      varianceSource: own ? ('account' as const) : ('default' as const),
    };
  });
  const p = probabilityBest(posteriors.map((v) => ({ mean: v.score, sd: v.sd })));
  const variants = posteriors.map((v, i) => ({ ...v, pBest: Math.round(p[i]! * 10_000) / 10_000 }));
  const best = variants.reduce<VariantResult | null>((b, v) => (b === null || v.pBest > b.pBest ? v : b), null);
  const winner = best && best.pBest >= threshold ? best.key : null;
  return { outcome: winner ? 'winner' : 'no_clear_winner', winner, threshold, method: EXPERIMENT_METHOD, variants };
}

/** A caption as the duplicate-content rules see it: case, spacing and hashtag order do not make it different. */
export function normalizedCaption(caption: string, hashtags: readonly string[] = []): string {
  const tags = [...new Set(hashtags.map((h) => h.toLowerCase()))].sort().join(' ');
  return `${caption.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim()}|${tags}`;
}

export type VariantProblem = { kind: 'count'; count: number } | { kind: 'empty'; index: number } | { kind: 'duplicate'; index: number; sameAs: number };

/**
 * Variants of one video posted on one platform's accounts must differ: X refuses a duplicate text
 * ("duplicate content"), Instagram answers error 506 "duplicate post", and TikTok and YouTube treat
 * repeated identical uploads as spam/repetitive content. So 2–4 non-empty captions, no two alike
 * once case, spacing and hashtag order are set aside.
 */
export function variantProblems(variants: readonly { caption: string; hashtags?: readonly string[] }[]): VariantProblem[] {
  const problems: VariantProblem[] = [];
  if (variants.length < MIN_VARIANTS || variants.length > MAX_VARIANTS) problems.push({ kind: 'count', count: variants.length });
  const seen = new Map<string, number>();
  variants.forEach((v, index) => {
    if (v.caption.trim() === '') problems.push({ kind: 'empty', index });
    const key = normalizedCaption(v.caption, v.hashtags ?? []);
    const sameAs = seen.get(key);
    if (sameAs !== undefined) problems.push({ kind: 'duplicate', index, sameAs });
    else seen.set(key, index);
  });
  return problems;
}
