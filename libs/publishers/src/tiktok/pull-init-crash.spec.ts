/**
 * PULL_FROM_URL init and a hard crash (issue 18): TikTok starts downloading and posting as soon as
 * it accepts the init, and nothing documented finds that publish again without its publish_id
 * (status/fetch and cancel both need it, §1.6–1.7). So an init whose answer was never saved is
 * never sent again by a resumed worker: the publication waits for a person (needs_review).
 * Over real HTTP against the sandbox.
 */
import type { StepContext } from '../contract.js';
import { bufferMediaSource, createTikTokPublisher, describeMedia, type TikTokCheckpoint } from '../index.js';
import { countRequests, drive, MEDIA_PATH, startHarness, TT_PUBLIC, video, type Harness } from '../testing/harness.js';

const MiB = 1024 * 1024;

describe('TikTok PULL_FROM_URL init across a crash', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  const make = () =>
    createTikTokPublisher({
      tokenProvider: h.tokenProvider('tiktok'),
      tiktokApiBaseUrl: h.running.urls.tiktokApiBaseUrl,
      clock: h.clock,
      requestTimeoutMs: 3_000,
    });
  function prepare(): { first: TikTokCheckpoint; ctx: StepContext } {
    const bytes = video(2 * MiB, 3);
    h.media.files.set(`${MEDIA_PATH}pull.mp4`, bytes);
    const media = bufferMediaSource(bytes, 'video/mp4');
    const first = make().start({
      caption: 'pulled',
      media: describeMedia(media, { durationSec: 12, width: 1080, height: 1920, publicUrl: `${h.media.prefix}pull.mp4` }),
      options: { privacyLevel: 'PUBLIC_TO_EVERYONE', source: 'PULL_FROM_URL' },
    });
    return { first, ctx: { media } };
  }
  const posts = () => h.sb.inspect.publicPosts({ platform: 'tiktok', accountId: TT_PUBLIC }).length;

  it('does not send the init again when the worker died after sending it and before saving its answer', async () => {
    const { first, ctx } = prepare();
    const worker = make();
    // Run the way the queue does, up to the step that sends the init.
    let cp = first;
    let sent = 0;
    for (let steps = 0; steps < 10 && sent === 0; steps++) {
      const before = countRequests(h, 'tiktok.video.init');
      const result = await worker.step(worker.parseCheckpoint(JSON.parse(JSON.stringify(cp))), ctx);
      sent = countRequests(h, 'tiktok.video.init') - before;
      // The crash: the step that sent the init never gets its result persisted.
      if (sent === 0) {
        expect('next' in result && result.next).toBeTruthy();
        cp = (result as { next: TikTokCheckpoint }).next;
      }
    }
    expect(sent).toBe(1);
    // TikTok posts it on its own.
    await h.sb.settle();
    h.sb.clock.advance(10_000);
    await h.sb.settle();

    const fresh = make();
    const resumed = await drive(h, fresh, fresh.parseCheckpoint(JSON.parse(JSON.stringify(cp))), { ctx, retryErrors: 3 });
    expect(resumed.outcome).toMatchObject({
      kind: 'error',
      error: { class: 'unknown', ambiguous: true, retryable: false, code: 'tiktok.pull_init_ambiguous' },
    });
    expect(resumed.checkpoints.at(-1)).toMatchObject({ step: 'needs_review' });
    expect(countRequests(h, 'tiktok.video.init')).toBe(1);
    expect(posts()).toBe(1);
    for (const report of h.sb.inspect.duplicates(TT_PUBLIC)) expect(report.duplicates).toEqual([]);
  });

  it('still posts once, with one init, when nothing goes wrong', async () => {
    const { first, ctx } = prepare();
    const r = await drive(h, make(), first, { ctx });
    expect(r.outcome.kind).toBe('done');
    expect(countRequests(h, 'tiktok.video.init')).toBe(1);
    expect(posts()).toBe(1);
  });
});
