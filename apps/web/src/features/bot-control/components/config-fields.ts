import { buildRules, ruleProblems, toRuleDrafts, type RuleDraft, type UnattendedOption } from './repost-rules';

/**
 * The settings form of an automation, driven by its current config: each setting gets an editor
 * for its kind of value. Known settings get their own (the welcome DM's templates and watched
 * posts, the re-poster's rules); a setting the API adds later still gets one from the shape of its
 * value, or a JSON editor for anything nested.
 */
export type FieldKind = 'template' | 'text' | 'number' | 'boolean' | 'stringList' | 'numberList' | 'json' | 'locked' | 'accounts' | 'ownPosts' | 'repostRules';

export interface FieldSpec {
  name: string;
  kind: FieldKind;
}

/**
 * What the inputs hold: the text typed (lists one entry a line, JSON as text) or a checkbox. An
 * account scope is ALL_ACCOUNTS or the chosen ids one a line; the re-poster's rules are their
 * drafts as JSON (the rules editor's own state, not the config).
 */
export type Draft = Record<string, string | boolean>;

/** A setting's client-side problem, before anything goes to the API. */
export type FieldProblem = 'number' | 'numberList' | 'json' | 'accountsNone' | 'rules';

/** The account scope's draft when "all accounts" is chosen (the API's empty list). */
export const ALL_ACCOUNTS = '*';

/** What the form needs to know about the workspace to check a draft (what a re-post to each account must carry). */
export interface DraftContext {
  /** The options a re-post to this account must carry (its platform's registry entry). */
  unattendedOf: (accountId: string) => readonly UnattendedOption[];
}

/** Settings whose kind is not what their value alone says: templates, a fixed rule, lists that may be empty. */
const KNOWN_KINDS: Record<string, Record<string, FieldKind>> = {
  ig_welcome_dm: {
    message: 'template',
    commentReplyMessage: 'template',
    requireOptIn: 'locked',
    commentKeywords: 'stringList',
    commentMediaIds: 'ownPosts',
    optOutKeywords: 'stringList',
  },
  auto_reposter: { rules: 'repostRules' },
};
/** The accounts a flag acts for (empty: all of them), chosen from the workspace's accounts of this platform. */
export const ACCOUNT_SCOPE_PLATFORM: Record<string, 'tiktok' | 'instagram'> = { ig_welcome_dm: 'instagram', tiktok_warmup: 'tiktok' };

/** The Instagram welcome DM's settings in groups, in reading order. */
export const IG_WELCOME_DM_GROUPS = [
  { id: 'accounts', fields: ['accountIds'] },
  { id: 'welcome', fields: ['message', 'replyWithinHours', 'welcomeOncePerDays'] },
  { id: 'comments', fields: ['commentKeywords', 'commentMediaIds', 'commentReplyMessage'] },
  { id: 'optOut', fields: ['optOutKeywords', 'requireOptIn'] },
  { id: 'limits', fields: ['maxMessagesPerHour'] },
] as const;

/**
 * The default messages the API gives an automation before anyone edits them (English, as in
 * apps/api/src/modules/automations/automation-keys.ts). The form shows them in the UI's language.
 */
export const DEFAULT_TEMPLATES: Record<string, Record<string, string>> = {
  ig_welcome_dm: {
    message: 'Thanks for reaching out! We will get back to you shortly.',
    commentReplyMessage: 'Hi {{username}}, thanks for your comment! Here are the details you asked for.',
  },
};

/** `config` with each untouched default message replaced by `translate(name)` (when it has a translation). */
export function localizeDefaults(key: string, config: Record<string, unknown>, translate: (name: string) => string): Record<string, unknown> {
  const defaults = DEFAULT_TEMPLATES[key] ?? {};
  const localized = { ...config };
  for (const [name, english] of Object.entries(defaults)) {
    const translated = translate(name);
    if (config[name] === english && translated) localized[name] = translated;
  }
  return localized;
}

export function fieldKind(key: string, name: string, value: unknown): FieldKind {
  const known = KNOWN_KINDS[key]?.[name];
  if (known) return known;
  if (name === 'accountIds' && ACCOUNT_SCOPE_PLATFORM[key]) return 'accounts';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'text';
  if (Array.isArray(value)) {
    if (value.length === 0) return 'json';
    if (value.every((entry) => typeof entry === 'string')) return 'stringList';
    if (value.every((entry) => typeof entry === 'number')) return 'numberList';
  }
  return 'json';
}

export function fieldSpecs(key: string, config: Record<string, unknown>): FieldSpec[] {
  return Object.entries(config).map(([name, value]) => ({ name, kind: fieldKind(key, name, value) }));
}

export function toDraftValue(kind: FieldKind, value: unknown): string | boolean {
  switch (kind) {
    case 'boolean':
    case 'locked':
      return value === true;
    case 'stringList':
    case 'ownPosts':
      return Array.isArray(value) ? value.map(String).join('\n') : '';
    case 'accounts':
      return Array.isArray(value) && value.length > 0 ? value.map(String).join('\n') : ALL_ACCOUNTS;
    case 'repostRules':
      return JSON.stringify(toRuleDrafts(value));
    case 'numberList':
      return Array.isArray(value) ? value.join(', ') : '';
    case 'json':
      return JSON.stringify(value ?? null, null, 2);
    case 'number':
      return typeof value === 'number' ? String(value) : '';
    default:
      return typeof value === 'string' ? value : '';
  }
}

export function toDraft(specs: readonly FieldSpec[], config: Record<string, unknown>): Draft {
  return Object.fromEntries(specs.map((spec) => [spec.name, toDraftValue(spec.kind, config[spec.name])]));
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/** The value to send for one setting, or what is wrong with the text typed. */
export function fromDraftValue(kind: FieldKind, raw: string | boolean, context?: DraftContext): { value: unknown } | { problem: FieldProblem } {
  if (typeof raw === 'boolean') return { value: raw };
  switch (kind) {
    case 'number': {
      const text = raw.trim();
      return NUMBER.test(text) ? { value: Number(text) } : { problem: 'number' };
    }
    case 'numberList': {
      const parts = raw.split(/[\s,;]+/).filter(Boolean);
      return parts.every((part) => NUMBER.test(part)) ? { value: parts.map(Number) } : { problem: 'numberList' };
    }
    case 'accounts':
      if (raw === ALL_ACCOUNTS) return { value: [] };
      if (lines(raw).length === 0) return { problem: 'accountsNone' };
      return { value: lines(raw) };
    case 'stringList':
    case 'ownPosts':
      return { value: lines(raw) };
    case 'repostRules': {
      const rules = JSON.parse(raw) as RuleDraft[];
      const problems = ruleProblems(rules, context?.unattendedOf ?? (() => []));
      return problems.some((problem) => Object.keys(problem).length > 0) ? { problem: 'rules' } : { value: buildRules(rules) };
    }
    case 'json':
      try {
        return { value: JSON.parse(raw) as unknown };
      } catch {
        return { problem: 'json' };
      }
    default:
      return { value: raw };
  }
}

const lines = (raw: string): string[] =>
  raw
    .split(/\r?\n/)
    .map((entry) => entry.trim())
    .filter(Boolean);

/** The config to send, or each setting's problem. */
export function buildConfig(
  specs: readonly FieldSpec[],
  draft: Draft,
  context?: DraftContext,
): { config: Record<string, unknown> } | { problems: Record<string, FieldProblem> } {
  const config: Record<string, unknown> = {};
  const problems: Record<string, FieldProblem> = {};
  for (const spec of specs) {
    const raw = draft[spec.name];
    if (raw === undefined) continue;
    const result = fromDraftValue(spec.kind, raw, context);
    if ('problem' in result) problems[spec.name] = result.problem;
    else config[spec.name] = result.value;
  }
  return Object.keys(problems).length > 0 ? { problems } : { config };
}

/**
 * Which settings an API validation message is about. The API names the setting first
 * ("replyWithinHours must not be greater than 24", "targetAccountIds: unknown account …") or as
 * "each value in optOutKeywords …" / "each commentMediaIds entry …"; the rest are the form's.
 */
export function messageFields(message: string, names: readonly string[]): string[] {
  return names.filter(
    (name) =>
      message.startsWith(`${name} `) ||
      message.startsWith(`${name}:`) ||
      message.startsWith(`each ${name} `) ||
      message.includes(`each value in ${name} `) ||
      message.includes(`each value in ${name}.`),
  );
}

export function splitMessages(messages: readonly string[], names: readonly string[]): { byField: Record<string, string[]>; general: string[] } {
  const byField: Record<string, string[]> = {};
  const general: string[] = [];
  for (const message of messages) {
    const fields = messageFields(message, names);
    if (fields.length === 0) general.push(message);
    for (const field of fields) byField[field] = [...(byField[field] ?? []), message];
  }
  return { byField, general };
}
