import { PLATFORM_DISPLAY_NAMES, type Platform } from './platform.js';

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

export const CAPTION_COUNTINGS = ['utf16_units', 'characters', 'x_weighted'] as const;
export type CaptionCounting = (typeof CAPTION_COUNTINGS)[number];

/** One platform's caption limits: the length and how it is counted, and the hashtag/mention caps. */
export interface CaptionLimits {
  maxLength: number;
  /**
   * UTF-16 code units (what JS `length` counts), characters (code points), or X's weighted count
   * (`x_weighted`: URLs as 23, CJK and emoji as 2, counted by twitter-text in `@mwr/domain/x-text`).
   */
  counting: CaptionCounting;
  /** What the text is called in messages: "caption", "title", "post". */
  noun: string;
  maxHashtags?: number;
  maxMentions?: number;
}

/**
 * Caption limits from platform-apis.md: TikTok counts UTF-16 code units (2,200); Instagram counts
 * characters (2,200), hashtags (5 since the 2025-12 change, §11) and @mentions (20); YouTube
 * descriptions ≤ 5,000 (bytes, docs/youtube-contract.md); X posts ≤ 280 weighted characters
 * (issue #23, counted by twitter-text).
 */
export const CAPTION_LIMITS: Readonly<Record<Platform, CaptionLimits>> = {
  tiktok: { maxLength: 2200, counting: 'utf16_units', noun: 'caption' },
  instagram: { maxLength: 2200, counting: 'characters', noun: 'caption', maxHashtags: 5, maxMentions: 20 },
  // The caption is the video's description (5,000 bytes, checked by the publisher); the title is a composer option.
  youtube: { maxLength: 5000, counting: 'characters', noun: 'description' },
  x: { maxLength: 280, counting: 'x_weighted', noun: 'post' },
};

const COUNTED_AS: Record<CaptionCounting, string> = { utf16_units: 'UTF-16 units', characters: 'characters', x_weighted: 'weighted characters' };

/**
 * The caption's findings for one platform. X's weighted count needs twitter-text, which this entry
 * does not load (the SPA's first screen): pass `xWeightedLength` from `@mwr/domain/x-text`, or use
 * that entry's `checkCaption`. Without it an X caption is counted in characters (a rough figure).
 */
export function checkCaption(platform: Platform, caption: string, weightedLength?: (text: string) => number): CaptionFinding[] {
  const name = PLATFORM_DISPLAY_NAMES[platform];
  const rules = CAPTION_LIMITS[platform];
  const findings: CaptionFinding[] = [];
  const add = (code: CaptionFinding['code'], what: string, actual: number, limit: number | undefined) => {
    if (limit !== undefined && actual > limit) findings.push({ platform, code, message: `${name}: ${actual} ${what}, the limit is ${limit}`, limit, actual });
  };
  const counting = rules.counting === 'x_weighted' && !weightedLength ? 'characters' : rules.counting;
  const length = counting === 'utf16_units' ? caption.length : counting === 'x_weighted' ? weightedLength!(caption) : [...caption].length;
  add('caption_too_long', `${COUNTED_AS[counting]} in the ${rules.noun}`, length, rules.maxLength);
  if (rules.maxHashtags !== undefined) add('too_many_hashtags', 'hashtags', countHashtags(caption), rules.maxHashtags);
  if (rules.maxMentions !== undefined) add('too_many_mentions', '@mentions', countMentions(caption), rules.maxMentions);
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
