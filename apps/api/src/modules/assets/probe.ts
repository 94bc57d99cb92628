import { open, type FileHandle } from 'node:fs/promises';

import { createFile, Log, MP4BoxBuffer, type Movie, type Track } from 'mp4box';

import type { ProbeResult } from '@mwr/domain';

// mp4box prints parse problems of boxes we do not need (udta, meta) to the console; the probe
// reports what matters through ProbeError instead.
Log.setLogLevel(Log.error);
(Log as { error: (module: string, message: string) => void }).error = () => undefined;

/** Why a file was refused; the message is shown to the person who uploaded it. */
export class ProbeError extends Error {
  constructor(
    readonly reason: 'not_video' | 'truncated' | 'unsupported',
    message: string,
  ) {
    super(message);
  }
}

/** The moov box holds the sample tables only; anything bigger than this is not a file we accept. */
const MAX_MOOV_BYTES = 64 * 1024 * 1024;
const BOX_TYPE = /^[\x20-\x7e]{4}$/;
/** What an MP4/MOV file can start with. */
const FIRST_BOXES = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot', 'uuid', 'styp']);

interface TopBox {
  type: string;
  start: number;
  size: number;
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/**
 * Walks the top-level boxes with a few small reads: only their headers are read, never the media
 * data, so probing a 4 GB file costs a few kilobytes plus the moov box.
 */
async function topLevelBoxes(handle: FileHandle, fileSize: number): Promise<TopBox[]> {
  const boxes: TopBox[] = [];
  let position = 0;
  while (position < fileSize) {
    const header = await readAt(handle, position, 16);
    if (header.length < 8) throw new ProbeError('truncated', 'The file ends in the middle of a box: the upload is truncated');
    let size = header.readUInt32BE(0);
    const type = header.toString('latin1', 4, 8);
    if (!BOX_TYPE.test(type) || (boxes.length === 0 && !FIRST_BOXES.has(type))) {
      throw boxes.length === 0
        ? new ProbeError('not_video', 'This is not an MP4 or MOV video')
        : new ProbeError('truncated', 'The file is damaged after its last valid box');
    }
    if (size === 1) {
      if (header.length < 16) throw new ProbeError('truncated', 'The file ends in the middle of a box: the upload is truncated');
      size = Number(header.readBigUInt64BE(8));
    } else if (size === 0) {
      size = fileSize - position;
    }
    if (size < 8) throw new ProbeError(boxes.length === 0 ? 'not_video' : 'truncated', 'The file has an invalid box');
    if (position + size > fileSize) throw new ProbeError('truncated', `The ${type} box runs past the end of the file: the upload is truncated`);
    boxes.push({ type, start: position, size });
    position += size;
  }
  return boxes;
}

const AVC_PROFILES: Record<number, string> = {
  66: 'Baseline',
  77: 'Main',
  88: 'Extended',
  100: 'High',
  110: 'High 10',
  122: 'High 4:2:2',
  244: 'High 4:4:4 Predictive',
};
const HEVC_PROFILES: Record<number, string> = { 1: 'Main', 2: 'Main 10', 3: 'Main Still Picture', 4: 'Rext' };
const AAC_PROFILES: Record<number, string> = { 2: 'LC', 5: 'HE-AAC', 29: 'HE-AACv2', 1: 'Main' };

/** RFC 6381 codec string → ffprobe-style codec name and profile. */
export function describeCodec(codec: string): { name: string; profile: string | null } {
  const [fourcc = '', ...rest] = codec.split('.');
  switch (fourcc) {
    case 'avc1':
    case 'avc3': {
      const hex = rest[0] ?? '';
      const idc = Number.parseInt(hex.slice(0, 2), 16);
      const constraints = Number.parseInt(hex.slice(2, 4), 16);
      let profile = AVC_PROFILES[idc] ?? null;
      if (idc === 66 && constraints & 0x40) profile = 'Constrained Baseline';
      return { name: 'h264', profile };
    }
    case 'hvc1':
    case 'hev1': {
      const idc = Number.parseInt((rest[0] ?? '').replace(/^[A-C]/, ''), 10);
      return { name: 'hevc', profile: HEVC_PROFILES[idc] ?? null };
    }
    case 'mp4a': {
      const objectType = rest[0];
      if (objectType === '40') return { name: 'aac', profile: AAC_PROFILES[Number(rest[1])] ?? null };
      if (objectType === '6b' || objectType === '69') return { name: 'mp3', profile: null };
      return { name: 'mp4a', profile: null };
    }
    case 'vp09':
      return { name: 'vp9', profile: rest[0] ? `Profile ${Number(rest[0])}` : null };
    case 'av01':
      return { name: 'av1', profile: null };
    case 'Opus':
    case 'opus':
      return { name: 'opus', profile: null };
    case 'ac-3':
      return { name: 'ac3', profile: null };
    case 'ec-3':
      return { name: 'eac3', profile: null };
    default:
      return { name: fourcc.trim().toLowerCase(), profile: null };
  }
}

/** Clockwise display rotation in degrees (0, 90, 180, 270) from a track's transformation matrix. */
export function rotationOf(matrix: ArrayLike<number> | undefined): number {
  if (!matrix || matrix.length < 5) return 0;
  const a = matrix[0]!;
  const b = matrix[1]!;
  // The `rotate` tag of phones and ffmpeg (clockwise) is stored as a counter-clockwise matrix.
  const degrees = -Math.round((Math.atan2(b, a) * 180) / Math.PI);
  return (((Math.round(degrees / 90) * 90) % 360) + 360) % 360;
}

function parseMovie(ftyp: Buffer | undefined, moov: Buffer): Promise<Movie> {
  return new Promise((resolve, reject) => {
    const file = createFile();
    let settled = false;
    file.onError = (_module: string, message: string) => {
      settled = true;
      reject(new ProbeError('unsupported', `The video's index (moov) could not be read: ${message}`));
    };
    file.onReady = (info: Movie) => {
      settled = true;
      resolve(info);
    };
    const joined = ftyp ? Buffer.concat([ftyp, moov]) : moov;
    const arrayBuffer = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength);
    try {
      file.appendBuffer(MP4BoxBuffer.fromArrayBuffer(arrayBuffer, 0));
      file.flush();
    } catch (error) {
      settled = true;
      reject(new ProbeError('unsupported', `The video's index (moov) could not be read: ${(error as Error).message}`));
      return;
    }
    if (!settled) {
      try {
        const info = file.getInfo();
        if (info.hasMoov) resolve(info);
        else reject(new ProbeError('truncated', 'The video has no index (moov box): the upload is truncated or the file was not finalised'));
      } catch (error) {
        reject(new ProbeError('unsupported', `The video's index (moov) could not be read: ${(error as Error).message}`));
      }
    }
  });
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

function frameRate(track: Track): number | null {
  if (!track.nb_samples || !track.samples_duration || !track.timescale) return null;
  return round3((track.nb_samples * track.timescale) / track.samples_duration);
}

/**
 * Reads what the platforms care about from an MP4/MOV file without decoding anything: container,
 * streams, duration, geometry, frame rate, bitrate and whether the index comes first (faststart).
 */
export async function probeFile(path: string): Promise<ProbeResult> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) throw new ProbeError('not_video', 'The file is empty');
    const boxes = await topLevelBoxes(handle, size);
    const ftypBox = boxes.find((b) => b.type === 'ftyp');
    const moovBox = boxes.find((b) => b.type === 'moov');
    const mdatBox = boxes.find((b) => b.type === 'mdat');
    if (!ftypBox && !moovBox && !mdatBox) throw new ProbeError('not_video', 'This is not an MP4 or MOV video');
    if (!moovBox) throw new ProbeError('truncated', 'The video has no index (moov box): the upload is truncated or the file was not finalised');
    if (moovBox.size > MAX_MOOV_BYTES) throw new ProbeError('unsupported', 'The video index is unreasonably large');
    const ftyp = ftypBox ? await readAt(handle, ftypBox.start, ftypBox.size) : undefined;
    const moov = await readAt(handle, moovBox.start, moovBox.size);
    const movie = await parseMovie(ftyp, moov);
    const majorBrand = ftyp ? ftyp.toString('latin1', 8, 12) : 'qt  ';
    const container = majorBrand === 'qt  ' ? 'mov' : 'mp4';
    const video = movie.videoTracks[0];
    if (!video) throw new ProbeError('not_video', 'The file has no video track');
    const audio = movie.audioTracks[0];
    const videoCodec = describeCodec(video.codec);
    const audioCodec = audio ? describeCodec(audio.codec) : undefined;
    const durationMs = movie.timescale ? Math.round((movie.duration / movie.timescale) * 1000) : Math.round((video.samples_duration / video.timescale) * 1000);
    return {
      container,
      majorBrand: majorBrand.trim(),
      durationMs,
      width: video.video?.width ?? Math.round(video.track_width),
      height: video.video?.height ?? Math.round(video.track_height),
      rotation: rotationOf(video.matrix as unknown as ArrayLike<number>),
      fps: frameRate(video),
      videoCodec: videoCodec.name,
      videoProfile: videoCodec.profile,
      videoBitrate: video.bitrate ? Math.round(video.bitrate) : null,
      audioCodec: audioCodec?.name ?? null,
      audioProfile: audioCodec?.profile ?? null,
      audioSampleRate: audio?.audio?.sample_rate ?? null,
      audioChannels: audio?.audio?.channel_count ?? null,
      bitrate: durationMs > 0 ? Math.round((size * 8 * 1000) / durationMs) : null,
      faststart: !mdatBox || moovBox.start < mdatBox.start,
      hasEditList: (video.edits?.length ?? 0) > 1,
      fragmented: movie.isFragmented,
      bytes: size,
    };
  } finally {
    await handle.close();
  }
}
