import { buildMp4, buildWebm, probeMedia } from '../index.js';

describe('media probe', () => {
  it('reads duration and picture size from a built MP4 (moov/mvhd, trak/tkhd)', () => {
    const probe = probeMedia(buildMp4({ durationSec: 12.5, width: 720, height: 1280 }));
    expect(probe).toEqual({ ok: true, container: 'mp4', durationSec: 12.5, width: 720, height: 1280 });
  });

  it('recognises a QuickTime brand as MOV', () => {
    expect(probeMedia(buildMp4({ brand: 'qt  ' }))).toMatchObject({ ok: true, container: 'mov' });
  });

  it('pads an MP4 to an exact size and stays valid', () => {
    const buf = buildMp4({ totalBytes: 100_000, durationSec: 5 });
    expect(buf.length).toBe(100_000);
    expect(probeMedia(buf)).toMatchObject({ ok: true, durationSec: 5 });
  });

  it('reads a WebM duration from the EBML Segment Info', () => {
    expect(probeMedia(buildWebm({ durationSec: 42 }))).toEqual({ ok: true, container: 'webm', durationSec: 42 });
  });

  it('rejects bytes that are not a container', () => {
    expect(probeMedia(Buffer.from('definitely not a video, just text bytes'))).toMatchObject({ ok: false });
    const truncated = buildMp4().subarray(0, 60);
    expect(probeMedia(truncated).ok).toBe(false);
  });
});
