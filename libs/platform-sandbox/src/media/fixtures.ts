/**
 * Builders for tiny but structurally valid media files (tests and demos): an MP4/MOV with
 * ftyp + moov(mvhd, trak(tkhd)) + mdat, and a WebM with an EBML header and Segment Info.
 */
export interface Mp4Options {
  durationSec?: number;
  timescale?: number;
  width?: number;
  height?: number;
  /** 'isom' for MP4, 'qt  ' for QuickTime MOV. */
  brand?: string;
  /** Pad mdat so the whole file has exactly this many bytes. */
  totalBytes?: number;
  /** Payload bytes inside mdat (ignored when totalBytes is set); varies the sha256. */
  seed?: number;
}

function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(body.length + 8, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}

export function buildMp4(options: Mp4Options = {}): Buffer {
  const timescale = options.timescale ?? 1000;
  const duration = Math.round((options.durationSec ?? 10) * timescale);
  const brand = options.brand ?? 'isom';
  const ftyp = box('ftyp', Buffer.from(brand, 'latin1'), Buffer.from([0, 0, 2, 0]), Buffer.from(`${brand}mp41`, 'latin1'));
  const mvhd = Buffer.alloc(100);
  mvhd.writeUInt32BE(timescale, 12);
  mvhd.writeUInt32BE(duration, 16);
  mvhd.writeUInt32BE(0x00010000, 20);
  mvhd.writeUInt16BE(0x0100, 24);
  mvhd.writeUInt32BE(2, 96);
  const tkhd = Buffer.alloc(84);
  tkhd.writeUInt32BE(0x00000003, 0);
  tkhd.writeUInt32BE(1, 12);
  tkhd.writeUInt32BE(duration, 20);
  tkhd.writeUInt32BE(Math.round((options.width ?? 1080) * 65536), 76);
  tkhd.writeUInt32BE(Math.round((options.height ?? 1920) * 65536), 80);
  const moov = box('moov', box('mvhd', mvhd), box('trak', box('tkhd', tkhd)));
  const head = Buffer.concat([ftyp, moov]);
  let payloadSize = 64;
  if (options.totalBytes !== undefined) {
    payloadSize = options.totalBytes - head.length - 8;
    if (payloadSize < 0) throw new RangeError(`totalBytes must be at least ${head.length + 8}`);
  }
  const payload = Buffer.alloc(payloadSize);
  let x = (options.seed ?? 1) >>> 0 || 1;
  const fill = Math.min(payloadSize, 4096);
  for (let i = 0; i < fill; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    payload[i] = x & 0xff;
  }
  return Buffer.concat([head, box('mdat', payload)]);
}

function ebmlSize(n: number): Buffer {
  // 8-byte vint, always valid for our small sizes.
  const b = Buffer.alloc(8);
  b.writeUInt8(0x01, 0);
  b.writeUIntBE(n, 2, 6);
  return b;
}

function ebml(id: number[], ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  return Buffer.concat([Buffer.from(id), ebmlSize(body.length), body]);
}

export function buildWebm(options: { durationSec?: number } = {}): Buffer {
  const header = ebml([0x1a, 0x45, 0xdf, 0xa3], ebml([0x42, 0x86], Buffer.from([1])), ebml([0x42, 0x82], Buffer.from('webm', 'latin1')));
  const scale = Buffer.alloc(3);
  scale.writeUIntBE(1_000_000, 0, 3);
  const duration = Buffer.alloc(8);
  duration.writeDoubleBE((options.durationSec ?? 10) * 1000, 0);
  const info = ebml([0x15, 0x49, 0xa9, 0x66], ebml([0x2a, 0xd7, 0xb1], scale), ebml([0x44, 0x89], duration));
  const segment = ebml([0x18, 0x53, 0x80, 0x67], info, ebml([0x1f, 0x43, 0xb6, 0x75], Buffer.alloc(32)));
  return Buffer.concat([header, segment]);
}
