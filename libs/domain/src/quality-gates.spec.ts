import type { Platform } from './platform.js';
import { checkMediaQuality, displaySize, hasBlockingFinding, type AccountMediaLimits, type ProbeResult } from './quality-gates.js';

/** A 20 s 1080×1920 H.264/AAC faststart MP4: passes every rule of both platforms. */
const good: ProbeResult = {
  container: 'mp4',
  majorBrand: 'isom',
  durationMs: 20_000,
  width: 1080,
  height: 1920,
  rotation: 0,
  fps: 30,
  videoCodec: 'h264',
  videoProfile: 'High',
  videoBitrate: 8_000_000,
  audioCodec: 'aac',
  audioProfile: 'LC',
  audioSampleRate: 44_100,
  audioChannels: 2,
  bitrate: 8_200_000,
  faststart: true,
  hasEditList: false,
  fragmented: false,
  bytes: 20_000_000,
};

const codes = (platform: Platform, probe: ProbeResult, limits?: AccountMediaLimits) =>
  checkMediaQuality(probe, platform, limits).map((f) => `${f.severity}:${f.code}`);

interface Case {
  platform: Platform;
  rule: string;
  pass: Partial<ProbeResult>;
  fail: Partial<ProbeResult>;
  severity?: 'error' | 'warning';
  limits?: AccountMediaLimits;
}

const cases: Case[] = [
  { platform: 'tiktok', rule: 'container_unsupported', pass: { container: 'mov' }, fail: { container: 'avi' } },
  { platform: 'tiktok', rule: 'video_codec_unsupported', pass: { videoCodec: 'hevc' }, fail: { videoCodec: 'prores' } },
  { platform: 'tiktok', rule: 'frame_rate_out_of_range', pass: { fps: 60 }, fail: { fps: 15 } },
  { platform: 'tiktok', rule: 'frame_rate_out_of_range', pass: { fps: 23 }, fail: { fps: 120 } },
  { platform: 'tiktok', rule: 'dimensions_out_of_range', pass: { width: 360, height: 640 }, fail: { width: 320, height: 568 } },
  { platform: 'tiktok', rule: 'dimensions_out_of_range', pass: { width: 2160, height: 3840 }, fail: { width: 4320, height: 7680 } },
  { platform: 'tiktok', rule: 'file_too_large', pass: { bytes: 4 * 1024 ** 3 }, fail: { bytes: 4 * 1024 ** 3 + 1 } },
  { platform: 'tiktok', rule: 'duration_too_long', pass: { durationMs: 600_000 }, fail: { durationMs: 600_001 }, limits: { maxVideoPostDurationSec: 600 } },
  {
    platform: 'tiktok',
    rule: 'duration_over_creator_limit',
    pass: { durationMs: 300_000 },
    fail: { durationMs: 300_500 },
    limits: { maxVideoPostDurationSec: 300 },
  },
  { platform: 'tiktok', rule: 'duration_may_exceed_creator_limit', pass: { durationMs: 180_000 }, fail: { durationMs: 200_000 }, severity: 'warning' },
  { platform: 'instagram', rule: 'container_unsupported', pass: { container: 'mov' }, fail: { container: 'webm' } },
  { platform: 'instagram', rule: 'not_faststart', pass: { faststart: true }, fail: { faststart: false }, severity: 'warning' },
  { platform: 'instagram', rule: 'edit_list', pass: { hasEditList: false }, fail: { hasEditList: true }, severity: 'warning' },
  { platform: 'instagram', rule: 'video_codec_unsupported', pass: { videoCodec: 'hevc' }, fail: { videoCodec: 'vp9' } },
  {
    platform: 'instagram',
    rule: 'audio_codec_unsupported',
    pass: { audioCodec: null, audioSampleRate: null, audioChannels: null },
    fail: { audioCodec: 'opus' },
  },
  { platform: 'instagram', rule: 'audio_sample_rate_too_high', pass: { audioSampleRate: 48_000 }, fail: { audioSampleRate: 96_000 } },
  { platform: 'instagram', rule: 'audio_channels_unsupported', pass: { audioChannels: 1 }, fail: { audioChannels: 6 } },
  { platform: 'instagram', rule: 'frame_rate_out_of_range', pass: { fps: 59.94 }, fail: { fps: 20 } },
  { platform: 'instagram', rule: 'frame_rate_out_of_range', pass: { fps: 24 }, fail: { fps: null } },
  { platform: 'instagram', rule: 'width_too_large', pass: { width: 1080, height: 1920 }, fail: { width: 2160, height: 3840 } },
  { platform: 'instagram', rule: 'aspect_ratio_out_of_range', pass: { width: 1080, height: 1920 }, fail: { width: 1920, height: 180 } },
  { platform: 'instagram', rule: 'aspect_ratio_not_vertical', pass: { width: 720, height: 1280 }, fail: { width: 1920, height: 1080 }, severity: 'warning' },
  {
    platform: 'instagram',
    rule: 'aspect_ratio_not_vertical',
    pass: { width: 1920, height: 1080, rotation: 90 },
    fail: { width: 1080, height: 1920, rotation: 270 },
    severity: 'warning',
  },
  { platform: 'instagram', rule: 'video_bitrate_too_high', pass: { videoBitrate: 25_000_000 }, fail: { videoBitrate: 40_000_000 } },
  { platform: 'instagram', rule: 'duration_too_short', pass: { durationMs: 3_000 }, fail: { durationMs: 2_900 } },
  { platform: 'instagram', rule: 'duration_too_long', pass: { durationMs: 900_000 }, fail: { durationMs: 900_001 } },
  { platform: 'instagram', rule: 'file_too_large', pass: { bytes: 300 * 1024 * 1024 }, fail: { bytes: 300 * 1024 * 1024 + 1 } },
];

describe('media quality gates', () => {
  it('finds nothing wrong with a vertical 1080p H.264/AAC faststart MP4 on TikTok and Reels', () => {
    expect(codes('tiktok', good)).toEqual([]);
    expect(codes('instagram', good)).toEqual([]);
  });

  it.each(cases)('$platform $rule: passes $pass and flags $fail', ({ platform, rule, pass, fail, severity = 'error', limits }) => {
    expect(codes(platform, { ...good, ...pass }, limits)).not.toContain(`${severity}:${rule}`);
    const findings = checkMediaQuality({ ...good, ...fail }, platform, limits);
    const finding = findings.find((f) => f.code === rule);
    expect(finding).toMatchObject({ platform, severity });
    expect(finding!.message.en.length).toBeGreaterThan(10);
    expect(finding!.message.fr.length).toBeGreaterThan(10);
    expect(finding!.message.fr).not.toEqual(finding!.message.en);
  });

  it('covers every rule it can emit with a case', () => {
    const emitted = new Set(cases.map((c) => `${c.platform}:${c.rule}`));
    expect(emitted.size).toBe(23);
  });

  it('says which limit was broken and by how much', () => {
    const [finding] = checkMediaQuality({ ...good, durationMs: 400_000 }, 'tiktok', { maxVideoPostDurationSec: 300 });
    expect(finding).toMatchObject({ code: 'duration_over_creator_limit', limit: 300, actual: 400 });
  });

  it('blocks only on errors', () => {
    expect(hasBlockingFinding(checkMediaQuality({ ...good, faststart: false }, 'instagram'))).toBe(false);
    expect(hasBlockingFinding(checkMediaQuality({ ...good, fps: 10 }, 'instagram'))).toBe(true);
  });

  it('has no rules yet for YouTube and X', () => {
    expect(checkMediaQuality({ ...good, fps: 5 }, 'youtube')).toEqual([]);
    expect(checkMediaQuality({ ...good, fps: 5 }, 'x')).toEqual([]);
  });

  it('uses the displayed size of rotated videos', () => {
    expect(displaySize({ width: 1920, height: 1080, rotation: 90 })).toEqual({ width: 1080, height: 1920 });
    expect(displaySize({ width: 1920, height: 1080, rotation: 180 })).toEqual({ width: 1920, height: 1080 });
  });
});
