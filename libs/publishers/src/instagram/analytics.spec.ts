import type { AnalyticsPostRef } from '../analytics.js';
import { countRequests, startHarness, type Harness } from '../testing/harness.js';
import { instagramMediaMetrics } from './analytics.js';
import { instagramPlatform } from './platform.js';

interface SeededMedia {
  mediaId: string;
  caption: string;
  publishedAt: number;
}

/** Instagram insights (issue 21) over real HTTP to the sandbox: the version's metric list, a retired metric degrading one metric only, a 429 mid-pull. */
describe('the Instagram analytics client (over the sandbox)', () => {
  let h: Harness;
  let token: string;
  let igUserId: string;
  let media: SeededMedia[];
  beforeAll(async () => {
    h = await startHarness();
    const [account] = h.sb.actions.seedInstagramAnalytics({ accounts: 1, postsPerAccount: 4, spreadMs: 10 * 24 * 3_600_000 });
    if (!account?.tokens) throw new Error('no seeded account');
    token = account.tokens['access_token'] as string;
    igUserId = account.igUserId;
    media = account.posts;
  });
  afterAll(() => h?.close());
  afterEach(() => h.sb.clearFaults());

  const client = (graphApiVersion = 'v26.0') =>
    instagramPlatform.analytics!.createClient({
      tokenProvider: async () => token,
      settings: { graphBaseUrl: h.running.urls.instagramGraphBaseUrl, graphApiVersion } as never,
      clock: h.clock,
      requestTimeoutMs: 3_000,
    });
  const ref = (m: SeededMedia): AnalyticsPostRef => ({
    key: `pub-${m.mediaId}`,
    remoteId: m.mediaId,
    postedAt: new Date(m.publishedAt).toISOString(),
    caption: m.caption,
  });
  const insightsOf = (mediaId: string) => (h.sb.actions.instagramMediaNumbers(mediaId) as { insights: Record<string, number> }).insights;

  it("reads each media's insights with the version's metric list, mapped to our vocabulary (watch times in ms)", async () => {
    const result = await client().readPosts(media.map(ref));
    expect(result.calls).toBe(4);
    expect(result.readings).toHaveLength(4);
    for (const reading of result.readings) {
      const truth = insightsOf(reading.remoteId);
      expect(reading.refused).toEqual([]);
      expect(reading.metrics).toMatchObject({
        views: truth['views'],
        reach: truth['reach'],
        likes: truth['likes'],
        comments: truth['comments'],
        shares: truth['shares'],
        saves: truth['saves'],
        watch_time: truth['watchTimeTotalMs'],
        avg_watch_time: truth['avgWatchMs'],
      });
    }
  });

  it('degrades metric by metric when the version asks for a retired one: that metric is null, every other one is read', async () => {
    // v21.0's list still has `plays`, retired since (§10): Graph refuses the whole request, naming metric[0].
    expect(instagramMediaMetrics('v21.0')).toContain('plays');
    const before = countRequests(h, 'instagram.insights');
    const old = client('v21.0');
    const result = await old.readPosts(media.map(ref));
    // One refusal, then the rest asked again; the next media skip the refused metric from the start.
    expect(countRequests(h, 'instagram.insights') - before).toBe(5);
    expect(result.readings).toHaveLength(4);
    for (const reading of result.readings) {
      const truth = insightsOf(reading.remoteId);
      expect(reading.refused).toEqual(['plays']);
      expect(reading.metrics.views).toBeNull();
      expect(reading.metrics).toMatchObject({ reach: truth['reach'], likes: truth['likes'], saves: truth['saves'], watch_time: truth['watchTimeTotalMs'] });
    }
  });

  it('stops at a 429 mid-pull: what was read is kept, the rest is deferred with the retry-after', async () => {
    h.sb.addFault({ match: { endpoint: 'instagram.insights' }, kind: 'rate_limit_429', nth: 3, retryAfterSec: 30 });
    const result = await client().readPosts(media.map(ref));
    expect(result.readings.map((r) => r.key)).toEqual(media.slice(0, 2).map((m) => `pub-${m.mediaId}`));
    expect(result.deferred).toEqual(media.slice(2).map((m) => `pub-${m.mediaId}`));
    expect(result.retryAfter?.retryAfterMs).toBeGreaterThan(0);
  });

  it("reads the account's followers, yesterday's account views and its followers online per Pacific hour", async () => {
    const reading = await client().readAccount(igUserId, ['instagram_business_manage_insights']);
    expect(reading.calls).toBe(3);
    expect(reading.onlineFollowers?.length).toBeGreaterThan(0);
    for (const day of reading.onlineFollowers ?? []) {
      expect(day.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(day.hours).toHaveLength(24);
      expect(day.hours.every((h) => typeof h === 'number' && h >= 0)).toBe(true);
    }
    expect(reading.metrics.followers).toEqual(expect.any(Number));
    expect(reading.metrics.followers).toBeGreaterThan(0);
    expect(reading.metrics.account_views).toEqual(expect.any(Number));
  });
});
