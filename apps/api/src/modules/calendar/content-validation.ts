import { captionOverrideOf, checkCaption, checkScheduledAt, effectiveCaption, hasCaptionOverride, type Platform } from '@mwr/domain';
import type { FieldError } from '../../common/validation/validation.pipe.js';
import type { SocialAccount } from '../accounts/accounts.repository.js';
import { INSTAGRAM_OPTION_KEYS, TIKTOK_OPTION_KEYS, type TargetOptionsDto } from './dto/content-item.dto.js';

const OPTION_PLATFORM: Record<string, Platform> = {
  ...Object.fromEntries(TIKTOK_OPTION_KEYS.map((k) => [k, 'tiktok'])),
  ...Object.fromEntries(INSTAGRAM_OPTION_KEYS.map((k) => [k, 'instagram'])),
};
const PLATFORM_NAME: Record<Platform, string> = { tiktok: 'TikTok', instagram: 'Instagram', youtube: 'YouTube', x: 'X' };

export interface ContentDraft {
  caption: string;
  hashtags: string[];
  scheduledAt: Date | null;
  status: 'draft' | 'scheduled' | string;
  targets: { accountId: string; options: TargetOptionsDto }[];
}

function fieldErrorList() {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => {
    const existing = errors.find((e) => e.field === field);
    if (existing) existing.messages.push(message);
    else errors.push({ field, messages: [message] });
  };
  return { errors, add };
}

/**
 * What makes the request itself wrong, found before anything is stored, per field:
 * "targets[1].options.privacyLevel", "scheduledAt". Captions are `validateCaptions`' concern.
 */
export function validateContent(draft: ContentDraft, accounts: Map<string, SocialAccount>, now: Date, checkSchedule: boolean): FieldError[] {
  const { errors, add } = fieldErrorList();

  const seen = new Set<string>();
  draft.targets.forEach((target, i) => {
    const account = accounts.get(target.accountId);
    if (seen.has(target.accountId)) add(`targets[${i}].accountId`, 'this account is targeted twice');
    seen.add(target.accountId);
    if (!account) return add(`targets[${i}].accountId`, 'no such account in this workspace');
    if (account.status === 'disabled') add(`targets[${i}].accountId`, `${PLATFORM_NAME[account.platform]} account @${account.handle} is disabled`);
    for (const [key, value] of Object.entries(target.options)) {
      const platform = OPTION_PLATFORM[key];
      if (value !== undefined && platform && platform !== account.platform) {
        add(`targets[${i}].options.${key}`, `${key} applies to ${PLATFORM_NAME[platform]} accounts only`);
      }
    }
    if (account.platform === 'tiktok' && target.options.brandContentToggle && target.options.privacyLevel === 'SELF_ONLY') {
      add(`targets[${i}].options.privacyLevel`, 'TikTok: branded content cannot be private (SELF_ONLY)');
    }
  });

  if (draft.status === 'scheduled') {
    if (!draft.scheduledAt) add('scheduledAt', 'scheduledAt is required to schedule an item');
    if (draft.targets.length === 0) add('targets', 'pick at least one account to schedule an item');
  }
  if (checkSchedule && draft.scheduledAt) {
    const platforms = [...new Set([...accounts.values()].map((a) => a.platform))];
    for (const finding of checkScheduledAt(draft.scheduledAt, now, platforms)) add('scheduledAt', finding.message);
  }

  return errors;
}

/**
 * The caption each platform would get (the item's, or the target's override), against that
 * platform's rules: "Instagram: 31 hashtags, the limit is 30". The item's own caption is reported
 * on `caption`, once per platform that uses it; an override on `targets[i].options.caption`
 * (or `.hashtags` when only the hashtags are overridden).
 */
export function validateCaptions(draft: Pick<ContentDraft, 'caption' | 'hashtags' | 'targets'>, accounts: Map<string, SocialAccount>): FieldError[] {
  const { errors, add } = fieldErrorList();
  const sharedPlatforms = new Set<Platform>();
  draft.targets.forEach((target, i) => {
    const platform = accounts.get(target.accountId)?.platform;
    if (!platform) return;
    const override = captionOverrideOf(target.options as Record<string, unknown>);
    if (!hasCaptionOverride(override)) {
      sharedPlatforms.add(platform);
      return;
    }
    const field = `targets[${i}].options.${override.caption !== undefined ? 'caption' : 'hashtags'}`;
    for (const finding of checkCaption(platform, effectiveCaption(draft, override))) add(field, finding.message);
  });
  const shared = effectiveCaption(draft);
  for (const platform of sharedPlatforms) {
    for (const finding of checkCaption(platform, shared)) add('caption', finding.message);
  }
  return errors;
}

/** A TikTok option the creator does not allow, with what it does allow (as the composer shows it). */
export interface TikTokOptionProblem {
  field: string;
  messages: string[];
  /** The values this creator accepts for the field. */
  allowed: (string | boolean)[];
}

const INTERACTIONS = [
  ['disableComment', 'commentDisabled', 'comments'],
  ['disableDuet', 'duetDisabled', 'duets'],
  ['disableStitch', 'stitchDisabled', 'stitches'],
] as const;

/**
 * TikTok options against the account's last creator_info (kept as its capabilities at connect,
 * refresh and test): a privacy level it does not offer, or an interaction it turned off. An account
 * with no creator_info stored yet is not judged here: the job's creator_info step checks it before
 * anything is sent. (The creator's maximum duration is the video quality gate's, at scheduling.)
 */
export function validateTikTokOptions(targets: ContentDraft['targets'], accounts: Map<string, SocialAccount>): TikTokOptionProblem[] {
  const problems: TikTokOptionProblem[] = [];
  targets.forEach((target, i) => {
    const account = accounts.get(target.accountId);
    if (account?.platform !== 'tiktok') return;
    const caps = account.capabilities;
    const offered = Array.isArray(caps.privacyLevelOptions) ? caps.privacyLevelOptions.filter((o): o is string => typeof o === 'string') : [];
    const privacy = target.options.privacyLevel;
    if (privacy !== undefined && offered.length > 0 && !offered.includes(privacy)) {
      problems.push({
        field: `targets[${i}].options.privacyLevel`,
        messages: [`TikTok: @${account.handle} does not allow ${privacy}; choose one of ${offered.join(', ')}`],
        allowed: offered,
      });
    }
    for (const [option, flag, what] of INTERACTIONS) {
      if (caps[flag] === true && target.options[option] === false) {
        problems.push({ field: `targets[${i}].options.${option}`, messages: [`TikTok: @${account.handle} has turned ${what} off; ${option} must be true`], allowed: [true] });
      }
    }
  });
  return problems;
}
