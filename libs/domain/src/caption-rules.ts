import type { Platform } from './platform.js';

export interface CaptionFinding {
  platform: Platform;
  code: 'caption_too_long' | 'too_many_hashtags' | 'too_many_mentions' | 'title_required';
  message: string;
  limit: number;
  actual: number;
}

// A hashtag or mention is the sign followed by letters, digits or underscores (any script).
const HASHTAG = /(?<![\p{L}\p{N}_&/#])#([\p{L}\p{N}_]+)/gu;
const MENTION = /(^|[^\p{L}\p{N}_])@([A-Za-z0-9._]+)/gu;

export const countHashtags = (text: string): number => [...text.matchAll(HASHTAG)].length;
export const countMentions = (text: string): number => [...text.matchAll(MENTION)].length;

const PLATFORM_NAME: Record<Platform, string> = { tiktok: 'TikTok', instagram: 'Instagram', youtube: 'YouTube', x: 'X' };

/**
 * Caption limits from platform-apis.md: TikTok counts UTF-16 code units (2,200); Instagram counts
 * characters (2,200), hashtags (30) and @mentions (20); YouTube Shorts titles ≤ 100 characters;
 * X posts ≤ 280 characters.
 */
export function checkCaption(platform: Platform, caption: string): CaptionFinding[] {
  const name = PLATFORM_NAME[platform];
  const findings: CaptionFinding[] = [];
  const add = (code: CaptionFinding['code'], what: string, actual: number, limit: number) => {
    if (actual > limit) findings.push({ platform, code, message: `${name}: ${actual} ${what}, the limit is ${limit}`, limit, actual });
  };
  const characters = [...caption].length;
  switch (platform) {
    case 'tiktok':
      add('caption_too_long', 'UTF-16 units in the caption', caption.length, 2200);
      break;
    case 'instagram':
      add('caption_too_long', 'characters in the caption', characters, 2200);
      add('too_many_hashtags', 'hashtags', countHashtags(caption), 30);
      add('too_many_mentions', '@mentions', countMentions(caption), 20);
      break;
    case 'youtube':
      add('caption_too_long', 'characters in the title', characters, 100);
      break;
    case 'x':
      add('caption_too_long', 'characters in the post', characters, 280);
      break;
  }
  return findings;
}

/** The caption as posted: the text, a blank line, then the hashtags (stored without their #). */
export function composeCaption(caption: string, hashtags: readonly string[]): string {
  const text = caption.trim();
  const tags = hashtags.map((h) => `#${h}`).join(' ');
  if (!tags) return text;
  return text ? `${text}\n\n${tags}` : tags;
}

/** What one target may change about the item's caption: its own text and/or its own hashtags. */
export interface CaptionOverride {
  caption?: string;
  hashtags?: readonly string[];
}

/** The override kept in a target's options (`caption`, `hashtags`), ignoring anything malformed. */
export function captionOverrideOf(options: Readonly<Record<string, unknown>>): CaptionOverride {
  const override: CaptionOverride = {};
  if (typeof options.caption === 'string') override.caption = options.caption;
  if (Array.isArray(options.hashtags)) override.hashtags = options.hashtags.filter((tag): tag is string => typeof tag === 'string');
  return override;
}

export const hasCaptionOverride = (override: CaptionOverride): boolean => override.caption !== undefined || override.hashtags !== undefined;

/**
 * The caption one account posts: the item's text and hashtags, each replaced by the target's own
 * when it has one (an empty override text means "no text on this platform").
 */
export function effectiveCaption(item: { caption: string; hashtags: readonly string[] }, override: CaptionOverride = {}): string {
  return composeCaption(override.caption ?? item.caption, override.hashtags ?? item.hashtags);
}
