/**
 * X's post options (issue #23): what the composer offers (the registry schema the API validates
 * and the SPA renders, named as `POST /2/tweets` names them) and what the publisher reads
 * (`PublishInput<XPostOptions>`).
 */
import type { ComposerOptionsSchema, ComposerOptionValues } from '../platform.js';

/** Who may reply (`reply_settings`); absent: everyone (X's default). */
export const X_REPLY_SETTINGS = ['everyone', 'following', 'mentionedUsers', 'subscribers', 'verified'] as const;
export type XReplySettings = (typeof X_REPLY_SETTINGS)[number];

export const X_COMPOSER_OPTIONS = {
  fields: {
    reply_settings: { type: 'enum', label: 'Who can reply', labelKey: 'x.composer.replySettings', values: X_REPLY_SETTINGS },
    made_with_ai: { type: 'boolean', label: 'Made with AI', labelKey: 'x.composer.madeWithAi', default: false, aiDisclosure: true },
    paid_partnership: { type: 'boolean', label: 'Paid partnership', labelKey: 'x.composer.paidPartnership', default: false },
  },
  rules: [],
} as const satisfies ComposerOptionsSchema;

/** An X target's stored options (validated against X_COMPOSER_OPTIONS). */
export type XComposerOptions = ComposerOptionValues<typeof X_COMPOSER_OPTIONS>;

/** What the X publisher reads besides the text and the video. */
export interface XPostOptions {
  /** The account's X user id (`GET /2/users/me`), whose recent posts resolve a lost create answer. */
  userId: string;
  replySettings?: XReplySettings;
  /** The video was made or edited with AI (`made_with_ai`). */
  madeWithAi?: boolean;
  /** A paid partnership (`paid_partnership`), disclosed by X as such. */
  paidPartnership?: boolean;
}
