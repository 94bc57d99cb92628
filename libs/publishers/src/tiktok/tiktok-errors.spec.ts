/** Every documented TikTok error the sandbox can produce, through the publisher (real HTTP). */
// eslint-disable-next-line @nx/enforce-module-boundaries -- sandbox options for the tests (issue 9)
import type { SandboxOptions } from '@mwr/platform-sandbox';

import { bufferMediaSource, createTikTokPublisher, describeMedia, type PublishInput, type TikTokCheckpoint, type TikTokPostOptions } from '../index.js';
import { drive, MEDIA_PATH, startHarness, TT_BANNED, TT_PRIVATE, TT_PUBLIC, video, type Harness } from '../testing/harness.js';

const MiB = 1024 * 1024;

describe('TikTok publisher: documented errors (platform-apis.md §1)', () => {
  let h: Harness;
  afterEach(() => h.close());

  async function setup(options: SandboxOptions = {}, openId = TT_PUBLIC, mint: { clientKey?: string; scopes?: readonly string[] } = {}): Promise<void> {
    h = await startHarness(options);
    h.tokens.tiktok = h.sb.actions.mintTikTokToken({
      openId,
      ...(mint.clientKey ? { clientKey: mint.clientKey } : {}),
      ...(mint.scopes ? { scopes: [...mint.scopes] } : {}),
    })['access_token'] as string;
  }
  function publisher() {
    return createTikTokPublisher({
      tokenProvider: h.tokenProvider('tiktok'),
      tiktokApiBaseUrl: h.running.urls.tiktokApiBaseUrl,
      clock: h.clock,
      requestTimeoutMs: 3_000,
    });
  }
  async function publish(
    opts: Partial<TikTokPostOptions> = {},
    bytes: Buffer = video(2 * MiB),
    extra: Partial<PublishInput['media']> = {},
    caption = 'caption',
  ) {
    const p = publisher();
    const media = bufferMediaSource(bytes, 'video/mp4');
    h.media.files.set(`${MEDIA_PATH}v.mp4`, bytes);
    const cp = p.start({ caption, media: describeMedia(media, extra), options: { privacyLevel: 'SELF_ONLY', ...opts } });
    return { p, ...(await drive(h, p, cp, { ctx: { media } })) };
  }

  it.each([
    ['spam_risk_user_banned_from_posting at creator_info (HTTP 200)', {}, TT_BANNED, {}, 'tiktok.spam_risk_user_banned_from_posting', 'account_restricted'],
    ['spam_risk_too_many_posts at creator_info', { tiktok: { dailyPostCap: 0 } }, TT_PUBLIC, {}, 'tiktok.spam_risk_too_many_posts', 'quota_exhausted'],
    [
      'reached_active_user_cap for an unaudited client',
      { tiktok: { unauditedActiveUserCap: 0 } },
      TT_PRIVATE,
      { clientKey: 'sbx_tiktok_unaudited_key' },
      'tiktok.reached_active_user_cap',
      'quota_exhausted',
    ],
    [
      'unaudited_client_can_only_post_to_private_accounts at init',
      { tiktok: { unauditedCreatorInfo: 'all' } },
      TT_PUBLIC,
      { clientKey: 'sbx_tiktok_unaudited_key' },
      'tiktok.unaudited_client_can_only_post_to_private_accounts',
      'invalid_content',
    ],
    ['scope_not_authorized', {}, TT_PUBLIC, { scopes: ['user.info.basic'] }, 'tiktok.scope_not_authorized', 'auth_expired'],
  ] as const)('maps %s', async (_name, options, openId, mint, code, cls) => {
    await setup(options as SandboxOptions, openId, mint);
    const r = await publish();
    expect(r.outcome).toMatchObject({ kind: 'error', error: { code, class: cls, explanation: { en: expect.any(String), fr: expect.any(String) } } });
  });

  it('maps privacy_level_option_mismatch from init when creator_info over-promised (CONFLICT §1.2)', async () => {
    await setup({ tiktok: { unauditedCreatorInfo: 'all' } }, TT_PRIVATE, { clientKey: 'sbx_tiktok_unaudited_key' });
    const r = await publish({ privacyLevel: 'FOLLOWER_OF_CREATOR' });
    expect(r.outcome).toMatchObject({
      kind: 'error',
      error: { code: 'tiktok.privacy_level_option_mismatch', class: 'invalid_content', vendor: { httpStatus: 403, logId: expect.any(String) } },
    });
  });

  it('refuses a privacy level the creator does not offer before init', async () => {
    await setup({}, TT_PRIVATE);
    const r = await publish({ privacyLevel: 'PUBLIC_TO_EVERYONE' });
    expect(r.outcome).toMatchObject({ kind: 'error', error: { code: 'tiktok.privacy_not_allowed' } });
    expect(h.sb.inspect.requests({ endpoint: 'tiktok.video.init' })).toHaveLength(0);
  });

  it('refuses a video longer than the creator may post before init', async () => {
    await setup();
    const r = await publish({}, video(2 * MiB), { durationSec: 301 });
    expect(r.outcome).toMatchObject({ kind: 'error', error: { code: 'tiktok.duration_exceeds_creator_max', class: 'invalid_content' } });
  });

  it('maps access_token_invalid to auth_expired', async () => {
    await setup();
    h.tokens.tiktok = 'act.revoked';
    const r = await publish();
    expect(r.outcome).toMatchObject({ kind: 'error', error: { code: 'tiktok.access_token_invalid', class: 'auth_expired', retryable: false } });
  });

  it('maps rate_limit_exceeded with a retry-after', async () => {
    await setup({ tiktok: { rateLimitPerMinute: { init: 6, status: 30, userInfo: 600, creatorInfo: 0 } } });
    const r = await publish();
    expect(r.outcome).toMatchObject({ kind: 'error', error: { code: 'tiktok.rate_limit_exceeded', class: 'rate_limited', retryAfterMs: 60_000 } });
  });

  it('maps invalid_param (caption over 2200 UTF-16 units sent anyway)', async () => {
    await setup();
    const r = await publish({}, video(2 * MiB), {}, '😀'.repeat(1100) + 'x');
    expect(r.outcome).toMatchObject({ kind: 'error', error: { code: 'tiktok.invalid_param', class: 'invalid_content' } });
  });

  it('maps url_ownership_unverified for a PULL_FROM_URL outside the verified prefixes', async () => {
    await setup();
    const r = await publish({ source: 'PULL_FROM_URL' }, video(2 * MiB), { publicUrl: `${h.media.origin}/elsewhere/v.mp4` });
    expect(r.outcome).toMatchObject({ kind: 'error', error: { code: 'tiktok.url_ownership_unverified', class: 'invalid_content' } });
  });

  it.each([
    ['file_format_check_failed', () => Buffer.alloc(2 * MiB, 7)],
    ['duration_check_failed', () => video(2 * MiB, 1, 400)],
    ['picture_size_check_failed', () => video(2 * MiB, 1, 12, 200, 200)],
  ] as const)('maps fail_reason %s to invalid_content', async (reason, bytes) => {
    await setup();
    const r = await publish({}, bytes());
    expect(r.outcome).toMatchObject({ kind: 'error', error: { code: `tiktok.fail.${reason}`, class: 'invalid_content', retryable: false } });
  });

  it('maps video_pull_failed as temporary and restarts with a new init (a FAILED publish never goes public)', async () => {
    await setup();
    const r = await publish({ source: 'PULL_FROM_URL' }, video(2 * MiB), { publicUrl: `${h.media.prefix}missing.mp4` });
    expect(r.outcome).toMatchObject({ kind: 'error', error: { code: 'tiktok.fail.video_pull_failed', class: 'temporary', retryable: true } });
    expect((r.checkpoints[r.checkpoints.length - 1] as TikTokCheckpoint).step).toBe('init');
  });

  it('cancels a slow PULL_FROM_URL download and maps publish_cancelled; FILE_UPLOAD is not cancellable', async () => {
    await setup();
    h.media.stalled.add(`${MEDIA_PATH}slow.mp4`);
    const p = publisher();
    const cp = p.start({
      caption: 'c',
      media: { size: 1_000_000, mime: 'video/mp4', publicUrl: `${h.media.prefix}slow.mp4` },
      options: { privacyLevel: 'SELF_ONLY', source: 'PULL_FROM_URL' },
    });
    // creator_info, init (records the intent), pull_init (sends it): stop with the download stalled.
    const r = await drive(h, p, cp, { stopAfter: 3 });
    const last = r.checkpoints[r.checkpoints.length - 1] as TikTokCheckpoint;
    expect(last.publishId).toMatch(/^v_pub_url~/);
    expect(await p.cancel(last)).toEqual({ cancelled: true });
    const after = await p.step(last);
    expect(after).toMatchObject({ error: { code: 'tiktok.fail.publish_cancelled', class: 'invalid_content', retryable: false } });

    const file = await publish();
    expect(file.outcome.kind).toBe('done');
    const fileCp = file.checkpoints[file.checkpoints.length - 1] as TikTokCheckpoint;
    expect(await p.cancel(fileCp)).toMatchObject({ cancelled: false, error: { code: 'tiktok.publish_not_cancellable' } });
  });

  it('maps invalid_publish_id and token_not_authorized_for_specified_publish_id on status', async () => {
    await setup();
    const done = await publish();
    const cp = done.checkpoints[done.checkpoints.length - 1] as TikTokCheckpoint;
    const p = publisher();
    expect(await p.step({ ...cp, publishId: 'v_pub_file~v2-1.000' })).toMatchObject({ error: { code: 'tiktok.invalid_publish_id' } });
    h.tokens.tiktok = h.sb.actions.mintTikTokToken({ openId: TT_PRIVATE })['access_token'] as string;
    expect(await p.step(cp)).toMatchObject({ error: { code: 'tiktok.token_not_authorized_for_specified_publish_id', class: 'auth_expired' } });
  });

  it('records publicaly_available_post_id losslessly once moderation passes, with a permalink', async () => {
    await setup();
    const r = await publish({ privacyLevel: 'PUBLIC_TO_EVERYONE' });
    expect(r.outcome.kind).toBe('done');
    const cp = r.checkpoints[r.checkpoints.length - 1] as TikTokCheckpoint;
    h.sb.clock.advance(60_000);
    const again = await publisher().step(cp);
    const post = h.sb.inspect.publicPosts()[0];
    expect(again).toMatchObject({ done: { remoteMediaId: post?.postId, permalink: `https://www.tiktok.com/@sandbox.public/video/${post?.postId}` } });
  });

  it('re-inits when the upload_url hour has passed, without posting the abandoned publish', async () => {
    await setup();
    const p = publisher();
    const bytes = video(11 * MiB);
    const media = bufferMediaSource(bytes, 'video/mp4');
    const cp = p.start({ caption: 'c', media: describeMedia(media), options: { privacyLevel: 'SELF_ONLY', preferredChunkSize: 5 * MiB } });
    const part = await drive(h, p, cp, { ctx: { media }, stopAfter: 3 });
    h.sb.clock.advance(3_600_000);
    const rest = await drive(h, p, part.checkpoints[part.checkpoints.length - 1] as TikTokCheckpoint, { ctx: { media } });
    expect(rest.outcome.kind).toBe('done');
    expect(h.sb.inspect.requests({ endpoint: 'tiktok.video.init' })).toHaveLength(2);
    expect(h.sb.inspect.publicPosts()).toHaveLength(1);
    expect((rest.checkpoints[rest.checkpoints.length - 1] as TikTokCheckpoint).abandonedPublishIds).toHaveLength(1);
  });

  it('refuses to upload from a different file than the checkpoint describes', async () => {
    await setup();
    const p = publisher();
    const media = bufferMediaSource(video(2 * MiB), 'video/mp4');
    const r = await drive(h, p, p.start({ caption: 'c', media: describeMedia(media), options: { privacyLevel: 'SELF_ONLY' } }), {
      ctx: { media: bufferMediaSource(video(3 * MiB), 'video/mp4') },
    });
    expect(r.outcome).toMatchObject({ kind: 'error', error: { code: 'tiktok.media_missing' } });
  });
});
