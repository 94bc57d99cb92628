/**
 * TikTok's post options: what the composer offers (the registry schema the API validates and the
 * SPA renders) and what the publisher reads (`PublishInput<TikTokPostOptions>`).
 */
import type { ComposerOptionsSchema, ComposerOptionValues } from '../platform.js';

export const TIKTOK_PRIVACY_LEVELS = ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'FOLLOWER_OF_CREATOR', 'SELF_ONLY'] as const;
export type TikTokPrivacyLevel = (typeof TIKTOK_PRIVACY_LEVELS)[number];

export const TIKTOK_COMPOSER_OPTIONS = {
  fields: {
    privacyLevel: {
      type: 'enum',
      label: 'Who can view',
      labelKey: 'composer.tiktok.privacy',
      values: TIKTOK_PRIVACY_LEVELS,
      capability: { name: 'privacyLevelOptions', effect: 'allowed_values' },
      valueLabelKeyPrefix: 'composer.tiktok.privacyLevels',
      // A re-post is unattended Direct Post: who can view it is chosen up front (docs/platform-apis.md §1.3).
      unattended: {
        labelKey: 'botControl.reposter.privacyOf',
        placeholderKey: 'composer.tiktok.choosePrivacy',
        problemKey: 'botControl.reposter.problems.privacyLevel',
      },
    },
    disableComment: {
      type: 'boolean',
      label: 'Turn comments off',
      labelKey: 'composer.options.disableComment',
      capability: { name: 'commentDisabled', effect: 'forces_true' },
    },
    disableDuet: {
      type: 'boolean',
      label: 'Turn duets off',
      labelKey: 'composer.options.disableDuet',
      capability: { name: 'duetDisabled', effect: 'forces_true' },
    },
    disableStitch: {
      type: 'boolean',
      label: 'Turn stitches off',
      labelKey: 'composer.options.disableStitch',
      capability: { name: 'stitchDisabled', effect: 'forces_true' },
    },
    brandContentToggle: { type: 'boolean', label: 'Paid partnership for a third party', labelKey: 'composer.tiktok.brandedContent', default: false },
    brandOrganicToggle: { type: 'boolean', label: 'Promotes your own business', labelKey: 'composer.tiktok.yourBrand' },
    isAigc: { type: 'boolean', label: 'AI-generated content', labelKey: 'composer.options.isAigc', hidden: true, aiDisclosure: true },
    videoCoverTimestampMs: { type: 'integer', label: 'Cover frame', labelKey: 'composer.options.coverFrame', min: 0, unit: 'ms', hidden: true },
  },
  rules: [
    {
      if: { field: 'brandContentToggle', equals: true },
      then: { field: 'privacyLevel', notIn: ['SELF_ONLY'] },
      message: 'TikTok: branded content cannot be private (SELF_ONLY)',
    },
  ],
} as const satisfies ComposerOptionsSchema;

/** A TikTok target's stored options (validated against TIKTOK_COMPOSER_OPTIONS). */
export type TikTokComposerOptions = ComposerOptionValues<typeof TIKTOK_COMPOSER_OPTIONS>;

/** What the TikTok publisher reads: the composer's options, the privacy level settled, and how the bytes go. */
export interface TikTokPostOptions extends Omit<TikTokComposerOptions, 'privacyLevel'> {
  privacyLevel: TikTokPrivacyLevel;
  /** Paid partnership for a third party; always sent (false by default) as the reference marks it required. */
  brandContentToggle?: boolean;
  /** FILE_UPLOAD (default) or PULL_FROM_URL (needs media.publicUrl on a verified prefix). */
  source?: 'FILE_UPLOAD' | 'PULL_FROM_URL';
  /** Preferred FILE_UPLOAD chunk size; the §1.4 planner clamps it. */
  preferredChunkSize?: number;
}
