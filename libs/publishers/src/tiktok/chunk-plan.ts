/**
 * TikTok FILE_UPLOAD chunking (platform-apis.md §1.4). Sizes are chosen to be valid whether
 * TikTok's "MB" means 10^6 or 2^20 bytes: every non-final chunk is within [5 MiB, 64 MB].
 */
export const TIKTOK_MIN_CHUNK_BYTES = 5 * 1024 * 1024;
export const TIKTOK_MAX_CHUNK_BYTES = 64_000_000;
export const TIKTOK_MAX_LAST_CHUNK_BYTES = 128_000_000;
export const TIKTOK_MAX_CHUNKS = 1000;
/** §1.11: maximum video size 4 GB (read as GiB, the sandbox's and the larger reading). */
export const TIKTOK_MAX_VIDEO_BYTES = 4 * 1024 * 1024 * 1024;

export interface TikTokChunk {
  index: number;
  firstByte: number;
  lastByte: number;
  bytes: number;
}

export interface TikTokChunkPlan {
  videoSize: number;
  chunkSize: number;
  totalChunkCount: number;
  chunks: TikTokChunk[];
}

/**
 * Plans the chunks of a FILE_UPLOAD: `total_chunk_count = floor(size / chunk_size)`, the last chunk
 * absorbs the remainder (< 2 × chunk_size ≤ 128 MB), a single chunk has chunk_size == video_size,
 * anything over 64 MB gets at least two chunks, and there are never more than 1000.
 */
export function planTikTokChunks(videoSize: number, preferredChunkSize = 10_000_000): TikTokChunkPlan {
  if (!Number.isSafeInteger(videoSize) || videoSize <= 0) {
    throw new RangeError(`video size must be a positive integer, got ${videoSize}`);
  }
  let chunkSize: number;
  if (videoSize < TIKTOK_MIN_CHUNK_BYTES) {
    chunkSize = videoSize; // a small video goes whole, as one chunk
  } else {
    chunkSize = Math.min(Math.max(preferredChunkSize, TIKTOK_MIN_CHUNK_BYTES), TIKTOK_MAX_CHUNK_BYTES);
    // Over 64 MB there must be at least two chunks; keep the leftover-absorbing last chunk ≤ 128 MB.
    if (videoSize > TIKTOK_MAX_CHUNK_BYTES) chunkSize = Math.min(chunkSize, Math.floor(videoSize / 2));
    if (Math.floor(videoSize / chunkSize) > TIKTOK_MAX_CHUNKS) chunkSize = Math.ceil(videoSize / TIKTOK_MAX_CHUNKS);
    // One chunk (size < 2 × chunk, hence ≤ 64 MB here) must declare chunk_size == video_size (rule 3).
    if (Math.floor(videoSize / chunkSize) <= 1) chunkSize = videoSize;
  }
  const totalChunkCount = Math.max(1, Math.floor(videoSize / chunkSize));
  if (totalChunkCount > TIKTOK_MAX_CHUNKS || chunkSize > TIKTOK_MAX_CHUNK_BYTES) {
    throw new RangeError(`a ${videoSize}-byte video cannot be split within TikTok's chunk limits`);
  }
  const chunks: TikTokChunk[] = [];
  for (let index = 0; index < totalChunkCount; index++) {
    const firstByte = index * chunkSize;
    const lastByte = index === totalChunkCount - 1 ? videoSize - 1 : firstByte + chunkSize - 1;
    chunks.push({ index, firstByte, lastByte, bytes: lastByte - firstByte + 1 });
  }
  const last = chunks[chunks.length - 1];
  if (last && last.bytes > TIKTOK_MAX_LAST_CHUNK_BYTES) {
    throw new RangeError(`last chunk of ${last.bytes} bytes exceeds TikTok's 128 MB limit`);
  }
  return { videoSize, chunkSize, totalChunkCount, chunks };
}
