/**
 * Container sniffing for uploaded/downloaded media: just enough of ISO-BMFF (MP4/MOV) and EBML
 * (WebM) to tell a real container from arbitrary bytes and to read duration and picture size.
 */
export type ContainerKind = 'mp4' | 'mov' | 'webm';

export interface MediaProbe {
  ok: true;
  container: ContainerKind;
  durationSec: number;
  width?: number;
  height?: number;
}

export interface MediaProbeFailure {
  ok: false;
  reason: string;
}

export type ProbeResult = MediaProbe | MediaProbeFailure;

interface Box {
  type: string;
  start: number;
  headerSize: number;
  end: number;
}

function readBoxes(buf: Buffer, from: number, to: number): Box[] | undefined {
  const boxes: Box[] = [];
  let pos = from;
  while (pos < to) {
    if (to - pos < 8) return undefined;
    let size = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    let headerSize = 8;
    if (size === 1) {
      if (to - pos < 16) return undefined;
      const big = buf.readBigUInt64BE(pos + 8);
      if (big > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
      size = Number(big);
      headerSize = 16;
    } else if (size === 0) {
      size = to - pos;
    }
    if (size < headerSize || pos + size > to) return undefined;
    if (!/^[\x20-\x7e]{4}$/.test(type)) return undefined;
    boxes.push({ type, start: pos, headerSize, end: pos + size });
    pos += size;
  }
  return boxes;
}

const TOP_LEVEL = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'uuid', 'pdin', 'moof', 'mfra', 'meta', 'styp', 'sidx', 'pnot']);

function probeIsoBmff(buf: Buffer): ProbeResult {
  const boxes = readBoxes(buf, 0, buf.length);
  if (!boxes || boxes.length === 0) return { ok: false, reason: 'not an ISO-BMFF box structure' };
  if (boxes.some((b) => !TOP_LEVEL.has(b.type))) return { ok: false, reason: 'unknown top-level box' };
  const ftyp = boxes.find((b) => b.type === 'ftyp');
  const moov = boxes.find((b) => b.type === 'moov');
  if (!moov) return { ok: false, reason: 'no moov box' };
  let container: ContainerKind = 'mp4';
  if (ftyp) {
    const brand = buf.toString('latin1', ftyp.start + 8, ftyp.start + 12);
    if (brand === 'qt  ') container = 'mov';
  } else if (boxes[0]?.type !== 'moov' && boxes[0]?.type !== 'wide' && boxes[0]?.type !== 'mdat') {
    return { ok: false, reason: 'missing ftyp' };
  } else {
    container = 'mov';
  }
  const children = readBoxes(buf, moov.start + moov.headerSize, moov.end);
  if (!children) return { ok: false, reason: 'corrupt moov' };
  const mvhd = children.find((b) => b.type === 'mvhd');
  if (!mvhd) return { ok: false, reason: 'no mvhd box' };
  const p = mvhd.start + mvhd.headerSize;
  const version = buf.readUInt8(p);
  let timescale: number;
  let duration: number;
  if (version === 1) {
    if (mvhd.end - p < 32) return { ok: false, reason: 'short mvhd' };
    timescale = buf.readUInt32BE(p + 20);
    duration = Number(buf.readBigUInt64BE(p + 24));
  } else {
    if (mvhd.end - p < 20) return { ok: false, reason: 'short mvhd' };
    timescale = buf.readUInt32BE(p + 12);
    duration = buf.readUInt32BE(p + 16);
  }
  if (timescale === 0) return { ok: false, reason: 'zero timescale' };
  const result: MediaProbe = { ok: true, container, durationSec: duration / timescale };
  for (const trak of children.filter((b) => b.type === 'trak')) {
    const inner = readBoxes(buf, trak.start + trak.headerSize, trak.end);
    const tkhd = inner?.find((b) => b.type === 'tkhd');
    if (!tkhd) continue;
    const q = tkhd.start + tkhd.headerSize;
    const off = buf.readUInt8(q) === 1 ? 88 : 76;
    if (tkhd.end - q < off + 8) continue;
    const width = buf.readUInt32BE(q + off) / 65536;
    const height = buf.readUInt32BE(q + off + 4) / 65536;
    if (width > 0 && height > 0) {
      result.width = width;
      result.height = height;
      break;
    }
  }
  return result;
}

function readVint(buf: Buffer, pos: number, keepMarker: boolean): { value: number; length: number } | undefined {
  const first = buf[pos];
  if (first === undefined || first === 0) return undefined;
  let length = 1;
  while (length <= 8 && !(first & (0x80 >> (length - 1)))) length++;
  if (length > 8 || pos + length > buf.length) return undefined;
  let value = keepMarker ? first : first & (0xff >> length);
  for (let i = 1; i < length; i++) value = value * 256 + (buf[pos + i] ?? 0);
  return { value, length };
}

interface EbmlElement {
  id: number;
  dataStart: number;
  dataEnd: number;
}

function readElements(buf: Buffer, from: number, to: number): EbmlElement[] {
  const out: EbmlElement[] = [];
  let pos = from;
  while (pos < to) {
    const id = readVint(buf, pos, true);
    if (!id) break;
    const size = readVint(buf, pos + id.length, false);
    if (!size) break;
    const dataStart = pos + id.length + size.length;
    const unknown = size.value === Math.pow(2, 7 * size.length) - 1;
    const dataEnd = unknown ? to : Math.min(to, dataStart + size.value);
    out.push({ id: id.value, dataStart, dataEnd });
    pos = dataEnd;
  }
  return out;
}

function probeWebm(buf: Buffer): ProbeResult {
  const top = readElements(buf, 0, buf.length);
  const header = top[0];
  if (!header || header.id !== 0x1a45dfa3) return { ok: false, reason: 'no EBML header' };
  const docType = readElements(buf, header.dataStart, header.dataEnd).find((e) => e.id === 0x4282);
  const docTypeName = docType ? buf.toString('latin1', docType.dataStart, docType.dataEnd) : '';
  if (docTypeName !== 'webm') return { ok: false, reason: `EBML doctype ${docTypeName || 'missing'} is not webm` };
  const segment = top.find((e) => e.id === 0x18538067);
  if (!segment) return { ok: false, reason: 'no Segment' };
  const info = readElements(buf, segment.dataStart, segment.dataEnd).find((e) => e.id === 0x1549a966);
  if (!info) return { ok: false, reason: 'no Segment Info' };
  const fields = readElements(buf, info.dataStart, info.dataEnd);
  let timecodeScale = 1_000_000;
  const scale = fields.find((e) => e.id === 0x2ad7b1);
  if (scale) timecodeScale = buf.readUIntBE(scale.dataStart, Math.min(6, scale.dataEnd - scale.dataStart));
  const dur = fields.find((e) => e.id === 0x4489);
  if (!dur) return { ok: false, reason: 'no Duration' };
  const len = dur.dataEnd - dur.dataStart;
  const ticks = len === 4 ? buf.readFloatBE(dur.dataStart) : len === 8 ? buf.readDoubleBE(dur.dataStart) : NaN;
  if (!Number.isFinite(ticks)) return { ok: false, reason: 'bad Duration' };
  return { ok: true, container: 'webm', durationSec: (ticks * timecodeScale) / 1e9 };
}

export function probeMedia(buf: Buffer): ProbeResult {
  if (buf.length >= 4 && buf.readUInt32BE(0) === 0x1a45dfa3) return probeWebm(buf);
  return probeIsoBmff(buf);
}
