import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ProbeError, probeFile } from './probe.js';

/**
 * Cross-checks the pure-JS probe against ffprobe on clips made here with ffmpeg. ffmpeg is a test
 * requirement (the CI installs it): without it this suite fails rather than skips.
 */
interface Clip {
  name: string;
  size: string;
  fps: number;
  codec: 'h264' | 'hevc';
  audio: boolean;
  ext: 'mp4' | 'mov';
  rotate?: number;
  faststart: boolean;
}

const clips: Clip[] = [
  { name: 'h264-vertical-30-audio', size: '144x256', fps: 30, codec: 'h264', audio: true, ext: 'mp4', faststart: true },
  { name: 'h264-landscape-24', size: '256x144', fps: 24, codec: 'h264', audio: false, ext: 'mp4', faststart: false },
  { name: 'hevc-vertical-60-audio', size: '144x256', fps: 60, codec: 'hevc', audio: true, ext: 'mov', faststart: true },
  { name: 'hevc-landscape-30', size: '256x144', fps: 30, codec: 'hevc', audio: false, ext: 'mp4', faststart: false },
  { name: 'h264-mov-24-audio', size: '256x144', fps: 24, codec: 'h264', audio: true, ext: 'mov', faststart: false },
  { name: 'h264-rotated-30', size: '256x144', fps: 30, codec: 'h264', audio: true, ext: 'mp4', rotate: 90, faststart: true },
];

function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

function makeClip(dir: string, clip: Clip): string {
  const out = join(dir, `${clip.name}.${clip.ext}`);
  const inputs = ['-f', 'lavfi', '-i', `testsrc2=size=${clip.size}:rate=${clip.fps}:duration=1`];
  if (clip.audio) inputs.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=1');
  const video =
    clip.codec === 'h264'
      ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-profile:v', 'high']
      : ['-c:v', 'libx265', '-preset', 'ultrafast', '-tag:v', 'hvc1', '-x265-params', 'log-level=error'];
  const audio = clip.audio ? ['-c:a', 'aac', '-b:a', '64k'] : [];
  const faststart = clip.faststart ? ['-movflags', '+faststart'] : [];
  if (!clip.rotate) {
    ffmpeg([...inputs, ...video, '-pix_fmt', 'yuv420p', ...audio, ...faststart, '-shortest', out]);
    return out;
  }
  // As a phone records it: the rotation is a tag on the stream, set without re-encoding.
  const upright = join(dir, `${clip.name}-upright.${clip.ext}`);
  ffmpeg([...inputs, ...video, '-pix_fmt', 'yuv420p', ...audio, '-shortest', upright]);
  ffmpeg(['-i', upright, '-c', 'copy', '-metadata:s:v:0', `rotate=${clip.rotate}`, ...faststart, out]);
  return out;
}

interface FfStream {
  codec_type: string;
  codec_name: string;
  profile?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  sample_rate?: string;
  tags?: { rotate?: string };
  side_data_list?: { rotation?: number }[];
}

function ffprobe(path: string): { format: { duration: string; format_name: string }; streams: FfStream[] } {
  return JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', path], { encoding: 'utf8' }));
}

const ratio = (r: string) => {
  const [n, d] = r.split('/').map(Number);
  return n! / d!;
};

describe('probe agrees with ffprobe', () => {
  let dir: string;
  const files = new Map<string, string>();

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mwr-probe-'));
    for (const clip of clips) files.set(clip.name, makeClip(dir, clip));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(clips)('reads $name like ffprobe does', async (clip) => {
    const path = files.get(clip.name)!;
    const expected = ffprobe(path);
    const video = expected.streams.find((s) => s.codec_type === 'video')!;
    const audio = expected.streams.find((s) => s.codec_type === 'audio');
    const probe = await probeFile(path);

    expect(Math.abs(probe.durationMs - Number(expected.format.duration) * 1000)).toBeLessThanOrEqual(50);
    expect({ width: probe.width, height: probe.height }).toEqual({ width: video.width, height: video.height });
    expect(probe.videoCodec).toBe(video.codec_name);
    expect(probe.videoProfile).toBe(video.profile);
    expect(probe.fps).toBeCloseTo(ratio(video.avg_frame_rate!), 2);
    expect(probe.fps).toBe(clip.fps);
    expect(probe.audioCodec).toBe(audio?.codec_name ?? null);
    expect(probe.audioSampleRate).toBe(audio ? Number(audio.sample_rate) : null);
    expect(probe.audioProfile).toBe(audio?.profile ?? null);
    expect(probe.container).toBe(clip.ext);
    expect(expected.format.format_name).toContain(clip.ext);
    expect(probe.faststart).toBe(clip.faststart);
    const ffRotation = video.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? 0;
    expect(probe.rotation).toBe(clip.rotate ?? 0);
    expect([probe.rotation, (360 - probe.rotation) % 360]).toContain(((ffRotation % 360) + 360) % 360);
    expect(probe.bitrate).toBeGreaterThan(0);
    expect(probe.bytes).toBeGreaterThan(0);
  });

  it('refuses a file that is not a video', async () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'Just some notes about the launch, not a video at all.\n'.repeat(20));
    await expect(probeFile(path)).rejects.toMatchObject({ reason: 'not_video' });
  });

  it('refuses an empty file', async () => {
    const path = join(dir, 'empty.mp4');
    writeFileSync(path, '');
    await expect(probeFile(path)).rejects.toBeInstanceOf(ProbeError);
  });

  it('refuses a truncated MP4, with the index first or last', async () => {
    for (const name of ['h264-vertical-30-audio', 'h264-landscape-24']) {
      const whole = execFileSync('cat', [files.get(name)!]);
      const path = join(dir, `truncated-${name}.mp4`);
      writeFileSync(path, whole.subarray(0, Math.floor(whole.length * 0.6)));
      await expect(probeFile(path)).rejects.toMatchObject({ reason: 'truncated' });
    }
  });
});
