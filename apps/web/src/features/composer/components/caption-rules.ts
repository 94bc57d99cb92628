/**
 * Caption limits per platform, counted the way each platform counts:
 * - TikTok: the caption's length in UTF-16 code units (what its API measures), at most 2,200;
 * - Instagram: characters (code points) at most 2,200, at most 5 #hashtags (since the 2025-12 change, platform-apis.md §11) and 20 @mentions.
 */
export const TIKTOK_CAPTION_MAX = 2200;
export const INSTAGRAM_CAPTION_MAX = 2200;
export const INSTAGRAM_HASHTAGS_MAX = 5;
export const INSTAGRAM_MENTIONS_MAX = 20;

export interface Counter {
  /** i18n key suffix under composer.counters. */
  kind: 'tiktokLength' | 'instagramLength' | 'instagramHashtags' | 'instagramMentions';
  value: number;
  max: number;
}

const HASHTAG = /(?:^|[^\p{L}\p{N}_&])#[\p{L}\p{N}_]+/gu;
const MENTION = /(?:^|[^\p{L}\p{N}_.])@[\p{L}\p{N}_.]+/gu;

export function utf16Length(text: string): number {
  return text.length;
}

export function characterCount(text: string): number {
  return [...text].length;
}

export function countHashtags(text: string): number {
  return [...text.matchAll(HASHTAG)].length;
}

export function countMentions(text: string): number {
  return [...text.matchAll(MENTION)].length;
}

/** The counters that matter for the chosen platforms, in display order. */
export function captionCounters(caption: string, platforms: ReadonlySet<string>): Counter[] {
  const counters: Counter[] = [];
  if (platforms.has('tiktok')) counters.push({ kind: 'tiktokLength', value: utf16Length(caption), max: TIKTOK_CAPTION_MAX });
  if (platforms.has('instagram')) {
    counters.push(
      { kind: 'instagramLength', value: characterCount(caption), max: INSTAGRAM_CAPTION_MAX },
      { kind: 'instagramHashtags', value: countHashtags(caption), max: INSTAGRAM_HASHTAGS_MAX },
      { kind: 'instagramMentions', value: countMentions(caption), max: INSTAGRAM_MENTIONS_MAX },
    );
  }
  return counters;
}

export function isOver(counter: Counter): boolean {
  return counter.value > counter.max;
}
