import {
  captionOverrideOf,
  checkScheduledAt,
  effectiveCaption,
  hasCaptionOverride,
  MAX_SCHEDULE_AHEAD_DAYS,
  PLATFORM_DISPLAY_NAMES,
  type CaptionFinding,
  type FieldIssueCode,
  type Platform,
  type ScheduleFinding,
} from '@mwr/domain';
// Every platform's caption rules, X's length weighted as X counts it (twitter-text).
import { checkCaption } from '@mwr/domain/x-text';
import { findPlatformDescriptor, optionOwner, validateComposerOptions } from '@mwr/publishers';

import type { ErrorParams } from '../../common/errors/app-exception.js';
import { fieldError, type FieldError, type FieldIssue } from '../../common/validation/validation.pipe.js';
import type { SocialAccount } from '../accounts/accounts.types.js';
import type { TargetOptionsDto } from './dto/content-item.dto.js';

export interface ContentDraft {
  caption: string;
  hashtags: string[];
  scheduledAt: Date | null;
  status: 'draft' | 'scheduled' | string;
  targets: { accountId: string; options: TargetOptionsDto }[];
}

/** Field errors with a code and params per message (a client words them itself: docs in libs/domain api-error-codes.ts). */
function fieldErrorList() {
  const byField = new Map<string, (FieldIssue & { message: string })[]>();
  const add = (field: string, message: string, code: string, params: ErrorParams = {}) => {
    byField.set(field, [...(byField.get(field) ?? []), { code, message, params }]);
  };
  const errors = (): FieldError[] => [...byField].map(([field, issues]) => fieldError(field, issues));
  return { errors, add };
}

const CAPTION_ISSUE_CODES: Record<CaptionFinding['code'], FieldIssueCode> = {
  caption_too_long: 'CAPTION_TOO_LONG',
  too_many_hashtags: 'TOO_MANY_HASHTAGS',
  too_many_mentions: 'TOO_MANY_MENTIONS',
  title_required: 'TITLE_REQUIRED',
};
const SCHEDULE_ISSUE_CODES: Record<ScheduleFinding['code'], FieldIssueCode> = { in_the_past: 'SCHEDULE_IN_PAST', too_far_ahead: 'SCHEDULE_TOO_FAR_AHEAD' };

/**
 * What makes the request itself wrong, found before anything is stored, per field:
 * "targets[1].options.privacyLevel", "scheduledAt". Captions are `validateCaptions`' concern.
 */
export function validateContent(draft: ContentDraft, accounts: Map<string, SocialAccount>, now: Date, checkSchedule: boolean): FieldError[] {
  const { errors, add } = fieldErrorList();

  const seen = new Set<string>();
  draft.targets.forEach((target, i) => {
    const account = accounts.get(target.accountId);
    if (seen.has(target.accountId)) add(`targets[${i}].accountId`, 'this account is targeted twice', 'TARGET_DUPLICATE');
    seen.add(target.accountId);
    if (!account) return add(`targets[${i}].accountId`, 'no such account in this workspace', 'ACCOUNT_NOT_IN_WORKSPACE');
    if (account.status === 'disabled')
      add(`targets[${i}].accountId`, `${PLATFORM_DISPLAY_NAMES[account.platform]} account @${account.handle} is disabled`, 'ACCOUNT_DISABLED', {
        platform: account.platform,
        handle: account.handle,
      });
    // Each option belongs to the platform whose registry descriptor declares it (caption and
    // hashtags to every platform); the account's own options are checked against its schema.
    for (const [key, value] of Object.entries(target.options)) {
      const owner = optionOwner(key);
      if (value !== undefined && owner && owner.id !== account.platform) {
        add(`targets[${i}].options.${key}`, `${key} applies to ${owner.displayName} accounts only`, 'OPTION_WRONG_PLATFORM', {
          option: key,
          platform: owner.id,
        });
      }
    }
    const schema = findPlatformDescriptor(account.platform)?.composer.options;
    if (schema)
      for (const problem of validateComposerOptions(schema, target.options as Record<string, unknown>))
        add(`targets[${i}].options.${problem.field}`, problem.message, 'OPTION_INVALID', { option: problem.field, platform: account.platform });
  });

  if (draft.status === 'scheduled') {
    if (!draft.scheduledAt) add('scheduledAt', 'scheduledAt is required to schedule an item', 'SCHEDULED_AT_REQUIRED');
    if (draft.targets.length === 0) add('targets', 'pick at least one account to schedule an item', 'TARGETS_REQUIRED');
  }
  if (checkSchedule && draft.scheduledAt) {
    const platforms = [...new Set([...accounts.values()].map((a) => a.platform))];
    for (const finding of checkScheduledAt(draft.scheduledAt, now, platforms)) {
      add('scheduledAt', finding.message, SCHEDULE_ISSUE_CODES[finding.code], {
        scheduledAt: draft.scheduledAt.toISOString(),
        maxDaysAhead: MAX_SCHEDULE_AHEAD_DAYS,
        platforms,
      });
    }
  }

  return errors();
}

const captionIssue = (finding: CaptionFinding): [string, ErrorParams] => [
  CAPTION_ISSUE_CODES[finding.code],
  { platform: finding.platform, limit: finding.limit, actual: finding.actual },
];

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
    for (const finding of checkCaption(platform, effectiveCaption(draft, override))) add(field, finding.message, ...captionIssue(finding));
  });
  const shared = effectiveCaption(draft);
  for (const platform of sharedPlatforms) {
    for (const finding of checkCaption(platform, shared)) add('caption', finding.message, ...captionIssue(finding));
  }
  return errors();
}

/** An option the target account itself does not allow (e.g. a TikTok creator's), with what it does allow (as the composer shows it). */
export interface AccountOptionProblem extends FieldError {
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
      const issue = {
        code: 'OPTION_NOT_ALLOWED',
        message: p.message,
        params: { option: p.option, allowed: p.allowed, handle: account.handle, platform: account.platform },
      };
      problems.push({ ...fieldError(`targets[${i}].options.${p.option}`, [issue]), allowed: p.allowed });
    }
  });
  return problems;
}
