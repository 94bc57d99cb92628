import { buildMp4 } from '../index.js';
import { call, form, startFileServer, startTestSandbox, type FileServer, type TestSandbox } from '../testing/helpers.js';

type GraphErr = { error: { message: string; type: string; code: number; error_subcode?: number; fbtrace_id: string } };
type Insight = {
  name: string;
  period: string;
  values?: { value: unknown; end_time?: string }[];
  total_value?: { value: number };
  title: string;
  description: string;
  id: string;
};
type Insights = { data: Insight[] } & GraphErr;

const IG = '17841400000000001';
const OTHER_IG = '17841400000000002';
const V = 'v26.0';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MEDIA_METRICS = 'views,reach,likes,comments,shares,saved,total_interactions,ig_reels_avg_watch_time,ig_reels_video_view_total_time';
const START = Date.UTC(2026, 11, 1);

describe('Instagram insights of our own media and account (platform-apis.md §10, issue 21)', () => {
  let t: TestSandbox;
  let graph: string;
  beforeEach(async () => {
    t = await startTestSandbox({ seed: 5, startTime: START });
    graph = `${t.urls.instagramGraphBaseUrl}/${V}`;
  });
  afterEach(() => t.close());

  const token = (igUserId = IG, scopes?: string[]): string =>
    t.sb.actions.mintInstagramToken({ igUserId, ...(scopes ? { scopes } : {}) })['access_token'] as string;
  const get = (path: string, params: Record<string, string>, tok = token()) =>
    call<Insights>(`${graph}/${path}?${new URLSearchParams(params)}`, { headers: { authorization: `Bearer ${tok}` } });
  const seedMedia = (count = 1, igUserIds = [IG]) => t.sb.actions.seedInstagramAnalytics({ igUserIds, postsPerAccount: count, spreadMs: count });
  const valuesOf = (res: { body: Insights }): Record<string, unknown> =>
    Object.fromEntries(res.body.data.map((d) => [d.name, d.values?.[0]?.value ?? d.total_value?.value]));

  describe('GET /{media-id}/insights', () => {
    it('answers every current metric in the Graph shape, equal to what the media shows after its lag', async () => {
      const mediaId = seedMedia()[0]?.posts[0]?.mediaId ?? '';
      t.sb.clock.advance(3 * DAY);
      const res = await get(`${mediaId}/insights`, { metric: `${MEDIA_METRICS},reels_skip_rate,reposts,crossposted_views` });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-business-use-case-usage')).toContain('"type":"instagram"');
      expect(res.body.data.map((d) => d.name)).toEqual([...MEDIA_METRICS.split(','), 'reels_skip_rate', 'reposts', 'crossposted_views']);
      expect(res.body.data[0]).toEqual({
        name: 'views',
        period: 'lifetime',
        values: [{ value: expect.any(Number) }],
        title: 'Views',
        description: expect.any(String),
        id: `${mediaId}/insights/views/lifetime`,
      });
      const truth = t.sb.actions.instagramMediaNumbers(mediaId) as { insights: Record<string, number> };
      const v = valuesOf(res);
      expect(v['views']).toBe(truth.insights['views']);
      expect(v['views']).toBeGreaterThan(0);
      expect(v['saved']).toBe(truth.insights['saves']);
      expect(v['total_interactions']).toBe((v['likes'] as number) + (v['comments'] as number) + (v['shares'] as number) + (v['saved'] as number));
      expect(v['ig_reels_video_view_total_time']).toBe((v['views'] as number) * (v['ig_reels_avg_watch_time'] as number));
    });

    it.each([
      ['plays', 1],
      ['clips_replays_count', 0],
      ['ig_reels_aggregated_all_plays_count', 2],
      ['impressions', 1],
      ['video_views', 3],
      ['not_a_metric', 1],
    ])('fails the whole request for %s at metric[%i], naming the position and not the name', async (bad, position) => {
      const mediaId = seedMedia()[0]?.posts[0]?.mediaId ?? '';
      const metrics = ['views', 'reach', 'likes'];
      metrics.splice(position, 0, bad);
      const res = await get(`${mediaId}/insights`, { metric: metrics.join(',') });
      expect(res.status).toBe(400);
      expect(res.body.data).toBeUndefined();
      expect(res.body.error).toMatchObject({ code: 100, type: 'OAuthException' });
      expect(res.body.error.message).toContain(`metric[${position}]`);
      expect(res.body.error.message).not.toContain(bad);
    });

    it('needs instagram_business_manage_insights (code 10 without it) and a metric list', async () => {
      const mediaId = seedMedia()[0]?.posts[0]?.mediaId ?? '';
      const noScope = await get(`${mediaId}/insights`, { metric: 'views' }, token(IG, ['instagram_business_basic', 'instagram_business_content_publish']));
      expect([noScope.status, noScope.body.error.code]).toEqual([400, 10]);
      const noMetric = await get(`${mediaId}/insights`, {});
      expect([noMetric.status, noMetric.body.error.code]).toEqual([400, 100]);
    });

    it("refuses another account's media as a missing object (code 100, subcode 33)", async () => {
      const theirs = seedMedia(1, [OTHER_IG])[0]?.posts[0]?.mediaId ?? '';
      const res = await get(`${theirs}/insights`, { metric: 'views' });
      expect([res.status, res.body.error.code, res.body.error.error_subcode]).toEqual([400, 100, 33]);
    });

    it('serves the Facebook Login flavour with instagram_manage_insights', async () => {
      const mediaId = seedMedia()[0]?.posts[0]?.mediaId ?? '';
      const fbToken = t.sb.actions.mintInstagramToken({ igUserId: IG, kind: 'fb_page' })['access_token'] as string;
      const res = await call<Insights>(`${t.urls.facebookGraphBaseUrl}/${V}/${mediaId}/insights?metric=views,reach`, {
        headers: { authorization: `Bearer ${fbToken}` },
      });
      expect(res.body.data.map((d) => d.name)).toEqual(['views', 'reach']);
    });
  });

  describe('the insights lag (up to 48 h)', () => {
    it('shows zeros right after publishing through the real flow, then the numbers of `lag` earlier', async () => {
      const files: FileServer = await startFileServer({ '/reel.mp4': buildMp4({ durationSec: 12, seed: 4, totalBytes: 200_000 }) });
      try {
        await t.close();
        t = await startTestSandbox({ seed: 5, startTime: START, allowedFetchOrigins: [files.url] });
        graph = `${t.urls.instagramGraphBaseUrl}/${V}`;
        const tok = token();
        const created = await call<{ id: string }>(
          `${graph}/${IG}/media?${new URLSearchParams({ media_type: 'REELS', video_url: `${files.url}/reel.mp4`, access_token: tok })}`,
          {
            method: 'POST',
          },
        );
        await t.sb.settle();
        t.sb.clock.advance(20_000);
        const published = await call<{ id: string }>(`${graph}/${IG}/media_publish`, {
          ...form({ creation_id: created.body.id }),
          headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/x-www-form-urlencoded' },
        });
        const mediaId = published.body.id;
        const first = await get(`${mediaId}/insights`, { metric: MEDIA_METRICS }, tok);
        expect(Object.values(valuesOf(first))).toEqual(MEDIA_METRICS.split(',').map(() => 0));

        const truth = t.sb.actions.instagramMediaNumbers(mediaId) as { insightsLagMs: number; live: Record<string, number> };
        t.sb.clock.advance(6 * HOUR);
        const liveThen = (t.sb.actions.instagramMediaNumbers(mediaId) as { live: Record<string, number> }).live;
        t.sb.clock.advance(truth.insightsLagMs);
        const later = valuesOf(await get(`${mediaId}/insights`, { metric: 'views,likes' }, tok));
        expect(later).toEqual({ views: liveThen['views'], likes: liveThen['likes'] });
        expect(liveThen['views']).toBeGreaterThan(0);
      } finally {
        await files.close();
      }
    });

    it('gives each media its own lag, at most 48 h and some over a day; the maximum can be changed over HTTP', async () => {
      const posts = seedMedia(200)[0]?.posts ?? [];
      const lags = posts.map((p) => (t.sb.actions.instagramMediaNumbers(p.mediaId) as { insightsLagMs: number }).insightsLagMs);
      expect(Math.max(...lags)).toBeLessThanOrEqual(48 * HOUR);
      expect(lags.some((l) => l > DAY)).toBe(true);
      expect(new Set(lags).size).toBeGreaterThan(150);
      // A media lagging over a day still shows zeros 12 h after going live, while its live numbers grew.
      const slow = posts[lags.findIndex((l) => l > DAY)]?.mediaId ?? '';
      t.sb.clock.advance(12 * HOUR);
      const atHalfDay = t.sb.actions.instagramMediaNumbers(slow) as { live: Record<string, number> };
      expect(atHalfDay.live['views']).toBeGreaterThan(0);
      expect(valuesOf(await get(`${slow}/insights`, { metric: 'views,likes' }))).toEqual({ views: 0, likes: 0 });

      const set = await call<{ maxInsightsLagMs: number }>(`${t.urls.inspectionUrl}/instagram/analytics/config`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ maxInsightsLagMs: 0 }),
      });
      expect(set.body).toEqual({ maxInsightsLagMs: 0 });
      const truth = t.sb.actions.instagramMediaNumbers(posts[0]?.mediaId ?? '') as { insights: unknown; live: unknown };
      expect(truth.insights).toEqual(truth.live);
      const bad = await call(`${t.urls.inspectionUrl}/instagram/analytics/config`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ maxInsightsLagMs: -1 }),
      });
      expect(bad.status).toBe(400);
    });
  });

  describe('growth', () => {
    it('never decreases, in whole numbers, and is the same for the same seed', async () => {
      const mediaIds = (seedMedia(5)[0]?.posts ?? []).map((p) => p.mediaId);
      const series: Record<string, number>[][] = mediaIds.map(() => []);
      for (const step of [0, HOUR, 6 * HOUR, DAY, 2 * DAY, 7 * DAY, 30 * DAY]) {
        t.sb.clock.advance(step);
        for (const [i, id] of mediaIds.entries()) series[i]?.push(valuesOf(await get(`${id}/insights`, { metric: MEDIA_METRICS })) as Record<string, number>);
      }
      for (const readings of series) {
        for (const metric of MEDIA_METRICS.split(',')) {
          for (let i = 1; i < readings.length; i++) {
            const value = readings[i]?.[metric] ?? -1;
            expect(Number.isInteger(value)).toBe(true);
            if (metric !== 'ig_reels_avg_watch_time') expect(value).toBeGreaterThanOrEqual(readings[i - 1]?.[metric] ?? 0);
          }
        }
        expect(readings[readings.length - 1]?.['views']).toBeGreaterThan(0);
      }

      const again = await startTestSandbox({ seed: 5, startTime: START });
      try {
        const [acc] = again.sb.actions.seedInstagramAnalytics({ igUserIds: [IG], postsPerAccount: 5, spreadMs: 5 });
        expect(acc?.posts.map((p) => p.mediaId)).toEqual(mediaIds);
        again.sb.clock.advance(t.sb.clock.now() - again.sb.clock.now());
        const tok = again.sb.actions.mintInstagramToken({ igUserId: IG })['access_token'] as string;
        const res = await call<Insights>(`${again.urls.instagramGraphBaseUrl}/${V}/${mediaIds[2]}/insights?metric=${MEDIA_METRICS}`, {
          headers: { authorization: `Bearer ${tok}` },
        });
        expect(valuesOf(res)).toEqual(series[2]?.[series[2].length - 1]);
      } finally {
        await again.close();
      }
    });
  });

  describe('GET /{ig-user-id}/insights and the account node', () => {
    it('requires metric_type=total_value for views and the other totals, with the documented message', async () => {
      const res = await get(`${IG}/insights`, { metric: 'views,reach', period: 'day' });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe('(#100) The following metrics (views, reach) should be specified with parameter metric_type=total_value');
    });

    it('answers totals over since/until from the media insights', async () => {
      seedMedia(10);
      t.sb.clock.advance(10 * DAY);
      const now = Math.floor(t.sb.clock.now() / 1000);
      const res = await get(`${IG}/insights`, {
        metric: 'views,likes,total_interactions',
        period: 'day',
        metric_type: 'total_value',
        since: String(now - 9 * 86_400),
        until: String(now),
      });
      expect(res.status).toBe(200);
      expect(res.body.data[0]).toEqual({
        name: 'views',
        period: 'day',
        title: 'Views',
        description: expect.any(String),
        total_value: { value: expect.any(Number) },
        id: `${IG}/insights/views/day`,
      });
      expect(res.body.data[0]?.total_value?.value).toBeGreaterThan(0);
      // A shorter range never counts more.
      const day = await get(`${IG}/insights`, { metric: 'views', period: 'day', metric_type: 'total_value', since: String(now - 86_400), until: String(now) });
      expect(day.body.data[0]?.total_value?.value).toBeLessThanOrEqual(res.body.data[0]?.total_value?.value ?? 0);
    });

    it('refuses since/until more than 30 days apart, and follower_count before the last 30 days', async () => {
      t.sb.clock.advance(90 * DAY);
      const now = Math.floor(t.sb.clock.now() / 1000);
      const wide = await get(`${IG}/insights`, {
        metric: 'views',
        metric_type: 'total_value',
        period: 'day',
        since: String(now - 31 * 86_400),
        until: String(now),
      });
      expect([wide.status, wide.body.error.code]).toEqual([400, 100]);
      expect(wide.body.error.message).toContain('30 days');
      const old = await get(`${IG}/insights`, { metric: 'follower_count', period: 'day', since: String(now - 40 * 86_400), until: String(now - 35 * 86_400) });
      expect([old.status, old.body.error.code]).toEqual([400, 100]);
      expect(old.body.error.message).toContain('follower_count');
      const unknown = await get(`${IG}/insights`, { metric: 'follower_count,impressions', period: 'day' });
      expect(unknown.body.error.message).toContain('metric[1]');
    });

    it('gives follower_count as a daily series of completed days whose sum is the growth of followers_count', async () => {
      const followers = async (): Promise<number> =>
        (
          await call<{ followers_count: number; media_count: number }>(`${graph}/${IG}?fields=followers_count,media_count`, {
            headers: { authorization: `Bearer ${token()}` },
          })
        ).body.followers_count;
      const before = await followers();
      expect(before).toBe(1200);
      t.sb.clock.advance(5 * DAY + 3 * HOUR);
      const now = Math.floor(t.sb.clock.now() / 1000);
      const res = await get(`${IG}/insights`, { metric: 'follower_count', period: 'day', since: String(Math.floor(START / 1000)), until: String(now) });
      const series = res.body.data[0]?.values ?? [];
      expect(series).toHaveLength(5);
      expect(series[0]?.end_time).toBe('2026-12-02T00:00:00+0000');
      const gained = series.reduce((sum, v) => sum + (v.value as number), 0);
      expect(gained).toBeGreaterThan(0);
      expect(await followers()).toBe(before + gained);
    });

    it('counts media_count with the seeded reels', async () => {
      seedMedia(7);
      const res = await call<{ media_count: number }>(`${graph}/${IG}?fields=followers_count,media_count`, { headers: { authorization: `Bearer ${token()}` } });
      expect(res.body.media_count).toBe(7);
    });
  });

  describe('call-rate limit (§3.10)', () => {
    it('counts insights calls in the Business Use Case budget and throttles the whole account once it is spent', async () => {
      await t.close();
      // Account 2 has 1 impression: a budget of 3 calls per 24 h here.
      t = await startTestSandbox({ instagram: { bucCallsPerImpression: 3 } });
      graph = `${t.urls.instagramGraphBaseUrl}/${V}`;
      const mediaId = seedMedia(1, [OTHER_IG])[0]?.posts[0]?.mediaId ?? '';
      const tok = token(OTHER_IG);
      const statuses: number[] = [];
      const usage: string[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await get(`${mediaId}/insights`, { metric: 'views' }, tok);
        statuses.push(res.status);
        usage.push(res.headers.get('x-business-use-case-usage') ?? '');
        if (res.status !== 200) expect(res.body.error).toMatchObject({ code: 80002, is_transient: true });
      }
      expect(statuses).toEqual([200, 200, 200, 400]);
      expect(usage[2]).toContain('"call_count":100');
      t.sb.clock.advance(DAY);
      expect((await get(`${mediaId}/insights`, { metric: 'views' }, tok)).status).toBe(200);
    });
  });

  describe('bulk seeding', () => {
    it('creates accounts with live reels over HTTP without handing out a token', async () => {
      const res = await call<{ data: { igUserId: string; posts: { mediaId: string }[]; tokens?: unknown }[] }>(
        `${t.urls.inspectionUrl}/instagram/analytics/seed`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ accounts: 2, postsPerAccount: 3 }),
        },
      );
      expect(res.status).toBe(201);
      expect(res.body.data.map((a) => a.posts.length)).toEqual([3, 3]);
      expect(res.body.data.every((a) => a.tokens === undefined)).toBe(true);
      const igUserId = res.body.data[1]?.igUserId ?? '';
      const insights = await get(`${res.body.data[1]?.posts[0]?.mediaId}/insights`, { metric: 'views' }, token(igUserId));
      expect(insights.status).toBe(200);
      const bad = await call(`${t.urls.inspectionUrl}/instagram/analytics/seed`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ igUserIds: ['nobody'], postsPerAccount: 1 }),
      });
      expect(bad.status).toBe(400);
    });
  });
});
