import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { buildMp4 } from '@mwr/platform-sandbox';

import { ProbeError, probeFile } from './probe.js';

// The benchmarks and demos build their videos with the sandbox's MP4 builder on machines without
// ffmpeg: the API's own probe must see a real H.264 track in them.
describe("the sandbox's MP4 builder, read by the API's probe", () => {
  const dir = mkdtempSync(join(tmpdir(), 'mwr-sandbox-mp4-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const probe = async (bytes: Buffer) => {
    const path = join(dir, `${Math.random().toString(36).slice(2)}.mp4`);
    writeFileSync(path, bytes);
    return probeFile(path);
  };

  it('describes a file with a video track: codec, duration, geometry, frame rate, faststart', async () => {
    const result = await probe(buildMp4({ videoTrack: { fps: 25 }, durationSec: 6, width: 720, height: 1280, totalBytes: 300_000 }));
    expect(result).toMatchObject({
      container: 'mp4',
      videoCodec: 'h264',
      durationMs: 6000,
      width: 720,
      height: 1280,
      rotation: 0,
      fps: 25,
      faststart: true,
      bytes: 300_000,
    });
  });

  it('refuses the bare variant, which has a track header but no media', async () => {
    await expect(probe(buildMp4({ durationSec: 6 }))).rejects.toEqual(expect.any(ProbeError));
  });
});
