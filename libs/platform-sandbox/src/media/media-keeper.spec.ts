import { buildMp4, buildWebm } from './fixtures.js';
import { MediaKeeper } from './media-keeper.js';
import { probeMedia } from './probe.js';

/** Feeds the file in pieces of the given sizes, cycling (boxes headers end up split across pieces). */
function feed(file: Buffer, sizes: number[]): MediaKeeper {
  const keeper = new MediaKeeper();
  let at = 0;
  for (let i = 0; at < file.length; i++) {
    const n = sizes[i % sizes.length] ?? 1;
    keeper.push(file.subarray(at, at + n));
    at += n;
  }
  return keeper;
}

describe('MediaKeeper: what the probe needs from a resumable upload, without the media data', () => {
  it('reads duration and picture size of a large MP4 fed in odd pieces while holding only its structure', () => {
    const file = buildMp4({ durationSec: 42, width: 720, height: 1280, totalBytes: 3 * 1024 * 1024, seed: 3 });
    for (const sizes of [[1], [3, 5, 7], [262_144], [file.length]]) {
      const keeper = feed(file, sizes);
      expect(keeper.probe()).toEqual(probeMedia(file));
      expect(keeper.heldBytes).toBeLessThan(64 * 1024);
    }
  });

  it('reads a WebM from its first bytes', () => {
    const file = buildWebm({ durationSec: 9 });
    expect(feed(file, [2, 11]).probe()).toEqual(probeMedia(file));
  });

  it('fails bytes that are not a video, a truncated file and an empty one', () => {
    expect(feed(Buffer.alloc(10_000, 7), [333]).probe().ok).toBe(false);
    const file = buildMp4({ durationSec: 5, seed: 1 });
    expect(feed(file.subarray(0, file.length - 10), [100]).probe().ok).toBe(false);
    expect(new MediaKeeper().probe()).toEqual({ ok: false, reason: 'empty file' });
  });
});
