import { AnalyticsRetryAfter, type AnalyticsPostRef } from '../analytics.js';
import { bufferMediaSource, describeMedia } from '../media.js';
import { countRequests, drive, startHarness, video, type Harness } from '../testing/harness.js';
import { msUntilNextPacificMidnight } from './pacific.js';
import { youtubePlatform } from './platform.js';
import { createYouTubePublisher } from './publisher.js';

const CHANNEL = 'UCsandboxShorts000000001';

/** YouTube statistics of our own videos (issue 22, platform-apis.md §10) over real HTTP to the sandbox. */
describe('the YouTube analytics client (over the sandbox)', () => {
  let h: Harness;
  let token: string;
  const ids: string[] = [];
  beforeAll(async () => {
    h = await startHarness({ youtube: { processingMs: 5_000 } });
    token = h.sb.actions.mintYouTubeToken({ channelId: CHANNEL })['access_token'] as string;
    const publisher = createYouTubePublisher({ tokenProvider: async () => token, apiBaseUrl: h.running.urls.youtubeApiBaseUrl, clock: h.clock });
    for (const seed of [1, 2]) {
      const source = bufferMediaSource(video(512 * 1024, seed), 'video/mp4');
      const input = {
        caption: `clip ${seed}`,
        media: describeMedia(source, { durationSec: 12, width: 1080, height: 1920 }),
        options: { title: `clip ${seed}`, privacyStatus: 'public' as const, selfDeclaredMadeForKids: false },
      };
      const r = await drive(h, publisher, publisher.start(input), { ctx: { media: source } });
      if (r.outcome.kind !== 'done') throw new Error(`seed video ${seed} was not posted`);
      ids.push(r.outcome.done.remoteMediaId);
    }
    // Views grow with time after processing.
    h.sb.clock.advance(6 * 3_600_000);
    token = h.sb.actions.mintYouTubeToken({ channelId: CHANNEL })['access_token'] as string;
  });
  afterAll(() => h?.close());
  afterEach(() => h.sb.clearFaults());

  const client = () =>
    youtubePlatform.analytics!.createClient({
      tokenProvider: async () => token,
      settings: { apiBaseUrl: h.running.urls.youtubeApiBaseUrl } as never,
      clock: h.clock,
      requestTimeoutMs: 3_000,
    });
  const ref = (id: string | undefined, key: string): AnalyticsPostRef => ({
    key,
    ...(id ? { remoteId: id } : {}),
    postedAt: new Date().toISOString(),
    caption: key,
  });

  it('reads views, likes and comments of up to 50 videos per call, counts sent as strings read as numbers', async () => {
    const before = countRequests(h, 'youtube.videos.list');
    const read = await client().readPosts([ref(ids[0], 'a'), ref(ids[1], 'b'), ref('unknownVideo1', 'gone'), ref(undefined, 'no-id')]);
    expect(countRequests(h, 'youtube.videos.list') - before).toBe(1);
    expect(read.calls).toBe(1);
    expect(read.missing.sort()).toEqual(['gone', 'no-id']);
    expect(read.readings.map((r) => r.key).sort()).toEqual(['a', 'b']);
    for (const reading of read.readings) {
      const remote = h.sb.actions.youtubeVideo(reading.remoteId) as { statistics: { views: number; likes: number; comments: number } };
      expect(reading.metrics).toMatchObject({
        views: remote.statistics.views,
        likes: remote.statistics.likes,
        comments: remote.statistics.comments,
        shares: null,
        saves: null,
      });
      expect(reading.metrics.views).toBeGreaterThan(0);
    }
  });

  it('moves the read to the next midnight Pacific when the quota is spent', async () => {
    h.sb.addFault({ match: { endpoint: 'youtube.videos.list' }, kind: 'http_500', nth: 1 });
    await expect(client().readPosts([ref(ids[0], 'a')])).rejects.toMatchObject({ kind: 'failed' });
    await h.close();
    h = await startHarness({ youtube: { unitsPerDay: 0 } });
    token = h.sb.actions.mintYouTubeToken({ channelId: CHANNEL })['access_token'] as string;
    const read = await client().readPosts([ref(ids[0], 'a'), ref(ids[1], 'b')]);
    expect(read.retryAfter).toBeInstanceOf(AnalyticsRetryAfter);
    expect(read.retryAfter).toMatchObject({ vendorCode: 'youtube.quotaExceeded', retryAfterMs: msUntilNextPacificMidnight(h.clock.now()) });
    expect(read.deferred.sort()).toEqual(['a', 'b']);
  });
});
