import { startStub, startTrendSandbox, type StubServer, type TrendSandbox } from '../testing/trends.js';
import { TrendSourceError, type TrendFetchContext, type TrendFetchRequest } from '../trend-source.js';
import { youtubePlatform } from './platform.js';
import type { YouTubeSettings } from './settings.js';
import { YOUTUBE_CHARTS_KEY, YOUTUBE_OTHERS_STATS_TTL_MS, youtubeChartsSource } from './trends.js';

const KEY = 'sbx_youtube_api_key';

describe('YouTube trending charts as a trend source, over HTTP against the sandbox (platform-apis.md §11, issue 33)', () => {
  let t: TrendSandbox;
  beforeEach(async () => {
    t = await startTrendSandbox();
  });
  afterEach(() => t.close());

  const ctx = (apiBaseUrl = t.running.urls.youtubeApiBaseUrl, key = KEY): TrendFetchContext<YouTubeSettings> => ({
    settings: { apiBaseUrl } as YouTubeSettings,
    credential: () => Promise.resolve(key),
    clock: t.clock,
  });
  const fetchCharts = (request: Partial<TrendFetchRequest>, c = ctx()) => youtubeChartsSource.fetch(c, { regions: ['FR'], budget: { units: 100 }, ...request });
  const chartCalls = () => t.sb.inspect.requests({ endpoint: 'youtube.videos.list' }).length;
  const failure = async (p: Promise<unknown>): Promise<TrendSourceError> => {
    const error = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TrendSourceError);
    return error as TrendSourceError;
  };

  it('is YouTube’s trend source in the registry, with its budget in units per Pacific day', () => {
    expect(youtubePlatform.trendSources?.map((s) => s.key)).toEqual([YOUTUBE_CHARTS_KEY]);
    expect(youtubeChartsSource.budget).toEqual(expect.objectContaining({ kind: 'units_per_day', perCall: 1, resetsAt: { daily: 'America/Los_Angeles' } }));
    expect(youtubeChartsSource.access).toEqual({ auth: 'api_key', credentialSetting: 'apiKey' });
  });

  it('reads the Music, Movies and Gaming charts of each region in pages, 1 unit per page, with a 30-day expiry', async () => {
    const result = await fetchCharts({ regions: ['FR', 'US'], maxPages: 2 });
    expect(result.spent).toEqual(expect.objectContaining({ calls: 12, units: 12 }));
    expect(result.observations).toHaveLength(2 * 3 * 100);
    expect(new Set(result.observations.map((o) => `${o.region}/${o.context}`))).toEqual(new Set(['FR/10', 'FR/20', 'FR/30', 'US/10', 'US/20', 'US/30']));
    const music = result.observations.filter((o) => o.region === 'FR' && o.context === '10');
    expect(music.map((o) => o.metrics.find((m) => m.name === 'rank')?.value)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(new Set(music.map((o) => o.externalId)).size).toBe(100);
    const first = music[0];
    expect(first?.kind).toBe('video');
    expect(first?.metrics.find((m) => m.name === 'view_count')?.value).toEqual(expect.any(Number));
    expect(Date.parse(first?.expiresAt ?? '') - Date.parse(first?.observedAt ?? '')).toBe(YOUTUBE_OTHERS_STATS_TTL_MS);
    expect(first?.externalUrl).toBe(`https://www.youtube.com/watch?v=${first?.externalId}`);
    // The language the uploader declared (snippet.defaultAudioLanguage) rides along; where none was set, none is made up.
    const languages = music.map((o) => o.language);
    expect(languages.filter((l) => l !== undefined).length).toBeGreaterThan(50);
    expect(new Set(languages.filter((l) => l !== undefined))).toEqual(new Set(['fr', 'en']));
    expect(languages).toContain(undefined);
    const units = await t.inspect<{ unitsToday: Record<string, number> }>('/youtube/charts');
    expect(units.unitsToday).toEqual({ [`key:${KEY}`]: 12 });
  });

  it('skips a chart the region lacks, whether videoChartNotFound comes as 400 or 404', async () => {
    await t.inspect('/youtube/charts', { missingCharts: ['FR/30'] });
    const with400 = await fetchCharts({});
    expect(with400.skipped).toEqual([expect.objectContaining({ input: 'FR/30', reason: 'not_available' })]);
    expect(new Set(with400.observations.map((o) => o.context))).toEqual(new Set(['10', '20']));
    await t.inspect('/youtube/charts', { chartNotFoundStatus: 404 });
    const with404 = await fetchCharts({});
    expect(with404.skipped).toEqual([expect.objectContaining({ input: 'FR/30', reason: 'not_available' })]);
    expect(with404.observations).toHaveLength(100);
  });

  describe('against an independent implementation', () => {
    let stub: StubServer;
    afterEach(() => stub.close());

    it('takes a bare 404 (no Google error body) as a chart that does not exist', async () => {
      stub = await startStub(() => ({ status: 404, body: 'Not Found', headers: { 'content-type': 'text/plain' } }));
      const result = await fetchCharts({}, ctx(stub.url));
      expect(result.observations).toEqual([]);
      expect(result.skipped.map((s) => s.reason)).toEqual(['not_available', 'not_available', 'not_available']);
      expect(stub.requests).toHaveLength(3);
    });
  });

  it('never spends more units than the caller has left, and refuses without a call when none are left', async () => {
    const two = await fetchCharts({ budget: { units: 2 } });
    expect(two.spent.units).toBe(2);
    expect(two.skipped).toEqual([expect.objectContaining({ input: 'FR/30', reason: 'budget_exhausted' })]);
    const before = chartCalls();
    const none = await failure(fetchCharts({ budget: { units: 0 } }));
    expect(none.reason).toBe('budget_exhausted');
    expect(chartCalls()).toBe(before);
  });

  it('says access_missing for a refused key, rate_limited until midnight Pacific on quotaExceeded (keeping what was read)', async () => {
    expect((await failure(fetchCharts({}, ctx(undefined, 'wrong-key')))).reason).toBe('access_missing');
    await t.inspect('/youtube/charts', { dailyUnits: 2 });
    const error = await failure(fetchCharts({}));
    expect(error.reason).toBe('rate_limited');
    // 2026-12-01 12:00 UTC is 04:00 in Los Angeles: the quota resets at 08:00 UTC the next day.
    expect(error.retryAt).toBe('2026-12-02T08:00:00.000Z');
    expect(error.partial?.observations).toHaveLength(100);
    expect(error.partial?.spent.units).toBe(3);
  });

  it('skips a worldwide region: charts are per country', async () => {
    const result = await fetchCharts({ regions: ['WORLD', 'de'] });
    expect(result.skipped).toEqual([expect.objectContaining({ input: 'WORLD', reason: 'not_available' })]);
    expect(result.observations.every((o) => o.region === 'DE')).toBe(true);
  });
});
