/** A video on disk uploaded chunk by chunk (real HTTP to the sandbox): the bytes TikTok gets are the file's. */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createTikTokPublisher, describeMedia, fileMediaSource } from './index.js';
import { drive, startHarness, TT_PUBLIC, video, type Harness } from './testing/harness.js';

const MiB = 1024 * 1024;

describe('fileMediaSource', () => {
  let h: Harness;
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mwr-media-'));
    h = await startHarness();
    h.tokens.tiktok = h.sb.actions.mintTikTokToken({ openId: TT_PUBLIC })['access_token'] as string;
  });
  afterEach(async () => {
    await h.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('uploads exactly the file, over several chunk PUTs, through its two reused read buffers', async () => {
    const bytes = video(11 * MiB + 12_345, 7);
    const path = join(dir, 'v.mp4');
    await writeFile(path, bytes);
    // Reads that do not divide a chunk: every PUT ends on a short read, and each buffer is reused many times.
    const media = await fileMediaSource(path, 'video/mp4', { readBytes: 100_003 });
    const publisher = createTikTokPublisher({ tokenProvider: h.tokenProvider('tiktok'), tiktokApiBaseUrl: h.running.urls.tiktokApiBaseUrl, clock: h.clock });
    const first = publisher.start({ caption: 'from disk', media: describeMedia(media), options: { privacyLevel: 'SELF_ONLY', preferredChunkSize: 5 * MiB } });

    const result = await drive(h, publisher, first, { ctx: { media } });

    expect(result.outcome.kind).toBe('done');
    expect(h.sb.inspect.requests({ endpoint: 'tiktok.upload' }).length).toBeGreaterThanOrEqual(2);
    const posted = h.sb.inspect.publicPosts();
    expect(posted).toHaveLength(1);
    expect(posted[0]?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('reads only the range asked for, and stops early without leaving a read behind', async () => {
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
    const path = join(dir, 'range.bin');
    await writeFile(path, bytes);
    const media = await fileMediaSource(path, 'application/octet-stream', { readBytes: 64 });

    const parts: Buffer[] = [];
    for await (const part of media.openRange(100, 899) as AsyncIterable<Uint8Array>) parts.push(Buffer.from(part));
    expect(Buffer.concat(parts)).toEqual(bytes.subarray(100, 900));

    for await (const part of media.openRange(0, 999) as AsyncIterable<Uint8Array>) {
      expect(Buffer.from(part)).toEqual(bytes.subarray(0, 64));
      break;
    }
  });
});
