/**
 * The auto-reposter's rules as a form edits them, and back. The API's AutoRepostRuleDto is the
 * authority (apps/api/src/modules/automations/reposter/auto-reposter-config.dto.ts); these checks
 * only catch what a person can fix before saving, with a message under the field.
 */
export const REPOST_METRICS = ['views', 'likes', 'comments', 'shares', 'saves'] as const;
export type RepostMetric = (typeof REPOST_METRICS)[number];

/**
 * An option a re-post to an account must carry (nobody is there to choose it), as its platform's
 * registry entry marks it (`unattended`, e.g. who may see a TikTok post): its name, and the i18n
 * key of the problem when a target lacks it.
 */
export interface UnattendedOption {
  name: string;
  unattended: { problemKey: string };
}

export interface TargetDraft {
  accountId: string;
  /** The calendar's per-target options as saved; the form edits the unattended options only and keeps the rest. */
  options: Record<string, unknown>;
}

export interface RuleDraft {
  id: string;
  enabled: boolean;
  source: 'post' | 'account';
  sourceContentItemId: string;
  sourceAccountId: string;
  targets: TargetDraft[];
  trigger: 'delay' | 'threshold';
  /** As typed (number inputs give text). */
  hours: string;
  metric: RepostMetric;
  atLeast: string;
  captionVariant: string;
}

export type RuleProblem =
  | 'idFormat'
  | 'idTaken'
  | 'sourcePost'
  | 'sourceAccount'
  | 'targets'
  | 'targetIsSource'
  | 'hours'
  | 'atLeast'
  | 'captionVariant'
  /** A target lacks an option its platform requires of an unattended post. */
  | UnattendedOption;

/** One rule's problems, by the form field they belong to. */
export type RuleProblems = Partial<Record<'id' | 'source' | 'targets' | 'trigger' | 'captionVariant', RuleProblem>>;

const RULE_ID = /^[A-Za-z0-9_-]{1,40}$/;
const WHOLE = /^\d+$/;
export const DEFAULT_CAPTION_VARIANT = '{{caption}}';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** The drafts of the rules saved in the config (anything unreadable becomes an empty field the form flags). */
export function toRuleDrafts(rules: unknown): RuleDraft[] {
  if (!Array.isArray(rules)) return [];
  return rules.map((raw) => {
    const rule = record(raw);
    const trigger = record(rule.trigger);
    const metric = REPOST_METRICS.find((m) => m === trigger.metric) ?? 'views';
    return {
      id: text(rule.id),
      enabled: rule.enabled !== false,
      source: typeof rule.sourceAccountId === 'string' ? 'account' : 'post',
      sourceContentItemId: text(rule.sourceContentItemId),
      sourceAccountId: text(rule.sourceAccountId),
      targets: (Array.isArray(rule.targets) ? rule.targets : []).map((target) => ({
        accountId: text(record(target).accountId),
        options: record(record(target).options),
      })),
      trigger: trigger.kind === 'threshold' ? 'threshold' : 'delay',
      hours: typeof trigger.hours === 'number' ? String(trigger.hours) : '',
      metric,
      atLeast: typeof trigger.atLeast === 'number' ? String(trigger.atLeast) : '',
      captionVariant: text(rule.captionVariant),
    };
  });
}

/** A new rule: a name not yet used, a 24-hour delay, the original caption. */
export function newRuleDraft(existing: readonly RuleDraft[]): RuleDraft {
  const taken = new Set(existing.map((rule) => rule.id));
  let n = existing.length + 1;
  while (taken.has(`rule-${n}`)) n += 1;
  return {
    id: `rule-${n}`,
    enabled: true,
    source: 'account',
    sourceContentItemId: '',
    sourceAccountId: '',
    targets: [],
    trigger: 'delay',
    hours: '24',
    metric: 'views',
    atLeast: '',
    captionVariant: DEFAULT_CAPTION_VARIANT,
  };
}

/** What is wrong with each rule, given what each account's platform requires of a re-post (`unattendedOf`). */
export function ruleProblems(rules: readonly RuleDraft[], unattendedOf: (accountId: string) => readonly UnattendedOption[]): RuleProblems[] {
  return rules.map((rule, index) => {
    const problems: RuleProblems = {};
    if (!RULE_ID.test(rule.id)) problems.id = 'idFormat';
    else if (rules.findIndex((other) => other.id === rule.id) !== index) problems.id = 'idTaken';
    if (rule.source === 'post' && !rule.sourceContentItemId) problems.source = 'sourcePost';
    if (rule.source === 'account' && !rule.sourceAccountId) problems.source = 'sourceAccount';
    if (rule.targets.length === 0) problems.targets = 'targets';
    else if (rule.source === 'account' && rule.targets.some((target) => target.accountId === rule.sourceAccountId)) problems.targets = 'targetIsSource';
    else {
      const missing = rule.targets.flatMap((target) => unattendedOf(target.accountId).filter((option) => !text(target.options[option.name])));
      if (missing[0]) problems.targets = missing[0];
    }
    if (rule.trigger === 'delay' && !(WHOLE.test(rule.hours.trim()) && Number(rule.hours) >= 1 && Number(rule.hours) <= 720)) problems.trigger = 'hours';
    if (rule.trigger === 'threshold' && !(WHOLE.test(rule.atLeast.trim()) && Number(rule.atLeast) >= 1)) problems.trigger = 'atLeast';
    if (!rule.captionVariant.trim()) problems.captionVariant = 'captionVariant';
    return problems;
  });
}

/** The rules as the API takes them (AutoRepostRuleDto): only the chosen source and the chosen trigger's fields. */
export function buildRules(rules: readonly RuleDraft[]): Record<string, unknown>[] {
  return rules.map((rule) => ({
    id: rule.id.trim(),
    enabled: rule.enabled,
    ...(rule.source === 'post' ? { sourceContentItemId: rule.sourceContentItemId } : { sourceAccountId: rule.sourceAccountId }),
    targets: rule.targets.map((target) =>
      Object.keys(target.options).length > 0 ? { accountId: target.accountId, options: target.options } : { accountId: target.accountId },
    ),
    trigger:
      rule.trigger === 'delay'
        ? { kind: 'delay', hours: Number(rule.hours.trim()) }
        : { kind: 'threshold', metric: rule.metric, atLeast: Number(rule.atLeast.trim()) },
    captionVariant: rule.captionVariant.trim(),
  }));
}
