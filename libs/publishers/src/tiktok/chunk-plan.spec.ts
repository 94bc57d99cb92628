import { planTikTokChunks, TIKTOK_MAX_CHUNK_BYTES, TIKTOK_MIN_CHUNK_BYTES } from '../index.js';

describe('planTikTokChunks', () => {
  it('reproduces the official 50,000,123-byte example', () => {
    const plan = planTikTokChunks(50_000_123, 10_000_000);
    expect(plan.totalChunkCount).toBe(5);
    expect(plan.chunks[4]).toEqual({ index: 4, firstByte: 40_000_000, lastByte: 50_000_122, bytes: 10_000_123 });
  });

  it('sends a video under 5 MB as a single chunk of its own size', () => {
    const plan = planTikTokChunks(4_194_304);
    expect(plan).toMatchObject({ chunkSize: 4_194_304, totalChunkCount: 1 });
  });

  it('uses at least two chunks for a video between 64 MB and 128 MB', () => {
    const plan = planTikTokChunks(100_000_000, 64_000_000);
    expect(plan.totalChunkCount).toBeGreaterThanOrEqual(2);
    expect(plan.chunks.reduce((sum: number, c: { bytes: number }) => sum + c.bytes, 0)).toBe(100_000_000);
  });

  it('keeps every non-final chunk within the limits valid under both readings of "MB"', () => {
    for (const size of [5_242_880, 9_999_999, 700_000_000, 4_000_000_000]) {
      const plan = planTikTokChunks(size);
      for (const chunk of plan.chunks.slice(0, -1)) {
        expect(chunk.bytes).toBeGreaterThanOrEqual(TIKTOK_MIN_CHUNK_BYTES);
        expect(chunk.bytes).toBeLessThanOrEqual(TIKTOK_MAX_CHUNK_BYTES);
      }
      expect(plan.chunks.reduce((sum: number, c: { bytes: number }) => sum + c.bytes, 0)).toBe(size);
    }
  });

  it('rejects an empty video', () => {
    expect(() => planTikTokChunks(0)).toThrow(RangeError);
  });
});
