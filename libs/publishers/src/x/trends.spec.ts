import { startStub, startTrendSandbox, TREND_START, type StubServer, type TrendSandbox } from '../testing/trends.js';
import { TrendSourceError, type TrendFetchContext, type TrendFetchRequest, type TrendSourceDescriptor } from '../trend-source.js';
import { xPlatform } from './platform.js';
import type { XSettings } from './settings.js';
import { X_PRICE_PER_CALL_USD, xCountsSource, xTrendsSource } from './trends.js';

const APP = 'sbx_x_client';
const BEARER = `sbx_x_app_bearer_${APP}`;
type Billing = { apps: Record<string, { calls: { trends: number; counts: number }; spentUsd: number }> };

describe('X trends and counts as trend sources, over HTTP against the sandbox (platform-apis.md §11, issue 33)', () => {
  let t: TrendSandbox;
  beforeEach(async () => {
    t = await startTrendSandbox();
  });
  afterEach(() => t.close());

  const ctx = (apiBaseUrl = t.running.urls.xApiBaseUrl, token = BEARER): TrendFetchContext<XSettings> => ({
    settings: { apiBaseUrl } as XSettings,
    credential: () => Promise.resolve(token),
    clock: t.clock,
  });
  const run = (source: TrendSourceDescriptor<XSettings>, request: Partial<TrendFetchRequest>, c = ctx()) => source.fetch(c, { budget: { usd: 1 }, ...request });
  const billing = () => t.inspect<Billing>('/x/trends/billing');
  const failure = async (p: Promise<unknown>): Promise<TrendSourceError> => {
    const error = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TrendSourceError);
    return error as TrendSourceError;
  };

  it('are X’s trend sources in the registry: app-only Bearer, money per call, off by default', () => {
    expect(xPlatform.trendSources?.map((s) => s.key)).toEqual(['x.trends', 'x.counts']);
    expect(xTrendsSource.budget).toEqual({ kind: 'money_per_call', scope: 'app', pricePerCallUsd: { trends: 0.01 }, defaultMonthlyCapUsd: 0 });
    expect(xTrendsSource.rateWindows).toEqual([expect.objectContaining({ limit: 75, windowMs: 15 * 60_000 })]);
    expect(xCountsSource.rateWindows).toEqual([expect.objectContaining({ limit: 300, windowMs: 15 * 60_000 })]);
  });

  it('reads the trends of each region and bills each call, as the platform’s bill shows; a missing tweet_count is no metric', async () => {
    const result = await run(xTrendsSource, { regions: ['FR', 'WORLD', 'ZZ'] });
    expect(result.skipped).toEqual([expect.objectContaining({ input: 'ZZ', reason: 'not_available' })]);
    expect(new Set(result.observations.map((o) => o.region))).toEqual(new Set(['FR', 'WORLD']));
    expect(result.spent).toEqual(expect.objectContaining({ calls: 2, usd: 0.02 }));
    expect((await billing()).apps[APP]).toEqual(expect.objectContaining({ calls: { trends: 2, counts: 0 }, spentUsd: result.spent.usd }));
    const withoutCount = result.observations.filter((o) => !o.metrics.some((m) => m.name === 'tweet_count'));
    expect(withoutCount.length).toBeGreaterThan(0);
    expect(result.observations.some((o) => o.metrics.some((m) => m.name === 'tweet_count' && m.value > 0))).toBe(true);
    expect(result.observations.filter((o) => o.region === 'FR').map((o) => o.metrics[0])).toEqual(
      result.observations.filter((o) => o.region === 'FR').map((_, i) => ({ name: 'rank', value: i + 1 })),
    );
    expect(result.observations.find((o) => o.label.startsWith('#'))?.kind).toBe('hashtag');
  });

  it('sends nothing with the default cap (0: off), and stops at the money left', async () => {
    const off = await failure(run(xTrendsSource, { regions: ['FR'], budget: { usd: 0 } }));
    expect(off.reason).toBe('budget_exhausted');
    expect(t.sb.inspect.requests({ endpoint: 'x.trends.by_woeid' })).toHaveLength(0);
    const partly = await run(xCountsSource, { terms: ['coffee', 'tea', 'cocoa'], budget: { usd: 2 * X_PRICE_PER_CALL_USD.counts + 0.001 } });
    expect(partly.observations.map((o) => o.label)).toEqual(['coffee', 'tea']);
    expect(partly.skipped).toEqual([expect.objectContaining({ input: 'cocoa', reason: 'budget_exhausted' })]);
    expect(partly.spent.usd).toBe(0.01);
    expect((await billing()).apps[APP]?.spentUsd).toBe(0.01);
  });

  it('turns a 429 into rate_limited at x-rate-limit-reset, keeping what was read and billed', async () => {
    await t.inspect('/x/trends/settings', { trendsLimit: 2 });
    await run(xTrendsSource, { regions: ['FR'] });
    // The window opened with that call; five minutes later it still has one call left.
    t.sb.clock.advance(5 * 60_000);
    const error = await failure(run(xTrendsSource, { regions: ['DE', 'GB'] }));
    expect(error.reason).toBe('rate_limited');
    expect(error.retryAt).toBe(new Date(TREND_START + 15 * 60_000).toISOString());
    expect(error.partial?.observations.every((o) => o.region === 'DE')).toBe(true);
    expect(error.partial?.observations.length).toBeGreaterThan(0);
    expect(error.partial?.spent.usd).toBe(0.01);
    expect((await billing()).apps[APP]?.spentUsd).toBe(0.02);
  });

  it('counts the watch-list over 7 days by the hour: last 24 h, the 24 h before, the week', async () => {
    t.sb.clock.advance(3 * 24 * 3_600_000);
    const result = await run(xCountsSource, { terms: ['#coffee', 'new music'] });
    expect(result.observations.map((o) => [o.label, o.kind, o.context])).toEqual([
      ['#coffee', 'hashtag', '#coffee'],
      ['new music', 'term', '"new music"'],
    ]);
    const m = Object.fromEntries(result.observations[0]?.metrics.map((x) => [x.name, x.value]) ?? []);
    expect(m['tweet_count_24h']).toBeGreaterThan(0);
    expect(m['tweet_count_prev_24h']).toBeGreaterThan(0);
    expect(m['tweet_count_7d']).toBeGreaterThanOrEqual((m['tweet_count_24h'] ?? 0) + (m['tweet_count_prev_24h'] ?? 0));
    expect(result.spent.usd).toBe(0.01);
  });

  it('says access_missing for a user-context token (app-only endpoints) and budget_exhausted on 402', async () => {
    const user = t.sb.actions.mintXToken({ userId: '1790000000000000001' })['access_token'] as string;
    expect((await failure(run(xTrendsSource, { regions: ['FR'] }, ctx(undefined, user)))).reason).toBe('access_missing');
    await t.inspect('/x/trends/settings', { creditLimitUsd: 0 });
    expect((await failure(run(xTrendsSource, { regions: ['FR'] }))).reason).toBe('budget_exhausted');
  });

  describe('against an independent implementation', () => {
    let stub: StubServer;
    afterEach(() => stub.close());

    it('takes trends without any tweet_count, and a 429 without headers waits 15 minutes', async () => {
      let calls = 0;
      stub = await startStub(() =>
        ++calls === 1
          ? { status: 200, body: JSON.stringify({ data: [{ trend_name: '#Alpha' }, { trend_name: 'Beta' }] }) }
          : { status: 429, body: JSON.stringify({ title: 'Too Many Requests' }) },
      );
      const first = await run(xTrendsSource, { regions: ['US'] }, ctx(stub.url));
      expect(first.observations.map((o) => [o.label, o.kind, o.metrics])).toEqual([
        ['#Alpha', 'hashtag', [{ name: 'rank', value: 1 }]],
        ['Beta', 'topic', [{ name: 'rank', value: 2 }]],
      ]);
      const limited = await failure(run(xTrendsSource, { regions: ['US'] }, ctx(stub.url)));
      expect(limited.reason).toBe('rate_limited');
      expect(limited.retryAt).toBe(new Date(TREND_START + 15 * 60_000).toISOString());
      expect(stub.requests[0]).toBe('/2/trends/by/woeid/23424977?max_trends=50');
    });
  });
});
