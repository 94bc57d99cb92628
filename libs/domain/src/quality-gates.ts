import type { Platform } from './platform.js';

/** What the probe learns about a video file (apps/api reads it from the MP4/MOV boxes). */
export interface ProbeResult {
  /** mp4 or mov, from the ftyp major brand. */
  container: string;
  majorBrand: string;
  durationMs: number;
  /** Encoded size; the displayed size swaps them when rotation is 90 or 270. */
  width: number;
  height: number;
  /** Clockwise display rotation: 0, 90, 180 or 270. */
  rotation: number;
  fps: number | null;
  /** ffprobe-style names: h264, hevc, vp9, aac… */
  videoCodec: string;
  videoProfile: string | null;
  videoBitrate: number | null;
  audioCodec: string | null;
  audioProfile: string | null;
  audioSampleRate: number | null;
  audioChannels: number | null;
  /** Overall bits per second (file size over duration). */
  bitrate: number | null;
  /** The index (moov) comes before the media data, so playback and platform ingest can start at once. */
  faststart: boolean;
  hasEditList: boolean;
  fragmented: boolean;
  bytes: number;
}

export type GateSeverity = 'error' | 'warning';

export interface LocalizedMessage {
  en: string;
  fr: string;
}

/** `error`: the platform will reject the video. `warning`: it will post but look or play worse. */
export interface QualityFinding {
  platform: Platform;
  severity: GateSeverity;
  code: string;
  message: LocalizedMessage;
  limit?: number | string;
  actual?: number | string;
}

/** What the target account allows beyond the platform-wide rules. */
export interface AccountMediaLimits {
  /** TikTok creator_info `max_video_post_duration_sec`. */
  maxVideoPostDurationSec?: number | null;
}

export const TIKTOK_MEDIA_RULES = {
  containers: ['mp4', 'mov', 'webm'],
  videoCodecs: ['h264', 'hevc', 'vp8', 'vp9'],
  minFps: 23,
  maxFps: 60,
  minSide: 360,
  maxSide: 4096,
  maxBytes: 4 * 1024 ** 3,
  maxDurationSec: 600,
  /** Every creator can post at least this long; longer needs the creator's own limit. */
  guaranteedDurationSec: 180,
} as const;

export const REELS_MEDIA_RULES = {
  containers: ['mp4', 'mov'],
  videoCodecs: ['h264', 'hevc'],
  audioCodecs: ['aac'],
  maxAudioSampleRate: 48_000,
  maxAudioChannels: 2,
  minFps: 23,
  maxFps: 60,
  maxWidth: 1920,
  minAspect: 0.01,
  maxAspect: 10,
  recommendedAspect: 9 / 16,
  maxVideoBitrate: 25_000_000,
  minDurationSec: 3,
  maxDurationSec: 15 * 60,
  /** Sources disagree (1 GB vs 300 MB): cap at the stricter figure. */
  maxBytes: 300 * 1024 * 1024,
} as const;

/** Width and height as shown, after the rotation the player applies. */
export function displaySize(probe: Pick<ProbeResult, 'width' | 'height' | 'rotation'>): { width: number; height: number } {
  return probe.rotation % 180 === 90 ? { width: probe.height, height: probe.width } : { width: probe.width, height: probe.height };
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const sec = (ms: number) => Math.round(ms / 100) / 10;

type Facts = Omit<ProbeResult, 'majorBrand' | 'videoProfile' | 'audioProfile' | 'bitrate' | 'fragmented'> & Partial<ProbeResult>;

function tiktokFindings(p: Facts, limits: AccountMediaLimits): QualityFinding[] {
  const r = TIKTOK_MEDIA_RULES;
  const out: QualityFinding[] = [];
  const add = (severity: GateSeverity, code: string, en: string, fr: string, limit?: number | string, actual?: number | string) =>
    out.push({
      platform: 'tiktok',
      severity,
      code,
      message: { en, fr },
      ...(limit !== undefined ? { limit } : {}),
      ...(actual !== undefined ? { actual } : {}),
    });

  if (!(r.containers as readonly string[]).includes(p.container)) {
    add(
      'error',
      'container_unsupported',
      `TikTok accepts MP4, MOV or WebM, not ${p.container}`,
      `TikTok accepte MP4, MOV ou WebM, pas ${p.container}`,
      r.containers.join(','),
      p.container,
    );
  }
  if (!(r.videoCodecs as readonly string[]).includes(p.videoCodec)) {
    add(
      'error',
      'video_codec_unsupported',
      `TikTok accepts H.264, H.265, VP8 or VP9 video, not ${p.videoCodec}`,
      `TikTok accepte la vidéo H.264, H.265, VP8 ou VP9, pas ${p.videoCodec}`,
      r.videoCodecs.join(','),
      p.videoCodec,
    );
  }
  if (p.fps === null || p.fps < r.minFps || p.fps > r.maxFps) {
    add(
      'error',
      'frame_rate_out_of_range',
      `TikTok needs 23 to 60 frames per second (this video: ${p.fps ?? 'unknown'})`,
      `TikTok exige 23 à 60 images par seconde (cette vidéo : ${p.fps ?? 'inconnu'})`,
      `${r.minFps}-${r.maxFps}`,
      p.fps ?? 'unknown',
    );
  }
  const { width, height } = displaySize(p);
  const shortest = Math.min(width, height);
  const longest = Math.max(width, height);
  if (shortest < r.minSide || longest > r.maxSide) {
    add(
      'error',
      'dimensions_out_of_range',
      `TikTok needs each side between 360 and 4096 px (this video: ${width}×${height})`,
      `TikTok exige des côtés entre 360 et 4096 px (cette vidéo : ${width}×${height})`,
      `${r.minSide}-${r.maxSide}`,
      `${width}x${height}`,
    );
  }
  if (p.bytes > r.maxBytes) {
    add(
      'error',
      'file_too_large',
      `TikTok accepts files up to 4 GB (this one: ${mb(p.bytes)})`,
      `TikTok accepte des fichiers jusqu'à 4 Go (celui-ci : ${mb(p.bytes)})`,
      r.maxBytes,
      p.bytes,
    );
  }
  const creatorMax = limits.maxVideoPostDurationSec ?? undefined;
  const maxSec = Math.min(r.maxDurationSec, creatorMax ?? r.maxDurationSec);
  if (p.durationMs > maxSec * 1000) {
    const code = creatorMax !== undefined && creatorMax < r.maxDurationSec ? 'duration_over_creator_limit' : 'duration_too_long';
    add(
      'error',
      code,
      `This TikTok account can post videos up to ${maxSec} s (this one: ${sec(p.durationMs)} s)`,
      `Ce compte TikTok peut publier des vidéos de ${maxSec} s au plus (celle-ci : ${sec(p.durationMs)} s)`,
      maxSec,
      sec(p.durationMs),
    );
  } else if (creatorMax === undefined && p.durationMs > r.guaranteedDurationSec * 1000) {
    add(
      'warning',
      'duration_may_exceed_creator_limit',
      `Longer than 3 minutes: some TikTok creators cannot post it (${sec(p.durationMs)} s)`,
      `Plus de 3 minutes : certains créateurs TikTok ne peuvent pas la publier (${sec(p.durationMs)} s)`,
      r.guaranteedDurationSec,
      sec(p.durationMs),
    );
  }
  return out;
}

function reelsFindings(p: Facts): QualityFinding[] {
  const r = REELS_MEDIA_RULES;
  const out: QualityFinding[] = [];
  const add = (severity: GateSeverity, code: string, en: string, fr: string, limit?: number | string, actual?: number | string) =>
    out.push({
      platform: 'instagram',
      severity,
      code,
      message: { en, fr },
      ...(limit !== undefined ? { limit } : {}),
      ...(actual !== undefined ? { actual } : {}),
    });

  if (!(r.containers as readonly string[]).includes(p.container)) {
    add(
      'error',
      'container_unsupported',
      `Reels must be MP4 or MOV, not ${p.container}`,
      `Les Reels doivent être en MP4 ou MOV, pas ${p.container}`,
      r.containers.join(','),
      p.container,
    );
  }
  if (!p.faststart) {
    add(
      'warning',
      'not_faststart',
      'The index (moov) is at the end of the file: Instagram wants it at the front, re-export with "fast start"',
      "L'index (moov) est en fin de fichier : Instagram le veut au début, réexportez avec « fast start »",
    );
  }
  if (p.hasEditList) {
    add('warning', 'edit_list', 'The video has edit lists, which Instagram asks to avoid', 'La vidéo contient des listes de montage, à éviter pour Instagram');
  }
  if (!(r.videoCodecs as readonly string[]).includes(p.videoCodec)) {
    add(
      'error',
      'video_codec_unsupported',
      `Reels need H.264 or HEVC video, not ${p.videoCodec}`,
      `Les Reels exigent une vidéo H.264 ou HEVC, pas ${p.videoCodec}`,
      r.videoCodecs.join(','),
      p.videoCodec,
    );
  }
  if (p.audioCodec !== null && !(r.audioCodecs as readonly string[]).includes(p.audioCodec)) {
    add(
      'error',
      'audio_codec_unsupported',
      `Reels need AAC audio, not ${p.audioCodec}`,
      `Les Reels exigent un son AAC, pas ${p.audioCodec}`,
      'aac',
      p.audioCodec,
    );
  }
  if (p.audioSampleRate !== null && p.audioSampleRate > r.maxAudioSampleRate) {
    add(
      'error',
      'audio_sample_rate_too_high',
      `Reels audio must be 48 kHz or less (this video: ${p.audioSampleRate} Hz)`,
      `Le son des Reels doit être à 48 kHz au plus (cette vidéo : ${p.audioSampleRate} Hz)`,
      r.maxAudioSampleRate,
      p.audioSampleRate,
    );
  }
  if (p.audioChannels !== null && p.audioChannels > r.maxAudioChannels) {
    add(
      'error',
      'audio_channels_unsupported',
      `Reels audio must be mono or stereo (this video: ${p.audioChannels} channels)`,
      `Le son des Reels doit être mono ou stéréo (cette vidéo : ${p.audioChannels} canaux)`,
      r.maxAudioChannels,
      p.audioChannels,
    );
  }
  if (p.fps === null || p.fps < r.minFps || p.fps > r.maxFps) {
    add(
      'error',
      'frame_rate_out_of_range',
      `Reels need 23 to 60 frames per second (this video: ${p.fps ?? 'unknown'})`,
      `Les Reels exigent 23 à 60 images par seconde (cette vidéo : ${p.fps ?? 'inconnu'})`,
      `${r.minFps}-${r.maxFps}`,
      p.fps ?? 'unknown',
    );
  }
  const { width, height } = displaySize(p);
  if (width > r.maxWidth) {
    add(
      'error',
      'width_too_large',
      `Reels are at most 1920 px wide (this video: ${width} px)`,
      `Les Reels font 1920 px de large au plus (cette vidéo : ${width} px)`,
      r.maxWidth,
      width,
    );
  }
  const aspect = width / height;
  if (aspect < r.minAspect || aspect > r.maxAspect) {
    add(
      'error',
      'aspect_ratio_out_of_range',
      `Reels need an aspect ratio between 0.01:1 and 10:1 (this video: ${width}×${height})`,
      `Les Reels exigent un format entre 0,01:1 et 10:1 (cette vidéo : ${width}×${height})`,
      `${r.minAspect}-${r.maxAspect}`,
      Math.round(aspect * 1000) / 1000,
    );
  } else if (Math.abs(aspect - r.recommendedAspect) / r.recommendedAspect > 0.05) {
    add(
      'warning',
      'aspect_ratio_not_vertical',
      `Reels are shown 9:16: this ${width}×${height} video will be letterboxed or cropped`,
      `Les Reels s'affichent en 9:16 : cette vidéo ${width}×${height} sera recadrée ou bordée de noir`,
      '9:16',
      `${width}x${height}`,
    );
  }
  if (p.videoBitrate !== null && p.videoBitrate > r.maxVideoBitrate) {
    add(
      'error',
      'video_bitrate_too_high',
      `Reels video bitrate must be 25 Mbps or less (this video: ${Math.round(p.videoBitrate / 100_000) / 10} Mbps)`,
      `Le débit vidéo des Reels doit être de 25 Mb/s au plus (cette vidéo : ${Math.round(p.videoBitrate / 100_000) / 10} Mb/s)`,
      r.maxVideoBitrate,
      p.videoBitrate,
    );
  }
  if (p.durationMs < r.minDurationSec * 1000) {
    add(
      'error',
      'duration_too_short',
      `Reels last at least 3 s (this one: ${sec(p.durationMs)} s)`,
      `Les Reels durent au moins 3 s (celle-ci : ${sec(p.durationMs)} s)`,
      r.minDurationSec,
      sec(p.durationMs),
    );
  }
  if (p.durationMs > r.maxDurationSec * 1000) {
    add(
      'error',
      'duration_too_long',
      `Reels last at most 15 minutes (this one: ${sec(p.durationMs)} s)`,
      `Les Reels durent 15 minutes au plus (celle-ci : ${sec(p.durationMs)} s)`,
      r.maxDurationSec,
      sec(p.durationMs),
    );
  }
  if (p.bytes > r.maxBytes) {
    add(
      'error',
      'file_too_large',
      `Reels files must be 300 MB or less (this one: ${mb(p.bytes)})`,
      `Les fichiers Reels doivent faire 300 Mo au plus (celui-ci : ${mb(p.bytes)})`,
      r.maxBytes,
      p.bytes,
    );
  }
  return out;
}

/**
 * Per-platform checks of a probed video against what each platform documents (platform-apis.md
 * §1.11 TikTok, §3.9 Reels). Platforms without published rules yet (YouTube, X) yield nothing.
 */
export function checkMediaQuality(probe: Facts, platform: Platform, limits: AccountMediaLimits = {}): QualityFinding[] {
  switch (platform) {
    case 'tiktok':
      return tiktokFindings(probe, limits);
    case 'instagram':
      return reelsFindings(probe);
    default:
      return [];
  }
}

export const hasBlockingFinding = (findings: readonly QualityFinding[]) => findings.some((f) => f.severity === 'error');
