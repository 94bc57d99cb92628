/** The Instagram publisher posts a trial Reel when its options say so (trial_params, platform-apis.md §3), over the sandbox. */
import { createInstagramPublisher } from '../index.js';
import { drive, IG_BUSINESS, MEDIA_PATH, startHarness, video, type Harness } from '../testing/harness.js';

describe('Instagram publisher: trial Reels', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const publish = (harness: Harness, options: Record<string, unknown>) => {
    const bytes = video(512 * 1024, 5);
    harness.media.files.set(`${MEDIA_PATH}trial.mp4`, bytes);
    const publisher = createInstagramPublisher({
      tokenProvider: harness.tokenProvider('instagram'),
      instagramGraphBaseUrl: harness.running.urls.instagramGraphBaseUrl,
      graphApiVersion: 'v26.0',
      clock: harness.clock,
    });
    return drive(
      harness,
      publisher,
      publisher.start({
        caption: 'Trial caption B',
        media: { size: bytes.length, mime: 'video/mp4', durationSec: 12, publicUrl: `${harness.media.prefix}trial.mp4` },
        options: { igUserId: IG_BUSINESS, shareToFeed: true, ...options },
      }),
    );
  };
  /** What each container creation sent (a form body; the query string for a GET-style call). */
  const createQueries = (harness: Harness) =>
    harness.sb.inspect.requests({ endpoint: 'instagram.media.create' }).map((r) => {
      const params = new URLSearchParams(r.query);
      if (typeof r.body === 'string') new URLSearchParams(r.body).forEach((v, k) => params.set(k, v));
      else if (r.body && typeof r.body === 'object') for (const [k, v] of Object.entries(r.body as Record<string, unknown>)) params.set(k, String(v));
      return params;
    });

  it('sends trial_params with the graduation strategy and posts the Reel', async () => {
    h = await startHarness();
    const r = await publish(h, { trialGraduation: 'SS_PERFORMANCE' });
    expect(r.outcome.kind).toBe('done');
    expect(createQueries(h).map((q) => q.get('trial_params'))).toEqual([JSON.stringify({ graduation_strategy: 'SS_PERFORMANCE' })]);
  });

  it('sends no trial_params for an ordinary Reel', async () => {
    h = await startHarness();
    expect((await publish(h, {})).outcome.kind).toBe('done');
    expect(createQueries(h).map((q) => q.has('trial_params'))).toEqual([false]);
  });

  it('fails as invalid content, without retrying, when the account has no trial Reels (2207081)', async () => {
    // The business account without trial Reels (the sandbox's trialReels flag).
    const account = {
      igUserId: IG_BUSINESS,
      appScopedUserId: '26000000000000001',
      username: 'no.trials',
      name: 'No Trials',
      accountType: 'BUSINESS' as const,
      pageId: '100000000000001',
      pageName: 'No Trials Page',
      impressions: 10,
      messagingEnabled: false,
      humanAgentEnabled: false,
      trialReels: false,
    };
    h = await startHarness({ seedData: { instagramAccounts: [account] } });
    const r = await publish(h, { trialGraduation: 'MANUAL' });
    expect(r.outcome).toMatchObject({ kind: 'error', error: { class: 'invalid_content', retryable: false } });
  });
});
