import { AnalyticsRetryAfter } from '../analytics.js';
import { bufferMediaSource, describeMedia } from '../media.js';
import { drive, startHarness, video, type Harness } from '../testing/harness.js';
import { createXAnalyticsClient } from './analytics.js';
import { createXPublisher } from './publisher.js';

const USER = '1790000000000000001';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** X analytics of our own posts over the sandbox: public metrics always, the owner's non-public ones under 30 days. */
describe('the X analytics client (over the sandbox)', () => {
  let h: Harness;
  let token: string;
  beforeEach(async () => {
    h = await startHarness();
    token = h.sb.actions.mintXToken({ userId: USER })['access_token'] as string;
  });
  afterEach(() => h.close());

  const client = () => createXAnalyticsClient({ tokenProvider: async () => token, apiBaseUrl: h.running.urls.xApiBaseUrl, clock: h.clock });

  async function post(text: string): Promise<{ id: string; postedAt: string }> {
    const source = bufferMediaSource(video(512 * 1024, 3, 8, 1280, 720), 'video/mp4');
    const publisher = createXPublisher({ tokenProvider: async () => token, apiBaseUrl: h.running.urls.xApiBaseUrl, clock: h.clock });
    const r = await drive(h, publisher, publisher.start({ caption: text, media: describeMedia(source, { durationSec: 8 }), options: { userId: USER } }), {
      ctx: { media: source },
    });
    if (r.outcome.kind !== 'done') throw new Error(`not posted: ${JSON.stringify(r.outcome)}`);
    return { id: r.outcome.done.remoteMediaId, postedAt: r.outcome.done.postedAt };
  }

  const fieldsAsked = () => h.sb.inspect.requests({ endpoint: 'x.tweets.lookup' }).map((q) => new URLSearchParams(q.query).get('tweet.fields'));

  it("reads a young post's public metrics and its owner-only impressions; an older post's public metrics alone, without an error", async () => {
    const young = await post('First light over the harbour');
    h.sb.clock.advance(24 * HOUR);
    // Access tokens last 2 h: the app would have refreshed it.
    token = h.sb.actions.mintXToken({ userId: USER })['access_token'] as string;
    const first = await client().readPosts([{ key: 'a', remoteId: young.id, postedAt: young.postedAt, caption: 'First light over the harbour' }]);
    expect(first).toMatchObject({ missing: [], deferred: [], calls: 1 });
    const reading = first.readings[0]!;
    expect(reading.remoteId).toBe(young.id);
    expect(reading.metrics.views).toBeGreaterThan(0);
    expect(reading.metrics.likes).toEqual(expect.any(Number));
    expect(reading.metrics.watch_time).toBeNull();
    expect(fieldsAsked()).toEqual(['public_metrics,non_public_metrics,organic_metrics']);

    h.sb.clock.advance(31 * DAY);
    token = h.sb.actions.mintXToken({ userId: USER })['access_token'] as string;
    const later = await client().readPosts([{ key: 'a', remoteId: young.id, postedAt: young.postedAt, caption: 'First light over the harbour' }]);
    expect(later.readings[0]?.metrics.views).toBeGreaterThanOrEqual(reading.metrics.views!);
    expect(fieldsAsked().at(-1)).toBe('public_metrics');
  });

  it('reports deleted posts as missing, reads the followers, and moves the read to the window reset on a 429', async () => {
    const one = await post('Second post for the numbers');
    const refs = [
      { key: 'a', remoteId: one.id, postedAt: one.postedAt, caption: '' },
      { key: 'gone', remoteId: '1799999999999999999', postedAt: one.postedAt, caption: '' },
      { key: 'no-id', postedAt: one.postedAt, caption: '' },
    ];
    const read = await client().readPosts(refs);
    expect(read.readings.map((r) => r.key)).toEqual(['a']);
    expect(read.missing.sort()).toEqual(['gone', 'no-id']);
    expect(await client().readAccount(USER, [])).toEqual({ metrics: { followers: 8_200, account_views: null }, calls: 1 });
    h.sb.addFault({ match: { endpoint: 'x.tweets.lookup' }, kind: 'rate_limit_429', nth: 1 });
    const limited = await client().readPosts(refs);
    expect(limited.deferred.sort()).toEqual(['a', 'gone']);
    expect(limited.retryAfter).toBeInstanceOf(AnalyticsRetryAfter);
  });
});
