/**
 * Issue 18 (items 1–2): both publishers against the sandbox in strict mode (undocumented edges
 * refused as an independent implementation does), and the link backfill's lookups. Over real HTTP.
 */
import type { PublishDone } from './contract.js';
import { bufferMediaSource, createInstagramPublisher, createTikTokPublisher, describeMedia, type InstagramCheckpoint, type TikTokCheckpoint } from './index.js';
import { drive, IG_BUSINESS, MEDIA_PATH, startHarness, video, type Harness, type Outcome } from './testing/harness.js';

const MiB = 1024 * 1024;

describe('publishers against the strict sandbox: documented calls only, links backfilled', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
    h.sb.setStrict(true);
  });
  afterEach(async () => {
    await h?.close();
  });

  const instagram = () =>
    createInstagramPublisher({
      tokenProvider: h.tokenProvider('instagram'),
      instagramGraphBaseUrl: h.running.urls.instagramGraphBaseUrl,
      graphApiVersion: 'v26.0',
      clock: h.clock,
      requestTimeoutMs: 3_000,
      createTimeoutMs: 3_000,
    });
  const tiktok = () =>
    createTikTokPublisher({
      tokenProvider: h.tokenProvider('tiktok'),
      tiktokApiBaseUrl: h.running.urls.tiktokApiBaseUrl,
      clock: h.clock,
      requestTimeoutMs: 3_000,
    });
  const reel = () => {
    h.media.files.set(`${MEDIA_PATH}reel.mp4`, video(MiB, 3));
    const p = instagram();
    return {
      p,
      cp: p.start({
        caption: 'Strict reel',
        media: { size: MiB, mime: 'video/mp4', durationSec: 12, publicUrl: `${h.media.prefix}reel.mp4` },
        options: { igUserId: IG_BUSINESS },
      }),
    };
  };
  const done = (outcome: Outcome): PublishDone => {
    if (outcome.kind !== 'done') throw new Error(`expected done, got ${JSON.stringify(outcome)}`);
    return outcome.done;
  };

  it('strict mode refuses the media listing the way an independent implementation does (100 / 33)', async () => {
    const res = await fetch(`${h.running.urls.instagramGraphBaseUrl}/v26.0/${IG_BUSINESS}/media?fields=id`, {
      headers: { authorization: `Bearer ${h.tokens.instagram}` },
    });
    expect(res.status).toBe(400);
    expect((await res.json()) as unknown).toMatchObject({ error: { code: 100, error_subcode: 33 } });
  });

  it('Instagram happy path in strict mode: posted with its permalink', async () => {
    const { p, cp } = reel();
    const d = done((await drive(h, p, cp)).outcome);
    expect(d.permalink).toMatch(/^https:\/\/www\.instagram\.com\/reel\//);
    expect(d.link).toBeUndefined();
    expect(h.sb.inspect.requests().filter((r) => r.status === 400)).toEqual([]);
  });

  it('a lost media_publish answer on a PUBLISHED container ends posted with the link pending, never failed, and never lists media', async () => {
    h.sb.addFault({ match: { endpoint: 'instagram.media_publish' }, kind: 'timeout_after', nth: 1 });
    const { p, cp } = reel();
    const r = await drive(h, p, cp, { retryErrors: 3 });
    const d = done(r.outcome);
    const containerId = (r.checkpoints.at(-1) as InstagramCheckpoint).containerId;
    expect(d).toMatchObject({ remoteMediaId: containerId, link: { status: 'pending', ref: { platform: 'instagram', containerId } } });
    expect(d.permalink).toBeUndefined();
    expect(h.sb.inspect.publicPosts()).toHaveLength(1);
    expect(h.sb.inspect.requests({ endpoint: 'instagram.media.list' })).toHaveLength(0);
    expect(h.sb.inspect.requests({ endpoint: 'instagram.media_publish' })).toHaveLength(1);
    // The backfill confirms the Reel through its container and says why no link can be read.
    const lookup = await p.lookupLink(d.link!.ref!);
    expect(lookup).toMatchObject({ status: 'none', reason: expect.stringContaining('no documented call') });
    expect(h.sb.inspect.requests().filter((x) => x.status === 400)).toEqual([]);
  });

  it('a failing permalink read after media_publish leaves the link pending; the backfill reads it later', async () => {
    h.sb.addFault({ match: { endpoint: 'instagram.node', pathContains: '/18' }, kind: 'http_500', count: 1 });
    const { p, cp } = reel();
    const d = done((await drive(h, p, cp)).outcome);
    const mediaId = h.sb.inspect.publicPosts()[0]?.postId;
    expect(d).toMatchObject({ remoteMediaId: mediaId, link: { status: 'pending', ref: { platform: 'instagram', mediaId } } });
    expect(await p.lookupLink(d.link!.ref!)).toEqual({
      status: 'ready',
      remoteMediaId: mediaId,
      permalink: expect.stringMatching(/^https:\/\/www\.instagram\.com\/reel\//),
    });
  });

  it('TikTok PUBLISH_COMPLETE without a post id: posted, link pending; the backfill fills the id once moderation ends', async () => {
    const bytes = video(2 * MiB, 5);
    const media = bufferMediaSource(bytes, 'video/mp4');
    const p = tiktok();
    const r = await drive(h, p, p.start({ caption: 'strict tt', media: describeMedia(media), options: { privacyLevel: 'PUBLIC_TO_EVERYONE' } }), {
      ctx: { media },
    });
    const d = done(r.outcome);
    const publishId = (r.checkpoints.at(-1) as TikTokCheckpoint).publishId!;
    expect(d).toMatchObject({ remoteMediaId: publishId, link: { status: 'pending', ref: { platform: 'tiktok', publishId, username: 'sandbox.public' } } });
    expect(await p.lookupLink(d.link!.ref!)).toMatchObject({ status: 'pending' });
    h.sb.clock.advance(60_000);
    const postId = h.sb.inspect.publicPosts()[0]?.postId;
    expect(postId).toMatch(/^\d{19}$/);
    expect(await p.lookupLink(d.link!.ref!)).toEqual({
      status: 'ready',
      remoteMediaId: postId,
      permalink: `https://www.tiktok.com/@sandbox.public/video/${postId}`,
    });
  });

  it.each(['FILE_UPLOAD', 'PULL_FROM_URL'] as const)('TikTok %s in strict mode: every call is a documented one', async (source) => {
    const bytes = video(2 * MiB, 8);
    h.media.files.set(`${MEDIA_PATH}clip.mp4`, bytes);
    const media = bufferMediaSource(bytes, 'video/mp4');
    const p = tiktok();
    const input = {
      caption: `strict ${source}`,
      media: describeMedia(media, source === 'PULL_FROM_URL' ? { publicUrl: `${h.media.prefix}clip.mp4` } : {}),
      options: { privacyLevel: 'PUBLIC_TO_EVERYONE' as const, source },
    };
    const d = done((await drive(h, p, p.start(input), { ctx: { media } })).outcome);
    expect(d.link?.status).toBe('pending');
    expect(h.sb.inspect.publicPosts({ platform: 'tiktok' })).toHaveLength(1);
    expect(h.sb.inspect.requests().filter((r) => r.status === 400 || r.endpoint.endsWith('.unknown'))).toEqual([]);
  });

  it('TikTok SELF_ONLY: posted with link none and the reason, no backfill', async () => {
    const bytes = video(2 * MiB, 6);
    const media = bufferMediaSource(bytes, 'video/mp4');
    const p = tiktok();
    const d = done(
      (await drive(h, p, p.start({ caption: 'only me', media: describeMedia(media), options: { privacyLevel: 'SELF_ONLY' } }), { ctx: { media } })).outcome,
    );
    expect(d.link).toEqual({ status: 'none', reason: expect.stringContaining('SELF_ONLY') });
    expect(d.link?.ref).toBeUndefined();
  });
});
