import type { Platform } from '../../../shared/content/accounts';
import type { ContentItem } from '../../../shared/content/content-items';
import type { TargetOptions } from '../api/create-post';

/**
 * Per-platform captions. The composer keeps one shared caption and, per platform, an optional
 * override: the full text that platform gets instead. The API stores an override on each target
 * (`options.caption`), so every account of a platform gets the platform's override.
 */
export type CaptionOverrides = Partial<Record<Platform, string>>;

/** The platforms the composer can customise and preview. */
export const CUSTOMISABLE_PLATFORMS = ['tiktok', 'instagram', 'youtube', 'x'] as const satisfies readonly Platform[];
export type CustomisablePlatform = (typeof CUSTOMISABLE_PLATFORMS)[number];

/** The caption as the API posts it: the text, a blank line, then the hashtags (stored without #). */
export function composeCaption(text: string, hashtags: readonly string[]): string {
  const trimmed = text.trim();
  const tags = hashtags.map((tag) => `#${tag}`).join(' ');
  if (!tags) return trimmed;
  return trimmed ? `${trimmed}\n\n${tags}` : tags;
}

/** What one platform will post: its override when it has one, else the shared caption. */
export function effectiveCaption(shared: string, overrides: CaptionOverrides, platform: Platform): string {
  return (overrides[platform] ?? shared).trim();
}

export function isCustomised(overrides: CaptionOverrides, platform: Platform): boolean {
  return overrides[platform] !== undefined;
}

export function withOverride(overrides: CaptionOverrides, platform: Platform, text: string): CaptionOverrides {
  return { ...overrides, [platform]: text };
}

/** Back to the shared caption: the platform inherits it again, edits included. */
export function withoutOverride(overrides: CaptionOverrides, platform: Platform): CaptionOverrides {
  const next = { ...overrides };
  delete next[platform];
  return next;
}

/**
 * A target's options with the platform's caption override, or without any (reset). The
 * composer writes hashtags into the text, so a stored hashtag override is folded in, not kept.
 */
export function applyCaptionOverride(options: TargetOptions, override: string | undefined): TargetOptions {
  const { caption: _caption, hashtags: _hashtags, ...rest } = options;
  return override === undefined ? rest : { ...rest, caption: override };
}

/**
 * The composer's captions for a saved item. The item's hashtags (and a target's own) are folded
 * into the text with the same layout the API posts, so what each platform gets is unchanged
 * when the item is saved back (with `hashtags: []`).
 */
export function captionsOfItem(item: Pick<ContentItem, 'caption' | 'hashtags' | 'targets'>): { shared: string; overrides: CaptionOverrides } {
  const overrides: CaptionOverrides = {};
  for (const target of item.targets) {
    const { caption, hashtags } = target.options;
    // One override per platform: the first account's wins when two accounts disagree.
    if ((caption === undefined && hashtags === undefined) || overrides[target.platform] !== undefined) continue;
    overrides[target.platform] = composeCaption(caption ?? item.caption, hashtags ?? item.hashtags);
  }
  return { shared: composeCaption(item.caption, item.hashtags), overrides };
}
