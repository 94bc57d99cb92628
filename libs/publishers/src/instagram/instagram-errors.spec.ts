/** Every documented Instagram error the sandbox can produce, through the publisher (real HTTP). */
// eslint-disable-next-line @nx/enforce-module-boundaries -- sandbox options for the tests (issue 9)
import { defaultSeedData, type SandboxOptions } from '@mwr/platform-sandbox';

import {
  createInstagramPublisher,
  retryAfterFromBusinessUseCase,
  usageFromHeaders,
  type InstagramCheckpoint,
  type InstagramPostOptions,
  type PlatformUsage,
} from '../index.js';
import { drive, IG_BUSINESS, MEDIA_PATH, startHarness, video, type Harness } from '../testing/harness.js';

const MiB = 1024 * 1024;

describe('Instagram Reels publisher: documented errors (platform-apis.md §3)', () => {
  let h: Harness;
  afterEach(() => h.close());

  function publisher(flavour: 'instagram' | 'facebook' = 'instagram') {
    return createInstagramPublisher({
      tokenProvider: h.tokenProvider('instagram'),
      instagramGraphBaseUrl: h.running.urls.instagramGraphBaseUrl,
      facebookGraphBaseUrl: h.running.urls.facebookGraphBaseUrl,
      flavour,
      graphApiVersion: 'v26.0',
      clock: h.clock,
      requestTimeoutMs: 3_000,
    });
  }
  async function publish(options: Partial<InstagramPostOptions> = {}, bytes: Buffer = video(MiB), caption = 'Reel #mwr', path = 'reel.mp4') {
    h.media.files.set(`${MEDIA_PATH}reel.mp4`, bytes);
    const p = publisher();
    const cp = p.start({
      caption,
      media: { size: bytes.length, mime: 'video/mp4', publicUrl: `${h.media.prefix}${path}` },
      options: { igUserId: IG_BUSINESS, ...options },
    });
    return drive(h, p, cp);
  }
  const setup = async (options: SandboxOptions = {}) => {
    h = await startHarness(options);
  };

  it.each([
    ['a caption over 2200 characters → 36004/2207010', {}, 'x'.repeat(2201), 'instagram.2207010', 'invalid_content'],
    ['31 hashtags → 36004/2207010', {}, Array.from({ length: 31 }, (_, i) => `#t${i}`).join(' '), 'instagram.2207010', 'invalid_content'],
    ['21 mentions → 100/2207040', {}, Array.from({ length: 21 }, (_, i) => `@u${i}`).join(' '), 'instagram.2207040', 'invalid_content'],
    ['a negative thumb_offset → 1/2207057', { thumbOffsetMs: -1 }, 'c', 'instagram.2207057', 'invalid_content'],
  ] as const)('maps %s', async (_name, options, caption, code, cls) => {
    await setup();
    const r = await publish(options, video(MiB), caption);
    expect(r.outcome).toMatchObject({ kind: 'error', error: { code, class: cls, explanation: { en: expect.any(String), fr: expect.any(String) } } });
  });

  it('maps an unreachable video_url → 9004/2207052 (temporary)', async () => {
    await setup();
    const r = await publish({}, video(MiB), 'c', 'missing.mp4');
    expect(r.outcome).toMatchObject({ kind: 'error', error: { code: 'instagram.2207052', class: 'temporary', vendor: { code: '9004', subcode: '2207052' } } });
  });

  it.each([
    ['an unsupported format', Buffer.alloc(MiB, 3), {}, 'instagram.container.2207026'],
    ['a 2-second video', video(MiB, 1, 2), {}, 'instagram.container.2207026'],
    ['a thumb_offset past the end', video(MiB, 1, 5), { thumbOffsetMs: 9_000 }, 'instagram.container.2207057'],
  ] as const)('maps an ERROR container (%s) to invalid_content with the sub-code', async (_name, bytes, options, code) => {
    await setup();
    const r = await publish(options, bytes);
    expect(r.outcome).toMatchObject({ kind: 'error', error: { code, class: 'invalid_content', retryable: false } });
    expect(h.sb.inspect.publicPosts()).toHaveLength(0);
  });

  it('stops before creating a container when content_publishing_limit shows the quota used up', async () => {
    await setup({ instagram: { publishQuota: 0 } });
    const r = await publish();
    expect(r.outcome).toMatchObject({ kind: 'error', error: { code: 'instagram.2207042', class: 'quota_exhausted', retryAfterMs: expect.any(Number) } });
    expect(h.sb.inspect.requests({ endpoint: 'instagram.media.create' })).toHaveLength(0);
  });

  it('maps an invalid token (190) and a revoked session (190/460) to auth_expired', async () => {
    await setup();
    h.tokens.instagram = 'IGQ-nope';
    expect((await publish()).outcome).toMatchObject({ kind: 'error', error: { code: 'instagram.190', class: 'auth_expired' } });
    h.sb.addFault({ match: { endpoint: 'instagram.content_publishing_limit' }, kind: 'token_revoked', nth: 1 });
    h.tokens.instagram = h.sb.actions.mintInstagramToken({ igUserId: IG_BUSINESS })['access_token'] as string;
    expect((await publish()).outcome).toMatchObject({ kind: 'error', error: { code: 'instagram.190.460', class: 'auth_expired' } });
  });

  it('maps a missing publishing permission (10) to auth_expired', async () => {
    await setup();
    h.tokens.instagram = h.sb.actions.mintInstagramToken({ igUserId: IG_BUSINESS, scopes: ['instagram_business_basic'] })['access_token'] as string;
    expect((await publish()).outcome).toMatchObject({ kind: 'error', error: { code: 'instagram.10', class: 'auth_expired' } });
  });

  it('maps the Business Use Case throttle (80002) with estimated_time_to_regain_access', async () => {
    // Budget = 4800 × impressions per 24 h (min 1): an account with no impressions gets one call.
    const seeds = defaultSeedData();
    for (const a of seeds.instagramAccounts) a.impressions = 0;
    await setup({ seedData: { instagramAccounts: seeds.instagramAccounts } });
    const r = await publish();
    expect(r.outcome).toMatchObject({ kind: 'error', error: { code: 'instagram.80002', class: 'rate_limited', retryAfterMs: 3_600_000 } });
  });

  it('reports the usage headers of each answer to the caller (Account Health headroom)', async () => {
    await setup();
    const reported: PlatformUsage[] = [];
    const bytes = video(MiB);
    h.media.files.set(`${MEDIA_PATH}reel.mp4`, bytes);
    const p = publisher();
    const cp = p.start({
      caption: 'Reel',
      media: { size: bytes.length, mime: 'video/mp4', publicUrl: `${h.media.prefix}reel.mp4` },
      options: { igUserId: IG_BUSINESS },
    });
    const r = await drive(h, p, cp, { ctx: { onUsage: (usage) => reported.push(usage) } });
    expect(r.outcome.kind).toBe('done');
    expect(reported.length).toBeGreaterThan(0);
    const last = reported.at(-1)!;
    const entries = Object.values(last.businessUseCase ?? {})[0] as { type: string; call_count: number }[];
    expect(entries[0]).toMatchObject({ type: 'instagram', call_count: expect.any(Number) });
    expect(last.app).toHaveProperty('call_count');
    // Later answers used more of the budget than the first one.
    const calls = (u: PlatformUsage) => (Object.values(u.businessUseCase ?? {})[0] as { call_count: number }[])[0]!.call_count;
    expect(calls(last)).toBeGreaterThanOrEqual(calls(reported[0]!));
  });

  it('ignores malformed usage headers', () => {
    expect(usageFromHeaders(new Headers({ 'x-app-usage': '{trunc' }), 0)).toBeUndefined();
    expect(usageFromHeaders(new Headers({ 'x-app-usage': '[1]' }), 0)).toBeUndefined();
    expect(usageFromHeaders(new Headers({ 'x-app-usage': '{"call_count":3}' }), 0)).toEqual({ app: { call_count: 3 }, reportedAt: '1970-01-01T00:00:00.000Z' });
  });

  it('parses X-Business-Use-Case-Usage (minutes → ms), taking the largest wait', () => {
    const headers = new Headers({
      'x-business-use-case-usage': JSON.stringify({
        '1': [
          { type: 'instagram', call_count: 100, estimated_time_to_regain_access: 5 },
          { type: 'instagram', estimated_time_to_regain_access: 12 },
        ],
      }),
    });
    expect(retryAfterFromBusinessUseCase(headers)).toBe(12 * 60_000);
    expect(retryAfterFromBusinessUseCase(new Headers({ 'x-business-use-case-usage': '{trunc' }))).toBeUndefined();
  });

  it('recreates an EXPIRED container (never published) and publishes once', async () => {
    await setup();
    h.sb.addFault({ match: { endpoint: 'instagram.media.create' }, kind: 'stuck_processing', nth: 1 });
    const p = createInstagramPublisher({
      tokenProvider: h.tokenProvider('instagram'),
      instagramGraphBaseUrl: h.running.urls.instagramGraphBaseUrl,
      graphApiVersion: 'v26.0',
      clock: h.clock,
      maxProcessingMs: 48 * 3_600_000,
    });
    h.media.files.set(`${MEDIA_PATH}reel.mp4`, video(MiB));
    const cp = p.start({ caption: 'c', media: { size: MiB, mime: 'video/mp4', publicUrl: `${h.media.prefix}reel.mp4` }, options: { igUserId: IG_BUSINESS } });
    const part = await drive(h, p, cp, { stopAfter: 3 });
    h.sb.clock.advance(25 * 3_600_000);
    const rest = await drive(h, p, part.checkpoints[part.checkpoints.length - 1] as InstagramCheckpoint);
    expect(rest.outcome.kind).toBe('done');
    expect(h.sb.inspect.requests({ endpoint: 'instagram.media.create' })).toHaveLength(2);
    expect(h.sb.inspect.publicPosts()).toHaveLength(1);
  });

  it('never publishes a container again on resume: PUBLISHED means done, link pending (no undocumented media listing)', async () => {
    await setup();
    const first = await publish();
    expect(first.outcome.kind).toBe('done');
    const beforePublish = first.checkpoints.find((c) => c.step === 'publish') as InstagramCheckpoint;
    const again = await drive(h, publisher(), beforePublish);
    // The media id went with the first answer; the container (the only documented read) does not give it.
    expect(again.outcome).toMatchObject({
      kind: 'done',
      done: { remoteMediaId: beforePublish.containerId, link: { status: 'pending', ref: { platform: 'instagram', containerId: beforePublish.containerId } } },
    });
    expect(again.outcome.kind === 'done' && again.outcome.done.permalink).toBeFalsy();
    expect(h.sb.inspect.requests({ endpoint: 'instagram.media_publish' })).toHaveLength(1);
    expect(h.sb.inspect.requests({ endpoint: 'instagram.media.list' })).toHaveLength(0);
  });

  it('publishes through the Facebook Login flavour host too', async () => {
    await setup();
    h.tokens.instagram = h.sb.actions.mintInstagramToken({ igUserId: IG_BUSINESS, kind: 'fb_page' })['access_token'] as string;
    h.media.files.set(`${MEDIA_PATH}reel.mp4`, video(MiB));
    const p = publisher('facebook');
    const r = await drive(
      h,
      p,
      p.start({ caption: 'fb', media: { size: MiB, mime: 'video/mp4', publicUrl: `${h.media.prefix}reel.mp4` }, options: { igUserId: IG_BUSINESS } }),
    );
    expect(r.outcome.kind).toBe('done');
    expect(h.sb.inspect.requests({ endpoint: 'facebook.media_publish' })).toHaveLength(1);
  });
});
