import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { FileStore } from '@tus/file-store';
import { ERRORS, Upload } from '@tus/server';

const UPLOAD_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** An upload id as this server makes them: no `/`, `.`, `%`, `?` or `#`, so nothing to decode or normalise. */
export const isUploadId = (id: string): boolean => UPLOAD_ID.test(id);

/** Who an upload belongs to. Kept in the server's record of the upload, never taken from the client. */
export interface UploadOwner {
  workspaceId: string;
  userId: string | null;
}

function ownerIn(record: unknown): UploadOwner | undefined {
  const owner = (record as { owner?: Partial<UploadOwner> } | undefined)?.owner;
  if (typeof owner?.workspaceId !== 'string' || !owner.workspaceId) return undefined;
  return { workspaceId: owner.workspaceId, userId: typeof owner.userId === 'string' ? owner.userId : null };
}

async function hashPrefix(path: string, bytes: number): Promise<Hash> {
  const hash = createHash('sha256');
  if (bytes === 0) return hash;
  for await (const chunk of createReadStream(path, { start: 0, end: bytes - 1 })) hash.update(chunk as Buffer);
  return hash;
}

/**
 * tus FileStore that computes the sha256 while the bytes arrive, so a finished upload is never
 * read again just to hash it.
 *
 * Node's Hash cannot be serialised, so the running hash lives in memory, keyed by upload id and
 * the offset it covers. tus PATCHes of one upload arrive in order and under a lock, so the next
 * PATCH starts exactly where the state ends. The state is dropped whenever it may disagree with
 * the file (a failed write) and is missing after a restart or on another replica: then the
 * bytes already on disk are hashed once, and streaming hashing resumes from there.
 *
 * Each upload's record (`<id>.json`) also holds its owner (workspace, user), written by create()
 * from what onUploadCreate claimed: ownership never comes from the client's Upload-Metadata.
 */
export class HashingFileStore extends FileStore {
  private readonly hashes = new Map<string, { hash: Hash; offset: number }>();
  /** Owners claimed in onUploadCreate for the Upload object tus then passes to create(). */
  private readonly claimed = new WeakMap<Upload, UploadOwner>();

  constructor(
    private readonly dir: string,
    expirationPeriodInMilliseconds: number,
  ) {
    super({ directory: dir, expirationPeriodInMilliseconds });
  }

  pathOf(id: string): string {
    if (!isUploadId(id)) throw ERRORS.FILE_NOT_FOUND;
    return join(this.dir, id);
  }

  /** Ties an upload being created to its owner; create() refuses an upload nobody claimed. */
  claim(upload: Upload, owner: UploadOwner): void {
    this.claimed.set(upload, owner);
  }

  /** FileStore.create, with the owner written into the upload's record in the same write. */
  override async create(upload: Upload): Promise<Upload> {
    const owner = this.claimed.get(upload);
    if (!owner) throw new Error(`upload ${upload.id} was created without an owner`);
    const path = this.pathOf(upload.id);
    await mkdir(this.dir, { recursive: true });
    await writeFile(path, '');
    await this.configstore.set(upload.id, Object.assign(new Upload(upload), { owner }));
    upload.storage = { type: 'file', path };
    return upload;
  }

  /** The owner in the upload's record; undefined for an unknown id or a record without one. */
  async ownerOf(id: string): Promise<UploadOwner | undefined> {
    if (!isUploadId(id)) return undefined;
    return ownerIn(await this.configstore.get(id));
  }

  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    const path = this.pathOf(id);
    const known = this.hashes.get(id);
    this.hashes.delete(id);
    const hash = known && known.offset === offset ? known.hash : await hashPrefix(path, offset);
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    const out = createWriteStream(path, { flags: 'r+', start: offset, highWaterMark: 1024 * 1024 });
    try {
      await pipeline(readable, tap, out);
    } catch {
      throw ERRORS.FILE_WRITE_ERROR;
    }
    const newOffset = offset + out.bytesWritten;
    this.hashes.set(id, { hash, offset: newOffset });
    return newOffset;
  }

  /** The sha256 of the first `size` bytes; consumes the in-memory state. */
  async sha256(id: string, size: number): Promise<string> {
    const known = this.hashes.get(id);
    this.hashes.delete(id);
    const hash = known && known.offset === size ? known.hash : await hashPrefix(this.pathOf(id), size);
    return hash.digest('hex');
  }

  override async remove(id: string): Promise<void> {
    this.hashes.delete(id);
    await super.remove(id);
  }

  /** Drops the bookkeeping of an upload whose file was moved into storage. */
  async forget(id: string): Promise<void> {
    this.hashes.delete(id);
    await this.configstore.delete(id);
  }
}
