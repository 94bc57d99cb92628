/**
 * YouTube's post options: what the composer offers (the registry schema the API validates and the
 * SPA renders) and what the publisher reads (`PublishInput<YouTubePostOptions>`, the video
 * resource's fields, docs/youtube-contract.md; the caption is the description).
 */
import type { ComposerOptionsSchema, ComposerOptionValues } from '../platform.js';
import { YOUTUBE_TAGS_MAX_CHARS, YOUTUBE_TITLE_MAX_CHARS } from './rules.js';

export const YOUTUBE_PRIVACY_STATUSES = ['public', 'unlisted', 'private'] as const;
export type YouTubePrivacyStatus = (typeof YOUTUBE_PRIVACY_STATUSES)[number];
/** The made-for-kids declaration is a required choice (COPPA), never a default (docs/youtube-contract.md). */
export const YOUTUBE_MADE_FOR_KIDS = ['not_made_for_kids', 'made_for_kids'] as const;
/** The assignable video categories (videoCategories.list, US); 22 People & Blogs is YouTube's default. */
export const YOUTUBE_CATEGORIES = ['1', '2', '10', '15', '17', '19', '20', '22', '23', '24', '25', '26', '27', '28', '29'] as const;

export const YOUTUBE_COMPOSER_OPTIONS = {
  fields: {
    title: {
      type: 'text',
      label: 'Title',
      labelKey: 'youtube.composer.title',
      maxLength: YOUTUBE_TITLE_MAX_CHARS,
      itemPattern: '^[^<>]*\\S[^<>]*$',
      itemMessage: 'YouTube: the title cannot be blank or contain < or >',
    },
    privacyStatus: { type: 'enum', label: 'Visibility', labelKey: 'youtube.composer.privacyStatus', values: YOUTUBE_PRIVACY_STATUSES },
    selfDeclaredMadeForKids: { type: 'enum', label: 'Made for kids', labelKey: 'youtube.composer.madeForKids', values: YOUTUBE_MADE_FOR_KIDS },
    containsSyntheticMedia: {
      type: 'boolean',
      label: 'Altered or synthetic content',
      labelKey: 'youtube.composer.syntheticMedia',
      default: false,
      aiDisclosure: true,
    },
    notifySubscribers: { type: 'boolean', label: 'Notify subscribers', labelKey: 'youtube.composer.notifySubscribers', default: true },
    categoryId: { type: 'enum', label: 'Category', labelKey: 'youtube.composer.category', values: YOUTUBE_CATEGORIES, hidden: true },
    tags: {
      type: 'list',
      label: 'Tags',
      labelKey: 'youtube.composer.tags',
      hidden: true,
      maxItems: YOUTUBE_TAGS_MAX_CHARS,
      unique: true,
      itemPattern: '^[^<>,]{1,100}$',
      itemMessage: 'each YouTube tag is 1–100 characters without <, > or commas',
    },
  },
  rules: [],
} as const satisfies ComposerOptionsSchema;

/** A YouTube target's stored options (validated against YOUTUBE_COMPOSER_OPTIONS). */
export type YouTubeComposerOptions = ComposerOptionValues<typeof YOUTUBE_COMPOSER_OPTIONS>;

/** What the YouTube publisher reads: the video resource's fields, the title and visibility settled. */
export interface YouTubePostOptions extends Omit<YouTubeComposerOptions, 'title' | 'privacyStatus' | 'selfDeclaredMadeForKids' | 'categoryId'> {
  /** ≤ 100 characters, no < or >. */
  title: string;
  privacyStatus: YouTubePrivacyStatus;
  /** Required choice (COPPA); never defaulted from the channel. */
  selfDeclaredMadeForKids: boolean;
  /** Default true (Google's default). */
  notifySubscribers?: boolean;
  categoryId?: string;
}
