import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

import type { MediaDescriptor } from './contract.js';

/**
 * Where FILE_UPLOAD bytes come from (the storage driver). `openRange` streams the inclusive byte
 * range [start, end]; a publisher holds at most one chunk's stream at a time and never the file.
 */
export interface MediaSource {
  readonly size: number;
  readonly mime: string;
  readonly sha256?: string;
  openRange(start: number, end: number): AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;
}

/** A file on local disk (fs.createReadStream with start/end; `readBytes` per read, default 1 MiB). */
export async function fileMediaSource(path: string, mime: string, extra: { sha256?: string; readBytes?: number } = {}): Promise<MediaSource> {
  const { size } = await stat(path);
  const highWaterMark = extra.readBytes ?? 1024 * 1024;
  return {
    size,
    mime,
    ...(extra.sha256 ? { sha256: extra.sha256 } : {}),
    openRange: (start, end) => createReadStream(path, { start, end, highWaterMark }),
  };
}

/** Bytes already in memory (tests, small assets). */
export function bufferMediaSource(bytes: Uint8Array, mime: string): MediaSource {
  return {
    size: bytes.byteLength,
    mime,
    openRange(start, end) {
      const slice = bytes.subarray(start, end + 1);
      return (async function* () {
        for (let i = 0; i < slice.byteLength; i += 256 * 1024) yield slice.subarray(i, Math.min(slice.byteLength, i + 256 * 1024));
      })();
    },
  };
}

export function describeMedia(source: MediaSource, extra: Omit<MediaDescriptor, 'size' | 'mime'> = {}): MediaDescriptor {
  return { size: source.size, mime: source.mime, ...(source.sha256 ? { sha256: source.sha256 } : {}), ...extra };
}
