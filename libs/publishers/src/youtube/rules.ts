/**
 * YouTube's metadata and Shorts rules (docs/youtube-contract.md "Validation", "Shorts"): the
 * composer, the publisher's validate and the descriptor's caption and media rules share them.
 */
import type { CaptionFinding, QualityFinding } from '@mwr/domain';

import type { Finding, MediaDescriptor } from '../contract.js';

export const YOUTUBE_TITLE_MAX_CHARS = 100;
export const YOUTUBE_DESCRIPTION_MAX_BYTES = 5000;
export const YOUTUBE_TAGS_MAX_CHARS = 500;
/** A Short: vertical or square, at most 3 minutes (§6). */
export const YOUTUBE_SHORT_MAX_SEC = 180;
/** YouTube's own cap for unverified channels (15 min) and the 256 GB file cap. */
export const YOUTUBE_MAX_DURATION_SEC = 15 * 60;
export const YOUTUBE_MAX_BYTES = 256 * 1024 * 1024 * 1024;

const ANGLE = /[<>]/;

/** Tags counted as YouTube does: each tag, +2 for one with a space (quoted), +1 per comma between. */
export function youtubeTagsLength(tags: readonly string[]): number {
  return tags.reduce((sum, tag) => sum + [...tag].length + (/\s/.test(tag) ? 2 : 0), 0) + Math.max(0, tags.length - 1);
}

/** The title the composer proposes: the caption's first non-empty line, without < >, cut to 100 characters. */
export function defaultYouTubeTitle(caption: string): string {
  const line = caption.split(/\r?\n/).find((l) => l.trim()) ?? '';
  return [...line.replace(/[<>]/g, '').trim()].slice(0, YOUTUBE_TITLE_MAX_CHARS).join('').trim();
}

export function checkYouTubeMetadata(input: { title: string; description: string; tags: readonly string[] }): Finding[] {
  const findings: Finding[] = [];
  const titleChars = [...input.title].length;
  if (!input.title.trim()) findings.push({ severity: 'error', code: 'title_required', message: 'YouTube needs a title.', field: 'options.title' });
  if (titleChars > YOUTUBE_TITLE_MAX_CHARS)
    findings.push({ severity: 'error', code: 'title_too_long', message: `YouTube titles are at most 100 characters (${titleChars}).`, field: 'options.title' });
  if (ANGLE.test(input.title))
    findings.push({ severity: 'error', code: 'title_angle_brackets', message: 'YouTube titles cannot contain < or >.', field: 'options.title' });
  const bytes = Buffer.byteLength(input.description, 'utf8');
  if (bytes > YOUTUBE_DESCRIPTION_MAX_BYTES)
    findings.push({ severity: 'error', code: 'description_too_long', message: `YouTube descriptions are at most 5,000 bytes (${bytes}).`, field: 'caption' });
  if (ANGLE.test(input.description))
    findings.push({ severity: 'error', code: 'description_angle_brackets', message: 'YouTube descriptions cannot contain < or >.', field: 'caption' });
  const tagChars = youtubeTagsLength(input.tags);
  if (tagChars > YOUTUBE_TAGS_MAX_CHARS)
    findings.push({
      severity: 'error',
      code: 'tags_too_long',
      message: `YouTube tags are at most 500 characters in all (${tagChars}).`,
      field: 'options.tags',
    });
  return findings;
}

/** The caption is the description: its byte limit (the domain's CaptionFinding vocabulary). */
export function checkYouTubeCaption(caption: string): CaptionFinding[] {
  const bytes = Buffer.byteLength(caption, 'utf8');
  return bytes > YOUTUBE_DESCRIPTION_MAX_BYTES
    ? [{ platform: 'youtube', code: 'caption_too_long', message: `YouTube: ${bytes} bytes in the description, the limit is 5000`, limit: 5000, actual: bytes }]
    : [];
}

/** Vertical or square and ≤ 3 minutes; unknown dimensions or duration are taken as meant for Shorts. */
export function isShort(media: Pick<MediaDescriptor, 'width' | 'height' | 'durationSec'>): boolean {
  if (media.durationSec !== undefined && media.durationSec > YOUTUBE_SHORT_MAX_SEC) return false;
  if (media.width !== undefined && media.height !== undefined && media.width > media.height) return false;
  return true;
}

export function youtubePermalink(videoId: string, media: Pick<MediaDescriptor, 'width' | 'height' | 'durationSec'>): string {
  return isShort(media) ? `https://youtube.com/shorts/${videoId}` : `https://www.youtube.com/watch?v=${videoId}`;
}

interface Probe {
  durationMs: number;
  width: number;
  height: number;
  rotation: number;
  bytes: number;
}

/** The media gate: over 15 minutes or 256 GB is refused; not a Short is a warning (YouTube publishes a regular video). */
export function checkYouTubeMedia(probe: Probe): QualityFinding[] {
  const out: QualityFinding[] = [];
  const sideways = probe.rotation === 90 || probe.rotation === 270;
  const width = sideways ? probe.height : probe.width;
  const height = sideways ? probe.width : probe.height;
  const durationSec = probe.durationMs / 1000;
  if (durationSec > YOUTUBE_MAX_DURATION_SEC)
    out.push({
      platform: 'youtube',
      severity: 'error',
      code: 'duration_too_long',
      message: { en: 'YouTube takes videos up to 15 minutes from this channel.', fr: 'YouTube accepte des vidéos de 15 minutes au plus pour cette chaîne.' },
      limit: YOUTUBE_MAX_DURATION_SEC,
      actual: Math.round(durationSec),
    });
  if (probe.bytes > YOUTUBE_MAX_BYTES)
    out.push({
      platform: 'youtube',
      severity: 'error',
      code: 'file_too_large',
      message: { en: 'YouTube takes files up to 256 GB.', fr: 'YouTube accepte des fichiers de 256 Go au plus.' },
      limit: YOUTUBE_MAX_BYTES,
      actual: probe.bytes,
    });
  if (!isShort({ width, height, durationSec }))
    out.push({
      platform: 'youtube',
      severity: 'warning',
      code: 'not_a_short',
      message: {
        en: 'Not a Short (vertical or square, up to 3 minutes): YouTube will publish it as a regular video.',
        fr: 'Ce n’est pas un Short (vertical ou carré, 3 minutes au plus) : YouTube la publiera comme une vidéo classique.',
      },
      limit: YOUTUBE_SHORT_MAX_SEC,
      actual: Math.round(durationSec),
    });
  return out;
}
