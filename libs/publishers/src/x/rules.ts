/**
 * X's text and video rules (docs/platform-apis.md §10; issue #23): 280 weighted characters
 * counted by twitter-text (`@mwr/domain/x-text`, the count the API and the SPA share); video
 * 0.5–140 s, ≤ 512 MB (`amplify_video`), ≤ 60 fps, AAC audio, aspect 1:3–3:1 — quality gates the
 * composer, the publisher's validate and the descriptor's media rules share.
 */
import type { checkMediaQuality, QualityFinding } from '@mwr/domain';
import { checkCaption, X_MAX_WEIGHTED_LENGTH, xWeightedLength } from '@mwr/domain/x-text';

import type { Finding, MediaDescriptor } from '../contract.js';

export const X_MIN_DURATION_SEC = 0.5;
export const X_MAX_DURATION_SEC = 140;
export const X_MAX_BYTES = 512 * 1024 * 1024;
export const X_MAX_FPS = 60;
export const X_MIN_ASPECT = 1 / 3;
export const X_MAX_ASPECT = 3;
export { X_MAX_WEIGHTED_LENGTH };

/** `https://x.com/i/status/{id}`: the post's public link. */
export const xPermalink = (postId: string): string => `https://x.com/i/status/${postId}`;

/** A link in the text: X's pay-per-use plan bills a post with a URL more (the composer says so). */
export const xTextHasLink = (text: string): boolean => /\bhttps?:\/\/\S/i.test(text) || /\b[a-z0-9-]+\.(com|net|org|io|co|fr|ly|app|dev)\b/i.test(text);

export const checkXCaption = (caption: string) => checkCaption('x', caption);

/** The text as X counts it; an empty text is allowed with a video. */
export function checkXText(text: string): Finding[] {
  const length = xWeightedLength(text);
  return length > X_MAX_WEIGHTED_LENGTH
    ? [{ severity: 'error', code: 'caption_too_long', message: `X: ${length} weighted characters, the limit is ${X_MAX_WEIGHTED_LENGTH}.`, field: 'caption' }]
    : [];
}

/** What the publisher can tell from the media descriptor alone (the full probe is the media gate below). */
export function checkXMediaDescriptor(media: MediaDescriptor): Finding[] {
  const findings: Finding[] = [];
  if (!media.mime.startsWith('video/') && media.mime !== 'application/octet-stream')
    findings.push({ severity: 'error', code: 'not_a_video', message: `X video posts take video files, not ${media.mime}.`, field: 'media.mime' });
  if (media.size > X_MAX_BYTES) findings.push({ severity: 'error', code: 'file_too_large', message: 'X takes videos up to 512 MB.', field: 'media.size' });
  if (media.durationSec !== undefined && (media.durationSec < X_MIN_DURATION_SEC || media.durationSec > X_MAX_DURATION_SEC))
    findings.push({ severity: 'error', code: 'duration_out_of_range', message: 'X takes videos of 0.5 to 140 seconds.', field: 'media.durationSec' });
  if (media.width && media.height) {
    const aspect = media.width / media.height;
    if (aspect < X_MIN_ASPECT || aspect > X_MAX_ASPECT)
      findings.push({ severity: 'error', code: 'aspect_out_of_range', message: 'X takes videos between 1:3 and 3:1.', field: 'media' });
  }
  return findings;
}

type Probe = Parameters<typeof checkMediaQuality>[0];

const finding = (code: string, en: string, fr: string, limit: number | string, actual: number | string): QualityFinding => ({
  platform: 'x',
  severity: 'error',
  code,
  message: { en, fr },
  limit,
  actual,
});

/** X's media gate over a probed file: every rule is one X refuses the video for. */
export function checkXMedia(probe: Probe): QualityFinding[] {
  const out: QualityFinding[] = [];
  const durationSec = probe.durationMs / 1000;
  if (durationSec < X_MIN_DURATION_SEC)
    out.push(
      finding(
        'duration_too_short',
        'X takes videos of at least 0.5 seconds.',
        'X accepte des vidéos de 0,5 seconde au moins.',
        X_MIN_DURATION_SEC,
        durationSec,
      ),
    );
  if (durationSec > X_MAX_DURATION_SEC)
    out.push(
      finding(
        'duration_too_long',
        'X takes videos up to 140 seconds (2 min 20 s).',
        'X accepte des vidéos de 140 secondes au plus (2 min 20 s).',
        X_MAX_DURATION_SEC,
        Math.round(durationSec),
      ),
    );
  if (probe.bytes > X_MAX_BYTES)
    out.push(finding('file_too_large', 'X takes videos up to 512 MB.', 'X accepte des vidéos de 512 Mo au plus.', X_MAX_BYTES, probe.bytes));
  if (probe.fps !== null && probe.fps > X_MAX_FPS)
    out.push(
      finding(
        'fps_too_high',
        `X takes up to 60 frames per second (this video: ${probe.fps}).`,
        `X accepte 60 images par seconde au plus (cette vidéo : ${probe.fps}).`,
        X_MAX_FPS,
        probe.fps,
      ),
    );
  if (probe.audioCodec !== null && probe.audioCodec !== 'aac')
    out.push(
      finding(
        'audio_codec_unsupported',
        `X needs AAC audio, not ${probe.audioCodec}.`,
        `X exige un son AAC, pas ${probe.audioCodec}.`,
        'aac',
        probe.audioCodec,
      ),
    );
  const sideways = probe.rotation === 90 || probe.rotation === 270;
  const width = sideways ? probe.height : probe.width;
  const height = sideways ? probe.width : probe.height;
  if (width > 0 && height > 0) {
    const aspect = width / height;
    if (aspect < X_MIN_ASPECT || aspect > X_MAX_ASPECT)
      out.push(
        finding(
          'aspect_out_of_range',
          `X takes videos between 1:3 and 3:1 (this video: ${width}×${height}).`,
          `X accepte des vidéos entre 1:3 et 3:1 (cette vidéo : ${width}×${height}).`,
          '1:3–3:1',
          `${width}×${height}`,
        ),
      );
  }
  return out;
}
