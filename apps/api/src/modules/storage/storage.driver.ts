import type { Readable } from 'node:stream';

export const STORAGE_DRIVER = Symbol('STORAGE_DRIVER');

export interface StoredObject {
  bytes: number;
}

export interface ByteRange {
  /** Inclusive. */
  start: number;
  /** Inclusive. */
  end: number;
}

/**
 * Where media bytes live. Every method streams: no driver ever holds a whole file in memory.
 * Keys are relative paths such as `assets/<workspace>/<asset>.mp4`.
 */
export interface StorageDriver {
  readonly kind: 'local' | 's3';
  /** Writes the stream under `key`; nothing is visible under the key unless the whole stream made it. */
  put(key: string, body: Readable, options: { contentType: string; bytes?: number }): Promise<StoredObject>;
  /**
   * Stores a finished local file. The local driver moves it (a rename on the same disk), S3
   * uploads it in parts; either way the source is gone afterwards.
   */
  putFile(key: string, path: string, options: { contentType: string }): Promise<StoredObject>;
  /** The whole object, or one byte range of it. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  stat(key: string): Promise<StoredObject | undefined>;
  delete(key: string): Promise<void>;
  /** A time-limited URL the platforms can fetch directly, when the backend offers one (S3). */
  presign?(key: string, ttlSeconds: number, options: { contentType: string; filename?: string }): Promise<string>;
}
