import { AnalyticsReadError, type AnalyticsPostRef } from '../analytics.js';
import { countRequests, startHarness, type Harness } from '../testing/harness.js';
import { tiktokPlatform } from './platform.js';

interface SeededPost {
  postId: string;
  caption: string;
  publishedAt: number;
}

/** TikTok analytics (issue 21) over real HTTP to the sandbox: video/query in batches, a late id matched from video/list, a 429 mid-pull. */
describe('the TikTok analytics client (over the sandbox)', () => {
  let h: Harness;
  let token: string;
  let posts: SeededPost[];
  beforeAll(async () => {
    h = await startHarness();
    const [account] = h.sb.actions.seedTikTokAnalytics({ accounts: 1, postsPerAccount: 45, spreadMs: 45 * 3_600_000, captionPrefix: 'Launch teaser' });
    if (!account?.tokens) throw new Error('no seeded account');
    token = account.tokens['access_token'] as string;
    posts = account.posts;
  });
  afterAll(() => h?.close());
  afterEach(() => h.sb.clearFaults());

  const client = (accessToken = token) =>
    tiktokPlatform.analytics!.createClient({
      tokenProvider: async () => accessToken,
      settings: { apiBaseUrl: h.running.urls.tiktokApiBaseUrl } as never,
      clock: h.clock,
      requestTimeoutMs: 3_000,
    });
  const ref = (p: SeededPost, withId = true): AnalyticsPostRef => ({
    key: `pub-${p.postId}`,
    ...(withId ? { remoteId: p.postId } : {}),
    postedAt: new Date(p.publishedAt).toISOString(),
    caption: p.caption,
  });

  it('reads posts by id in batches of at most 20, in our vocabulary, null where TikTok has no such metric', async () => {
    const before = countRequests(h, 'tiktok.video.query');
    const result = await client().readPosts(posts.map((p) => ref(p)));
    expect(countRequests(h, 'tiktok.video.query') - before).toBe(3);
    expect(result.calls).toBe(3);
    expect(result.readings).toHaveLength(45);
    expect(result.missing).toEqual([]);
    for (const reading of result.readings) {
      const truth = h.sb.actions.tiktokVideoNumbers(reading.remoteId) as Record<string, number>;
      expect(reading.metrics).toMatchObject({ views: truth['views'], likes: truth['likes'], comments: truth['comments'], shares: truth['shares'] });
      expect(reading.metrics).toMatchObject({ saves: null, watch_time: null, avg_watch_time: null, reach: null });
      expect(reading.match).toBeUndefined();
    }
    const someViews = result.readings.find((r) => (r.metrics.views ?? 0) > 0);
    expect(someViews?.metrics.engagement_rate).toBeCloseTo(
      ((someViews?.metrics.likes ?? 0) + (someViews?.metrics.comments ?? 0) + (someViews?.metrics.shares ?? 0)) / (someViews?.metrics.views ?? 1),
      5,
    );
  });

  it('matches a post whose id never arrived by create time and caption, and returns the match with its evidence', async () => {
    const late = posts[40] as SeededPost;
    const stranger: AnalyticsPostRef = { key: 'pub-stranger', postedAt: new Date(late.publishedAt).toISOString(), caption: 'completely different words here' };
    // The same caption as another post, but 5 h away from when that one was created: not it.
    const other = posts[10] as SeededPost;
    const wrongTime: AnalyticsPostRef = { key: 'pub-wrong-time', postedAt: new Date(other.publishedAt + 5 * 3_600_000).toISOString(), caption: other.caption };
    const result = await client().readPosts([ref(late, false), stranger, wrongTime]);
    expect(result.readings).toHaveLength(1);
    const [reading] = result.readings;
    expect(reading?.key).toBe(`pub-${late.postId}`);
    expect(reading?.remoteId).toBe(late.postId);
    expect(reading?.match).toEqual({
      method: 'create_time_and_caption',
      remoteId: late.postId,
      remoteCreateTime: new Date(Math.floor(late.publishedAt / 1000) * 1000).toISOString(),
      ourPostedAt: new Date(late.publishedAt).toISOString(),
      deltaSec: expect.any(Number),
      captionSimilarity: 1,
      windowSec: 1800,
      candidatesInWindow: expect.any(Number),
    });
    expect(reading?.match?.deltaSec).toBeLessThanOrEqual(1);
    // Posts are an hour apart: only the right one is inside the ±30 min window; its neighbours' captions differ by a number (similarity 0.75 < 0.8).
    expect(result.missing.sort()).toEqual(['pub-stranger', 'pub-wrong-time']);
    expect(reading?.metrics.views).toBe((h.sb.actions.tiktokVideoNumbers(late.postId) as Record<string, number>)['views']);
  });

  it('stops at a 429 mid-pull: the first batch is kept, the rest is deferred with the retry-after, nothing is dropped', async () => {
    h.sb.addFault({ match: { endpoint: 'tiktok.video.query' }, kind: 'rate_limit_429', nth: 2, retryAfterSec: 7 });
    const result = await client().readPosts(posts.map((p) => ref(p)));
    expect(result.readings.map((r) => r.key)).toEqual(posts.slice(0, 20).map((p) => `pub-${p.postId}`));
    expect(result.deferred).toEqual(posts.slice(20).map((p) => `pub-${p.postId}`));
    expect(result.retryAfter?.retryAfterMs).toBe(7_000);
    expect(result.retryAfter?.code).toBe('analytics.retry_after');
  });

  it('says "reconnect to enable analytics" (scope) for a token granted without video.list', async () => {
    const creator = h.sb.actions.seedTikTokAnalytics({ accounts: 1, postsPerAccount: 1 })[0]?.openId as string;
    const narrow = h.sb.actions.mintTikTokToken({ openId: creator, scopes: ['user.info.basic', 'video.publish'] })['access_token'] as string;
    const error = await client(narrow)
      .readPosts([ref(posts[0] as SeededPost)])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnalyticsReadError);
    expect((error as AnalyticsReadError).kind).toBe('scope');
  });
});
