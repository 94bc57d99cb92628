import { accountBaseline, DEFAULT_LOG_VARIANCE, experimentVerdict, normalCdf, probabilityBest, variantProblems, WINNER_THRESHOLD } from './experiments.js';

describe('experiments: probability of being best', () => {
  it('matches the closed form for two normals: P(A > B) = Φ((μA − μB) / √(sA² + sB²))', () => {
    const [a, b] = probabilityBest([
      { mean: 1.3, sd: 0.8 },
      { mean: 0.2, sd: 1.1 },
    ]);
    expect(a).toBeCloseTo(normalCdf(1.1 / Math.sqrt(0.64 + 1.21)), 4);
    expect(a! + b!).toBeCloseTo(1, 10);
  });

  it('gives equal variants equal chances, and three equal variants a third each', () => {
    const three = probabilityBest([
      { mean: 2, sd: 1 },
      { mean: 2, sd: 1 },
      { mean: 2, sd: 1 },
    ]);
    for (const p of three) expect(p).toBeCloseTo(1 / 3, 4);
  });

  it('normalCdf is the standard normal CDF', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 5);
    expect(normalCdf(-1.644854)).toBeCloseTo(0.05, 5);
  });
});

describe('experiments: verdict', () => {
  const steady = accountBaseline([900, 1100, 1000, 950, 1050, 1000, 980, 1020]); // sd of ln ≈ 0.06

  it("declares a winner when one caption's views are far above the other's for the account's usual spread", () => {
    const verdict = experimentVerdict([
      { key: 'A', value: 1000, baseline: steady },
      { key: 'B', value: 1600, baseline: steady },
    ]);
    expect(verdict.outcome).toBe('winner');
    expect(verdict.winner).toBe('B');
    expect(verdict.variants[1]!.pBest).toBeGreaterThanOrEqual(WINNER_THRESHOLD);
    expect(verdict.variants[1]!.varianceSource).toBe('account');
  });

  it('says "no clear winner" for the same gap on an account whose posts scatter widely', () => {
    const noisy = accountBaseline([100, 5000, 800, 20000, 300, 2500, 60, 9000]);
    const verdict = experimentVerdict([
      { key: 'A', value: 1000, baseline: noisy },
      { key: 'B', value: 1600, baseline: noisy },
    ]);
    expect(verdict.outcome).toBe('no_clear_winner');
    expect(verdict.winner).toBeNull();
    expect(verdict.variants[1]!.pBest).toBeGreaterThan(0.5);
    expect(verdict.variants[1]!.pBest).toBeLessThan(WINNER_THRESHOLD);
  });

  it('uses the default spread below five earlier posts: 2× views is not enough, 20× is', () => {
    const few = accountBaseline([1000, 1000]);
    expect(
      experimentVerdict([
        { key: 'A', value: 1000, baseline: few },
        { key: 'B', value: 2000, baseline: few },
      ]).winner,
    ).toBeNull();
    const far = experimentVerdict([
      { key: 'A', value: 1000, baseline: null },
      { key: 'B', value: 20000, baseline: null },
    ]);
    expect(far.variants.every((v) => v.varianceSource === 'default' && v.sd === Math.sqrt(DEFAULT_LOG_VARIANCE))).toBe(true);
    expect(far.winner).toBe('B');
  });

  it("compares accounts of different sizes against each one's own usual, not raw views", () => {
    const big = accountBaseline([100_000, 110_000, 90_000, 105_000, 95_000, 100_000]);
    const small = accountBaseline([1000, 1100, 900, 1050, 950, 1000]);
    // The big account's post did its usual; the small account's did 3× its usual.
    const verdict = experimentVerdict([
      { key: 'big', value: 100_000, baseline: big },
      { key: 'small', value: 3000, baseline: small },
    ]);
    expect(verdict.winner).toBe('small');
  });

  it('reports each variant’s score as ln(1 + value) − the account mean', () => {
    const verdict = experimentVerdict([
      { key: 'A', value: 99, baseline: { mean: 1, variance: 0.5, n: 10 } },
      { key: 'B', value: 0, baseline: { mean: 1, variance: 0.5, n: 10 } },
    ]);
    expect(verdict.variants[0]!.score).toBeCloseTo(Math.log(100) - 1, 10);
    expect(verdict.variants[1]!.score).toBeCloseTo(-1, 10);
    expect(verdict.variants[0]!.sd).toBeCloseTo(Math.sqrt(0.5), 10);
  });
});

describe('experiments: variants', () => {
  it('accepts 2–4 different captions and refuses 1 or 5', () => {
    expect(variantProblems([{ caption: 'a' }, { caption: 'b' }])).toEqual([]);
    expect(variantProblems([{ caption: 'a' }])).toEqual([{ kind: 'count', count: 1 }]);
    expect(variantProblems(['a', 'b', 'c', 'd', 'e'].map((caption) => ({ caption })))).toEqual([{ kind: 'count', count: 5 }]);
  });

  it('refuses the same caption twice even with other case, spacing or hashtag order', () => {
    expect(
      variantProblems([
        { caption: 'Our new  drop', hashtags: ['sale', 'new'] },
        { caption: 'our new drop ', hashtags: ['new', 'Sale'] },
      ]),
    ).toEqual([{ kind: 'duplicate', index: 1, sameAs: 0 }]);
    expect(
      variantProblems([
        { caption: 'same', hashtags: ['a'] },
        { caption: 'same', hashtags: ['b'] },
      ]),
    ).toEqual([]);
  });

  it('refuses an empty caption', () => {
    expect(variantProblems([{ caption: '  ' }, { caption: 'b' }])).toEqual([{ kind: 'empty', index: 0 }]);
  });
});
