/**
 * Instagram's post options: what the composer offers (the registry schema the API validates and
 * the SPA renders) and what the publisher reads (`PublishInput<InstagramPostOptions>`).
 */
import type { ComposerOptionsSchema, ComposerOptionValues } from '../platform.js';

export const INSTAGRAM_COMPOSER_OPTIONS = {
  fields: {
    shareToFeed: { type: 'boolean', label: 'Also show in Feed', labelKey: 'composer.instagram.shareToFeed', default: true },
    thumbOffsetMs: { type: 'integer', label: 'Cover frame', labelKey: 'composer.options.coverFrame', min: 0, unit: 'ms', hidden: true },
    coverUrl: { type: 'url', label: 'Cover image URL', labelKey: 'composer.options.coverUrl', protocols: ['https'], hidden: true },
    collaborators: {
      type: 'list',
      label: 'Collaborators',
      labelKey: 'composer.options.collaborators',
      hidden: true,
      maxItems: 3,
      unique: true,
      itemPattern: '^[A-Za-z0-9._]{1,30}$',
      itemMessage: 'each collaborator must be a username without @',
    },
    /**
     * The Reel's audio, named (`audio_name`, platform-apis.md §3): what our own results group
     * posts by. The limit is undocumented; one line, kept short.
     */
    audioName: {
      type: 'text',
      label: 'Audio name',
      labelKey: 'composer.instagram.audioName',
      maxLength: 100,
      itemPattern: '^[^\\n]*\\S[^\\n]*$',
      itemMessage: 'Instagram: the audio name is one line and cannot be blank',
    },
    /**
     * A trial Reel (`trial_params`, platform-apis.md §3): shown to non-followers first; MANUAL
     * graduates from the Instagram app only, SS_PERFORMANCE when it does well with non-followers.
     * Set by caption experiments; an account without trial Reels answers 2207081.
     */
    trialGraduation: {
      type: 'enum',
      label: 'Trial Reel (non-followers first)',
      labelKey: 'experiments.trialGraduation',
      values: ['MANUAL', 'SS_PERFORMANCE'],
      hidden: true,
    },
  },
  rules: [],
} as const satisfies ComposerOptionsSchema;

/** An Instagram target's stored options (validated against INSTAGRAM_COMPOSER_OPTIONS). */
export type InstagramComposerOptions = ComposerOptionValues<typeof INSTAGRAM_COMPOSER_OPTIONS>;

/** What the Instagram publisher reads: the composer's options and the account the Reel goes to. */
export interface InstagramPostOptions extends InstagramComposerOptions {
  /** IG user id the Reel is published to. */
  igUserId: string;
  /** Up to 3 usernames, without a leading '@'. */
  collaborators?: string[];
  locationId?: string;
}
