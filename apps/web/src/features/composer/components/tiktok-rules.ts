import type { TargetOptions } from '../api/create-post';

/**
 * TikTok's Content Sharing Guidelines for posting through its API, as rules on the composer's
 * TikTok section: built from the creator's `creator_info` (kept on the account as capabilities).
 */
export type PrivacyLevel = NonNullable<TargetOptions['privacyLevel']>;

export const PRIVACY_LEVELS: readonly PrivacyLevel[] = ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'FOLLOWER_OF_CREATOR', 'SELF_ONLY'];

export interface TikTokCapabilities {
  privacyLevelOptions: PrivacyLevel[];
  maxVideoPostDurationSec: number | null;
  commentDisabled: boolean;
  duetDisabled: boolean;
  stitchDisabled: boolean;
}

export function tiktokCapabilities(raw: Record<string, unknown>): TikTokCapabilities {
  const options = Array.isArray(raw.privacyLevelOptions) ? raw.privacyLevelOptions : [];
  return {
    privacyLevelOptions: options.filter((option): option is PrivacyLevel => PRIVACY_LEVELS.includes(option as PrivacyLevel)),
    maxVideoPostDurationSec: typeof raw.maxVideoPostDurationSec === 'number' ? raw.maxVideoPostDurationSec : null,
    commentDisabled: raw.commentDisabled === true,
    duetDisabled: raw.duetDisabled === true,
    stitchDisabled: raw.stitchDisabled === true,
  };
}

export interface TikTokChoices {
  /** No default: the user must pick one. */
  privacyLevel: PrivacyLevel | '';
  allowComment: boolean;
  allowDuet: boolean;
  allowStitch: boolean;
  /** "Disclose video content": off by default. */
  commercial: boolean;
  yourBrand: boolean;
  brandedContent: boolean;
}

/** Where every TikTok section starts: nothing chosen, every interaction unchecked. */
export const INITIAL_TIKTOK_CHOICES: TikTokChoices = {
  privacyLevel: '',
  allowComment: false,
  allowDuet: false,
  allowStitch: false,
  commercial: false,
  yourBrand: false,
  brandedContent: false,
};

export type TikTokProblem = 'privacyRequired' | 'commercialChoiceRequired' | 'brandedNotPrivate' | 'tooLong';

/** Whether a privacy option can be chosen now: branded content cannot be private (SELF_ONLY). */
export function privacyOptionDisabled(level: PrivacyLevel, choices: TikTokChoices): boolean {
  return level === 'SELF_ONLY' && choices.commercial && choices.brandedContent;
}

/** What still blocks scheduling to this creator; empty when it can go. */
export function tiktokProblems(choices: TikTokChoices, capabilities: TikTokCapabilities, videoDurationMs: number | null): TikTokProblem[] {
  const problems: TikTokProblem[] = [];
  if (!choices.privacyLevel) problems.push('privacyRequired');
  if (choices.commercial && !choices.yourBrand && !choices.brandedContent) problems.push('commercialChoiceRequired');
  if (choices.commercial && choices.brandedContent && choices.privacyLevel === 'SELF_ONLY') problems.push('brandedNotPrivate');
  if (videoDurationMs !== null && capabilities.maxVideoPostDurationSec !== null && videoDurationMs / 1000 > capabilities.maxVideoPostDurationSec) {
    problems.push('tooLong');
  }
  return problems;
}

/** The target options sent to the API (interactions the creator disabled stay disabled). */
export function tiktokOptions(choices: TikTokChoices, capabilities: TikTokCapabilities): TargetOptions {
  return {
    ...(choices.privacyLevel ? { privacyLevel: choices.privacyLevel } : {}),
    disableComment: capabilities.commentDisabled || !choices.allowComment,
    disableDuet: capabilities.duetDisabled || !choices.allowDuet,
    disableStitch: capabilities.stitchDisabled || !choices.allowStitch,
    brandOrganicToggle: choices.commercial && choices.yourBrand,
    brandContentToggle: choices.commercial && choices.brandedContent,
  };
}

/**
 * The choices a saved item made, to edit it. Only what was saved comes back: an item saved
 * without a privacy level still has none chosen.
 */
export function tiktokChoicesOf(options: TargetOptions): TikTokChoices {
  return {
    privacyLevel: options.privacyLevel ?? '',
    allowComment: options.disableComment === false,
    allowDuet: options.disableDuet === false,
    allowStitch: options.disableStitch === false,
    commercial: options.brandOrganicToggle === true || options.brandContentToggle === true,
    yourBrand: options.brandOrganicToggle === true,
    brandedContent: options.brandContentToggle === true,
  };
}
