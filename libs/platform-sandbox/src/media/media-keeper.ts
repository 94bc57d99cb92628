import { probeMedia, type ProbeResult } from './probe.js';

const WEBM_KEEP_BYTES = 4 * 1024 * 1024;
const MAX_KEPT_BYTES = 64 * 1024 * 1024;
/** Top-level boxes whose payload is media data, not structure: skipped (the probe needs none of it). */
const SKIPPED = new Set(['mdat', 'free', 'skip', 'wide']);

/**
 * Keeps only what the probe reads from an upload that arrives in pieces (a resumable session may
 * carry gigabytes): the MP4/MOV structure boxes (ftyp, moov…) with every media-data box reduced to
 * an empty one, or the first few MiB of a WebM. So a session never holds the video in memory.
 */
export class MediaKeeper {
  private readonly kept: Buffer[] = [];
  private keptBytes = 0;
  private mode: 'start' | 'iso' | 'webm' | 'broken' = 'start';
  private header = Buffer.alloc(0);
  /** Bytes left in the current top-level box (Infinity: it runs to the end of the file). */
  private remaining = 0;
  private keepingBox = false;
  private brokenReason = '';

  /** The first bytes, until there are enough (4) to tell a WebM from an MP4/MOV. */
  private start = Buffer.alloc(0);

  push(piece: Buffer): void {
    let chunk = piece;
    if (this.mode === 'start') {
      this.start = Buffer.concat([this.start, chunk]);
      if (this.start.length < 4) return;
      this.mode = this.start.readUInt32BE(0) === 0x1a45dfa3 ? 'webm' : 'iso';
      chunk = this.start;
      this.start = Buffer.alloc(0);
    }
    if (this.mode === 'webm') {
      const room = WEBM_KEEP_BYTES - this.keptBytes;
      if (room > 0) this.keep(chunk.subarray(0, room));
      return;
    }
    let rest = chunk;
    while (rest.length > 0 && this.mode === 'iso') {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, rest.length);
        if (this.keepingBox) this.keep(rest.subarray(0, n));
        this.remaining -= n;
        rest = rest.subarray(n);
        continue;
      }
      rest = this.readHeader(rest);
    }
  }

  /** Accumulates a box header (8 or 16 bytes) and starts the box; returns the bytes after it. */
  private readHeader(rest: Buffer): Buffer {
    const need = this.header.length >= 8 && this.header.readUInt32BE(0) === 1 ? 16 : 8;
    const take = Math.min(need - this.header.length, rest.length);
    this.header = Buffer.concat([this.header, rest.subarray(0, take)]);
    const after = rest.subarray(take);
    if (this.header.length < 8) return after;
    const size32 = this.header.readUInt32BE(0);
    if (size32 === 1 && this.header.length < 16) return after;
    const type = this.header.toString('latin1', 4, 8);
    if (!/^[\x20-\x7e]{4}$/.test(type)) return this.broken(after, 'not an ISO-BMFF box structure');
    const headerSize = size32 === 1 ? 16 : 8;
    const size = size32 === 1 ? Number(this.header.readBigUInt64BE(8)) : size32 === 0 ? Infinity : size32;
    if (size < headerSize) return this.broken(after, 'corrupt box size');
    this.keepingBox = !SKIPPED.has(type);
    if (this.keepingBox) this.keep(this.header);
    else this.keep(Buffer.from([0, 0, 0, 8, ...Buffer.from(type, 'latin1')]));
    this.remaining = size - headerSize;
    this.header = Buffer.alloc(0);
    return after;
  }

  private broken(after: Buffer, reason: string): Buffer {
    this.mode = 'broken';
    this.brokenReason = reason;
    return after.subarray(after.length);
  }

  private keep(bytes: Buffer): void {
    if (this.keptBytes + bytes.length > MAX_KEPT_BYTES) {
      this.mode = 'broken';
      this.brokenReason = 'structure boxes too large';
      return;
    }
    this.kept.push(Buffer.from(bytes));
    this.keptBytes += bytes.length;
  }

  /** How many bytes it holds (the structure boxes, not the media data). */
  get heldBytes(): number {
    return this.keptBytes;
  }

  /** The probe of what was kept, once every byte went through push(). */
  probe(): ProbeResult {
    if (this.mode === 'broken') return { ok: false, reason: this.brokenReason };
    if (this.mode === 'start') return { ok: false, reason: this.start.length ? 'too short' : 'empty file' };
    if (this.mode === 'iso' && (this.header.length > 0 || (this.remaining > 0 && this.remaining !== Infinity))) return { ok: false, reason: 'truncated box' };
    return probeMedia(Buffer.concat(this.kept));
  }
}
