import { open, stat } from 'node:fs/promises';

import type { MediaDescriptor } from './contract.js';

/**
 * Where FILE_UPLOAD bytes come from (the storage driver). `openRange` streams the inclusive byte
 * range [start, end]; a publisher holds at most one chunk's stream at a time and never the file.
 * A part it yields is only read until the next part is asked for (sources may reuse buffers).
 */
export interface MediaSource {
  readonly size: number;
  readonly mime: string;
  readonly sha256?: string;
  openRange(start: number, end: number): AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;
}

/**
 * A file on local disk, read `readBytes` at a time (default 1 MiB) into two buffers it reuses:
 * the next part is read while the previous one is being sent, and a 64 MB chunk costs 2 MiB of
 * memory, not 64 allocations left for the garbage collector (issue #32, bench:publish-upload).
 */
export async function fileMediaSource(path: string, mime: string, extra: { sha256?: string; readBytes?: number } = {}): Promise<MediaSource> {
  const { size } = await stat(path);
  const readBytes = extra.readBytes ?? 1024 * 1024;
  return {
    size,
    mime,
    ...(extra.sha256 ? { sha256: extra.sha256 } : {}),
    openRange: (start, end) => readRange(path, start, end, readBytes),
  };
}

async function* readRange(path: string, start: number, end: number, readBytes: number): AsyncGenerator<Uint8Array> {
  const file = await open(path, 'r');
  let next: Promise<{ bytesRead: number; buffer: Buffer }> | undefined;
  try {
    const buffers = [Buffer.allocUnsafe(Math.min(readBytes, end - start + 1)), Buffer.allocUnsafe(Math.min(readBytes, end - start + 1))];
    let turn = 0;
    const readAt = (position: number) => {
      const buffer = buffers[turn++ % 2]!;
      return file.read(buffer, 0, Math.min(buffer.length, end + 1 - position), position);
    };
    let position = start;
    next = position <= end ? readAt(position) : undefined;
    while (next) {
      const { bytesRead, buffer } = await next;
      if (bytesRead === 0) throw new Error(`${path} ended at byte ${position}, before byte ${end}`);
      position += bytesRead;
      // Read ahead into the other buffer: the consumer is done with it once it asks for this part.
      next = position <= end ? readAt(position) : undefined;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    // Stopped early (the answer came before the last part): let the read ahead settle, then close.
    await next?.catch(() => undefined);
    await file.close();
  }
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
