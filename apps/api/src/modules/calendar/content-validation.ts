import { captionOverrideOf, checkCaption, checkScheduledAt, effectiveCaption, hasCaptionOverride, type Platform } from '@mwr/domain';
import { findPlatformDescriptor, optionOwner, validateComposerOptions } from '@mwr/publishers';

import type { FieldError } from '../../common/validation/validation.pipe.js';
import type { SocialAccount } from '../accounts/accounts.types.js';
import type { TargetOptionsDto } from './dto/content-item.dto.js';

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
    // Each option belongs to the platform whose registry descriptor declares it (caption and
    // hashtags to every platform); the account's own options are checked against its schema.
    for (const [key, value] of Object.entries(target.options)) {
      const owner = optionOwner(key);
      if (value !== undefined && owner && owner.id !== account.platform) {
        add(`targets[${i}].options.${key}`, `${key} applies to ${owner.displayName} accounts only`);
      }
    }
    const schema = findPlatformDescriptor(account.platform)?.composer.options;
    if (schema)
      for (const problem of validateComposerOptions(schema, target.options as Record<string, unknown>))
        add(`targets[${i}].options.${problem.field}`, problem.message);
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

/** An option the target account itself does not allow (e.g. a TikTok creator's), with what it does allow (as the composer shows it). */
export interface AccountOptionProblem {
  field: string;
  messages: string[];
  /** The values this account accepts for the field. */
  allowed: (string | boolean)[];
}

/**
 * Options against what each account allows, as its platform's registry descriptor judges from
 * the account's stored capabilities (TikTok: the last creator_info, kept at connect, refresh and
 * test — a privacy level it does not offer, an interaction it turned off). An account with
 * nothing stored is not judged here: the job's own check runs before anything is sent.
 */
export function validateAccountOptions(targets: ContentDraft['targets'], accounts: Map<string, SocialAccount>): AccountOptionProblem[] {
  const problems: AccountOptionProblem[] = [];
  targets.forEach((target, i) => {
    const account = accounts.get(target.accountId);
    const check = account && findPlatformDescriptor(account.platform)?.composer.checkAccount;
    if (!account || !check) return;
    for (const p of check(target.options as Record<string, unknown>, account.capabilities, account.handle)) {
      problems.push({ field: `targets[${i}].options.${p.option}`, messages: [p.message], allowed: p.allowed });
    }
  });
  return problems;
}
