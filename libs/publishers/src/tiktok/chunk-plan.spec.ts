import fc from 'fast-check';

import {
  planTikTokChunks,
  TIKTOK_MAX_CHUNK_BYTES,
  TIKTOK_MAX_CHUNKS,
  TIKTOK_MAX_LAST_CHUNK_BYTES,
  TIKTOK_MAX_VIDEO_BYTES,
  TIKTOK_MIN_CHUNK_BYTES,
  type TikTokChunkPlan,
} from '../index.js';

const MiB = 1024 * 1024;
const GB4 = TIKTOK_MAX_VIDEO_BYTES;

/** Every rule of platform-apis.md §1.4, as the server checks it; returns the broken ones. */
function violations(plan: TikTokChunkPlan): string[] {
  const { videoSize, chunkSize, totalChunkCount, chunks } = plan;
  const broken: string[] = [];
  const check = (ok: boolean, rule: string) => {
    if (!ok) broken.push(`${rule} (size ${videoSize}, chunk ${chunkSize}, count ${totalChunkCount})`);
  };
  check(totalChunkCount === Math.floor(videoSize / chunkSize), 'rule 1: count = floor(size / chunk)');
  check(totalChunkCount >= 1 && totalChunkCount <= TIKTOK_MAX_CHUNKS, 'rule 4: 1..1000 chunks');
  check(chunks.length === totalChunkCount, 'one entry per chunk');
  if (totalChunkCount === 1) {
    check(chunkSize === videoSize, 'rule 3: a single chunk is the whole video');
    check(videoSize <= TIKTOK_MAX_CHUNK_BYTES, 'rule 3: over 64 MB needs several chunks');
  } else {
    check(chunkSize >= TIKTOK_MIN_CHUNK_BYTES && chunkSize <= TIKTOK_MAX_CHUNK_BYTES, 'rule 2: 5 MiB <= chunk <= 64 MB');
  }
  let next = 0;
  for (const [i, c] of chunks.entries()) {
    check(c.index === i && c.firstByte === next && c.bytes === c.lastByte - c.firstByte + 1, 'rule 5: in order and contiguous');
    if (i < chunks.length - 1) check(c.bytes === chunkSize, 'non-final chunks are chunk_size');
    else check(c.bytes >= chunkSize && c.bytes <= TIKTOK_MAX_LAST_CHUNK_BYTES, 'rule 2: last chunk absorbs the leftover, <= 128 MB');
    next = c.lastByte + 1;
  }
  check(next === videoSize, 'chunks cover the video');
  return broken;
}

function expectValid(plan: TikTokChunkPlan): void {
  expect(violations(plan)).toEqual([]);
}

function valid(plan: TikTokChunkPlan): boolean {
  return violations(plan).length === 0;
}

// Every boundary of §1.4 (both readings of MB), ±1 byte.
const BOUNDARIES = [
  1,
  5_000_000,
  5 * MiB,
  10_000_000,
  2 * 5 * MiB,
  64_000_000,
  64 * MiB,
  2 * 64_000_000,
  128_000_000,
  128 * MiB,
  5 * MiB * 1000,
  64_000_000 * 1000,
  1024 * MiB,
  GB4,
]
  .flatMap((b) => [b - 1, b, b + 1])
  .filter((b) => b >= 1 && b <= GB4);

describe('planTikTokChunks (§1.4)', () => {
  it('reproduces the official 50,000,123-byte example', () => {
    const plan = planTikTokChunks(50_000_123, 10_000_000);
    expect(plan.totalChunkCount).toBe(5);
    expect(plan.chunks[4]).toEqual({ index: 4, firstByte: 40_000_000, lastByte: 50_000_122, bytes: 10_000_123 });
  });

  it('sends a video under 5 MB as a single chunk of its own size (the 4 MiB example)', () => {
    expect(planTikTokChunks(4_194_304)).toMatchObject({ chunkSize: 4_194_304, totalChunkCount: 1 });
  });

  it('declares chunk_size == video_size when the preferred chunk would give a single chunk', () => {
    expect(planTikTokChunks(15_000_000, 10_000_000)).toMatchObject({ chunkSize: 15_000_000, totalChunkCount: 1 });
    expect(planTikTokChunks(6 * MiB, 10_000_000)).toMatchObject({ chunkSize: 6 * MiB, totalChunkCount: 1 });
  });

  it('uses at least two chunks for a video between 64 MB and 128 MB', () => {
    const plan = planTikTokChunks(100_000_000, 64_000_000);
    expect(plan.totalChunkCount).toBeGreaterThanOrEqual(2);
    expectValid(plan);
  });

  it.each(BOUNDARIES)('plans a valid upload for %i bytes with the default and extreme preferred sizes', (size) => {
    for (const preferred of [undefined, 1, 5 * MiB, 10_000_000, 64_000_000, 10 ** 12]) expectValid(planTikTokChunks(size, preferred));
  });

  it('keeps to the rules for any size from 1 B to 4 GB and any preferred chunk size (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: GB4 }), fc.option(fc.integer({ min: 1, max: 2 ** 40 }), { nil: undefined }), (size, preferred) =>
        valid(planTikTokChunks(size, preferred)),
      ),
      { numRuns: 2_000 },
    );
  });

  it('keeps to the rules around every boundary (property, ±4096 bytes)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...BOUNDARIES), fc.integer({ min: -4096, max: 4096 }), (b, delta) => {
        const size = Math.min(GB4, Math.max(1, b + delta));
        return valid(planTikTokChunks(size));
      }),
      { numRuns: 1_000 },
    );
  });

  it('rejects an empty, fractional or unsafe size', () => {
    expect(() => planTikTokChunks(0)).toThrow(RangeError);
    expect(() => planTikTokChunks(1.5)).toThrow(RangeError);
    expect(() => planTikTokChunks(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
  });
});
