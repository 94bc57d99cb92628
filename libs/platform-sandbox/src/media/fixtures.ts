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
  /**
   * Give the track a complete sample table (hdlr 'vide', an avc1 sample entry, stts/stsc/stsz/stco
   * pointing into mdat), so MP4 parsers such as mp4box see an H.264 video track. Without it the
   * file only has a track header, which is enough for the sandbox's own probe.
   */
  videoTrack?: { fps?: number };
}

function fullBox(type: string, version: number, flags: number, ...payload: Buffer[]): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(((version & 0xff) << 24) | (flags & 0xffffff), 0);
  return box(type, head, ...payload);
}

function u32(...values: number[]): Buffer {
  const out = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => out.writeUInt32BE(v >>> 0, i * 4));
  return out;
}

/** Identity transform in 16.16 / 2.30 fixed point, as tkhd and mvhd carry it. */
const IDENTITY_MATRIX = u32(0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000);

/** mdia for an H.264 (Baseline) track whose samples all sit in one chunk at `chunkOffset`. */
function videoMedia(o: {
  timescale: number;
  duration: number;
  width: number;
  height: number;
  samples: number;
  sampleSize: number;
  chunkOffset: number;
}): Buffer {
  const mdhd = fullBox('mdhd', 0, 0, u32(0, 0, o.timescale, o.duration), Buffer.from([0x55, 0xc4, 0, 0]));
  const hdlr = fullBox('hdlr', 0, 0, u32(0), Buffer.from('vide', 'latin1'), Buffer.alloc(12), Buffer.from('VideoHandler\0', 'latin1'));
  const sps = Buffer.from([0x67, 0x42, 0xc0, 0x1e, 0xd9, 0x00, 0xa0, 0x47, 0xfe, 0xc8]);
  const pps = Buffer.from([0x68, 0xce, 0x38, 0x80]);
  const avcC = box(
    'avcC',
    Buffer.from([1, sps[1] ?? 0x42, sps[2] ?? 0xc0, sps[3] ?? 0x1e, 0xff, 0xe1]),
    Buffer.from([sps.length >> 8, sps.length & 0xff]),
    sps,
    Buffer.from([1, pps.length >> 8, pps.length & 0xff]),
    pps,
  );
  const entry = Buffer.alloc(78);
  entry.writeUInt16BE(1, 6); // data_reference_index
  entry.writeUInt16BE(o.width, 24);
  entry.writeUInt16BE(o.height, 26);
  entry.writeUInt32BE(0x00480000, 28); // 72 dpi
  entry.writeUInt32BE(0x00480000, 32);
  entry.writeUInt16BE(1, 40); // frame_count
  entry.writeUInt16BE(0x0018, 74); // depth
  entry.writeInt16BE(-1, 76);
  const stsd = fullBox('stsd', 0, 0, u32(1), box('avc1', entry, avcC));
  const delta = Math.max(1, Math.round(o.duration / o.samples));
  const stbl = box(
    'stbl',
    stsd,
    fullBox('stts', 0, 0, u32(1, o.samples, delta)),
    fullBox('stsc', 0, 0, u32(1, 1, o.samples, 1)),
    fullBox('stsz', 0, 0, u32(o.sampleSize, o.samples)),
    fullBox('stco', 0, 0, u32(1, o.chunkOffset)),
  );
  const dinf = box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1)));
  const minf = box('minf', fullBox('vmhd', 0, 1, Buffer.alloc(8)), dinf, stbl);
  return box('mdia', mdhd, hdlr, minf);
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
  const width = options.width ?? 1080;
  const height = options.height ?? 1920;
  tkhd.writeUInt32BE(Math.round(width * 65536), 76);
  tkhd.writeUInt32BE(Math.round(height * 65536), 80);
  let samples = 0;
  let sampleSize = 0;
  const trak = (chunkOffset: number): Buffer => {
    if (!options.videoTrack) return box('trak', box('tkhd', tkhd));
    IDENTITY_MATRIX.copy(tkhd, 40);
    samples = Math.max(1, Math.round((options.videoTrack.fps ?? 30) * (options.durationSec ?? 10)));
    sampleSize = 16;
    return box('trak', box('tkhd', tkhd), videoMedia({ timescale, duration, width, height, samples, sampleSize, chunkOffset }));
  };
  if (options.videoTrack) IDENTITY_MATRIX.copy(mvhd, 36);
  // The chunk offset is a fixed-size field: lay moov out once to learn where mdat's payload starts.
  const payloadStart = ftyp.length + box('moov', box('mvhd', mvhd), trak(0)).length + 8;
  const moov = box('moov', box('mvhd', mvhd), trak(payloadStart));
  const head = Buffer.concat([ftyp, moov]);
  let payloadSize = Math.max(64, samples * sampleSize);
  if (options.totalBytes !== undefined) {
    payloadSize = options.totalBytes - head.length - 8;
    if (payloadSize < samples * sampleSize) throw new RangeError(`totalBytes must be at least ${head.length + 8 + samples * sampleSize}`);
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
