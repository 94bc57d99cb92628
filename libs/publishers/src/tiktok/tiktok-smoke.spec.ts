import { bufferMediaSource, createTikTokPublisher, describeMedia } from '../index.js';
import { countRequests, drive, startHarness, video, type Harness } from '../testing/harness.js';

describe('smoke', () => {
  let h: Harness;
  beforeEach(async () => (h = await startHarness()));
  afterEach(() => h.close());
  it('publishes a 3-chunk FILE_UPLOAD', async () => {
    const bytes = video(16 * 1024 * 1024);
    const media = bufferMediaSource(bytes, 'video/mp4');
    const p = createTikTokPublisher({ tokenProvider: h.tokenProvider('tiktok'), tiktokApiBaseUrl: h.running.urls.tiktokApiBaseUrl, clock: h.clock });
    const cp = p.start({ caption: 'hello #x', media: describeMedia(media, { durationSec: 12 }), tiktok: { privacyLevel: 'SELF_ONLY', preferredChunkSize: 5 * 1024 * 1024 } });
    const r = await drive(h, p, cp, { ctx: { media } });
    console.log(JSON.stringify(r.outcome), r.checkpoints.map((c) => c.step).join(','), r.errors);
    expect(r.outcome.kind).toBe('done');
    expect(h.sb.inspect.publicPosts()).toHaveLength(1);
    expect(countRequests(h, 'tiktok.video.init')).toBe(1);
  });
});
