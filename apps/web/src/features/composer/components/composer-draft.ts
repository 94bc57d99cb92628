import type { ContentItem, ContentStatus } from '../../../shared/content/content-items';
import { toDateTimeLocal } from '../../../shared/lib/zoned-time';
import type { TargetOptions } from '../api/create-post';
import type { UpdateContentItemInput } from '../api/update-post';
import { captionsOfItem, type CaptionOverrides } from './caption-overrides';
import type { OptionValues } from './option-values';
import { extensionOf } from './panel-extensions';

/** schedule / post now / draft; `keep`: a failed post is saved as it is, then retried from its page. */
export type When = 'schedule' | 'now' | 'draft' | 'keep';

/** Everything the composer edits, for a new post or a saved one. */
export interface ComposerDraft {
  assetId: string | null;
  selected: string[];
  caption: string;
  overrides: CaptionOverrides;
  /** Per target account: what was chosen in its panel's generic (schema) fields. */
  chosen: Record<string, OptionValues>;
  /** Per target account: its platform extension's state (panel-extensions.tsx). */
  extensions: Record<string, unknown>;
  /** A saved target's options, so fields the composer does not show survive an edit. */
  savedOptions: Record<string, TargetOptions>;
  when: When;
  /** The datetime-local value, in the composer's time zone. */
  at: string;
}

/** What may still be edited here: nothing has started posting (a failed post may be fixed and retried). */
export const EDITABLE_STATUSES: readonly ContentStatus[] = ['draft', 'scheduled', 'paused', 'failed'];

const DEFAULT_LEAD_MS = 60 * 60_000;

export function newDraft(timeZone: string, now: number = Date.now()): ComposerDraft {
  return {
    assetId: null,
    selected: [],
    caption: '',
    overrides: {},
    chosen: {},
    extensions: {},
    savedOptions: {},
    when: 'schedule',
    at: toDateTimeLocal(new Date(now + DEFAULT_LEAD_MS), timeZone),
  };
}

function whenOf(status: ContentStatus): When {
  if (status === 'draft') return 'draft';
  if (status === 'failed') return 'keep';
  return 'schedule';
}

/** The composer's state for a saved item. */
export function draftOfItem(item: ContentItem, timeZone: string, now: number = Date.now()): ComposerDraft {
  const { shared, overrides } = captionsOfItem(item);
  const draft = newDraft(timeZone, now);
  for (const target of item.targets) {
    draft.savedOptions[target.accountId] = target.options;
    // Generic fields read the saved options directly; an extension rebuilds its own state from them.
    const extension = extensionOf(target.platform);
    if (extension) draft.extensions[target.accountId] = extension.fromSaved(target.options);
  }
  return {
    ...draft,
    assetId: item.assetId,
    selected: item.targets.map((target) => target.accountId),
    caption: shared,
    overrides,
    when: whenOf(item.status),
    ...(item.scheduledAt ? { at: toDateTimeLocal(new Date(item.scheduledAt), timeZone) } : {}),
  };
}

/**
 * The PATCH for a saved item: the whole plan, plus a status change only when the choice moves it
 * (a draft gets scheduled, a scheduled or paused post goes back to draft or on schedule).
 * Hashtags live in the caption text in the composer, so the item's own list is emptied.
 */
export function updateBodyOf(
  item: ContentItem,
  plan: { caption: string; assetId: string | null; targets: UpdateContentItemInput['targets']; when: When; scheduledAt: string | undefined },
): UpdateContentItemInput {
  const body: UpdateContentItemInput = { caption: plan.caption, hashtags: [], ...(plan.targets ? { targets: plan.targets } : {}) };
  if (plan.assetId) body.assetId = plan.assetId;
  if (plan.when === 'draft') {
    if (item.status !== 'draft') body.status = 'draft';
  } else if (plan.when !== 'keep' && plan.scheduledAt) {
    body.scheduledAt = plan.scheduledAt;
    if (item.status !== 'scheduled') body.status = 'scheduled';
  }
  return body;
}
