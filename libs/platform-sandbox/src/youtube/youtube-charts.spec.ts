import { call, startTestSandbox, type TestSandbox } from '../testing/helpers.js';
import { SANDBOX_YOUTUBE_API_KEY } from './index.js';

type GoogleErr = { error: { code: number; message: string; errors: { domain: string; reason: string }[]; status: string } };
type ChartVideo = {
  id: string;
  snippet: { title: string; categoryId: string; publishedAt: string };
  statistics: { viewCount: string };
  contentDetails: { duration: string };
};
type ChartPage = { items: ChartVideo[]; nextPageToken?: string; pageInfo: { totalResults: number; resultsPerPage: number } } & GoogleErr;

const START = Date.UTC(2026, 11, 1, 12);
const HOUR = 3_600_000;

describe('YouTube sandbox: trending charts with an API key (platform-apis.md §11, issue 33)', () => {
  let t: TestSandbox;
  beforeEach(async () => {
    t = await startTestSandbox({ seed: 7, startTime: START });
  });
  afterEach(() => t.close());

  const chart = (params: Record<string, string>, key = SANDBOX_YOUTUBE_API_KEY) =>
    call<ChartPage>(
      `${t.urls.youtubeApiBaseUrl}/youtube/v3/videos?${new URLSearchParams({ part: 'snippet,contentDetails,statistics', chart: 'mostPopular', regionCode: 'FR', ...(key ? { key } : {}), ...params })}`,
    );
  const unitsToday = async (): Promise<Record<string, number>> =>
    (await call<{ unitsToday: Record<string, number> }>(`${t.urls.inspectionUrl}/youtube/charts`)).body.unitsToday;

  it('serves the Music chart in pages of ≤ 50 with nextPageToken, 1 unit per page, deterministic per seed', async () => {
    const first = await chart({ videoCategoryId: '10', maxResults: '50' });
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(50);
    expect(first.body.items.every((v) => v.snippet.categoryId === '10' && /^\d+$/.test(v.statistics.viewCount))).toBe(true);
    expect(first.body.nextPageToken).toEqual(expect.any(String));
    const second = await chart({ videoCategoryId: '10', maxResults: '50', pageToken: first.body.nextPageToken ?? '' });
    expect(second.status).toBe(200);
    const ids = new Set([...first.body.items, ...second.body.items].map((v) => v.id));
    expect(ids.size).toBe(100);
    expect(await unitsToday()).toEqual({ [`key:${SANDBOX_YOUTUBE_API_KEY}`]: 2 });
    // Same seed and time: the same chart.
    const again = await chart({ videoCategoryId: '10', maxResults: '50' });
    expect(again.body.items.map((v) => v.id)).toEqual(first.body.items.map((v) => v.id));
    expect((await chart({ videoCategoryId: '10', maxResults: '51' })).status).toBe(400);
  });

  it('views grow and the chart reshuffles as the clock moves (growth over 24 h can be computed)', async () => {
    const before = await chart({ videoCategoryId: '20', maxResults: '50' });
    t.sb.clock.advance(24 * HOUR);
    const after = await chart({ videoCategoryId: '20', maxResults: '50' });
    const viewsBefore = new Map(before.body.items.map((v) => [v.id, Number(v.statistics.viewCount)]));
    const common = after.body.items.filter((v) => viewsBefore.has(v.id));
    expect(common.length).toBeGreaterThan(0);
    expect(common.every((v) => Number(v.statistics.viewCount) >= (viewsBefore.get(v.id) ?? 0))).toBe(true);
    expect(common.some((v) => Number(v.statistics.viewCount) > (viewsBefore.get(v.id) ?? 0))).toBe(true);
    expect(after.body.items.map((v) => v.id)).not.toEqual(before.body.items.map((v) => v.id));
  });

  it('answers videoChartNotFound for a category without a chart: 400, or 404 when set so', async () => {
    const film = await chart({ videoCategoryId: '1' });
    expect(film.status).toBe(400);
    expect(film.body.error.errors[0]?.reason).toBe('videoChartNotFound');
    await call(`${t.urls.inspectionUrl}/youtube/charts`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chartNotFoundStatus: 404 }),
    });
    const sports = await chart({ videoCategoryId: '17' });
    expect(sports.status).toBe(404);
    expect(sports.body.error.errors[0]?.reason).toBe('videoChartNotFound');
    expect((await chart({ videoCategoryId: '30' })).status).toBe(200);
    // Not every region has every chart.
    await call(`${t.urls.inspectionUrl}/youtube/charts`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ missingCharts: ['FR/30'] }),
    });
    expect((await chart({ videoCategoryId: '30' })).body.error.errors[0]?.reason).toBe('videoChartNotFound');
    expect((await chart({ videoCategoryId: '30', regionCode: 'DE' })).status).toBe(200);
  });

  it('needs a valid API key, counts units per key per day, and refuses past the daily units', async () => {
    expect((await chart({ videoCategoryId: '10' }, '')).body.error.code).toBe(403);
    const bad = await chart({ videoCategoryId: '10' }, 'not-a-key');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/API key not valid/);
    await call(`${t.urls.inspectionUrl}/youtube/charts`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ dailyUnits: 2 }),
    });
    expect((await chart({ videoCategoryId: '10' })).status).toBe(200);
    const categories = await call<{ items: { id: string; snippet: { title: string } }[] }>(
      `${t.urls.youtubeApiBaseUrl}/youtube/v3/videoCategories?part=snippet&regionCode=FR&key=${SANDBOX_YOUTUBE_API_KEY}`,
    );
    expect(categories.body.items.map((c) => c.id)).toEqual(expect.arrayContaining(['10', '20', '30']));
    const over = await chart({ videoCategoryId: '10' });
    expect(over.status).toBe(403);
    expect(over.body.error.errors[0]?.reason).toBe('quotaExceeded');
  });

  it('has a fault mode like every endpoint (429 through the x-sandbox-fault header)', async () => {
    const res = await call(
      `${t.urls.youtubeApiBaseUrl}/youtube/v3/videos?${new URLSearchParams({ part: 'snippet', chart: 'mostPopular', videoCategoryId: '10', key: SANDBOX_YOUTUBE_API_KEY })}`,
      { headers: { 'x-sandbox-fault': 'rate_limit_429; retry-after=3' } },
    );
    expect(res.status).toBe(429);
  });
});
