/**
 * Compliance rules of the automations (issue 13), as pure functions. Every outbound messaging
 * call of an engine asks `ComplianceRules.checkOutboundMessage` first and logs a refusal with its
 * rule. Only two outbound actions exist at all: replying to a DM and a private reply to a comment.
 * Following, liking, commenting or messaging people who did not write first have no code path.
 */

export const COMPLIANCE_RULES = [
  'forbidden_action',
  'bulk_send',
  'not_user_initiated',
  'opted_out',
  'outside_messaging_window',
  'private_reply_window',
  'private_reply_already_sent',
  'welcome_period',
  'message_invalid',
  'rate_limit',
] as const;
export type ComplianceRule = (typeof COMPLIANCE_RULES)[number];

/** The only outbound actions an automation may take. */
export const ALLOWED_ACTIONS = ['dm_reply', 'private_reply'] as const;
export type AllowedAction = (typeof ALLOWED_ACTIONS)[number];

export type ComplianceDecision = { allowed: true } | { allowed: false; rule: ComplianceRule; reason: string };

/** Instagram: 24 h to answer a user's message (§5.2); 7 days for a private reply to a comment (§5.3). */
export const MESSAGING_WINDOW_MS = 24 * 3_600_000;
export const PRIVATE_REPLY_WINDOW_MS = 7 * 24 * 3_600_000;
/** Send API text limit (§5.1). */
export const MAX_MESSAGE_BYTES = 1000;

export interface OutboundMessageCheck {
  action: string;
  now: Date;
  /** Everyone this call would reach: always exactly one person. */
  recipients: readonly string[];
  /** The user-initiated event that triggers the message: their DM, or their comment. */
  trigger: { kind: 'message' | 'comment'; at: Date } | null;
  /** Our reply window for DMs in hours (config), never more than the platform's 24 h. */
  replyWithinHours?: number;
  optedOut: boolean;
  /** A private reply was already sent (or claimed) for this comment. */
  commentAlreadyReplied?: boolean;
  /** When this person was last welcomed, and the minimum gap between two welcomes. */
  lastWelcomeAt: Date | null;
  welcomePeriodMs: number;
  text: string;
}

const refuse = (rule: ComplianceRule, reason: string): ComplianceDecision => ({ allowed: false, rule, reason });

export function isAllowedAction(action: string): action is AllowedAction {
  return (ALLOWED_ACTIONS as readonly string[]).includes(action);
}

/** Any outbound action that is not one of the two replies is refused (follow, like, cold DM …). */
export function checkAction(action: string): ComplianceDecision {
  return isAllowedAction(action)
    ? { allowed: true }
    : refuse('forbidden_action', `"${action}" is not an action automations may take (only replies to people who wrote first)`);
}

export function checkOutboundMessage(input: OutboundMessageCheck): ComplianceDecision {
  const action = checkAction(input.action);
  if (!action.allowed) return action;
  if (input.recipients.length !== 1)
    return refuse('bulk_send', `a message goes to exactly one person who wrote first (got ${input.recipients.length} recipients)`);
  const trigger = input.trigger;
  if (!trigger) return refuse('not_user_initiated', 'this person has not written to the account first');
  const expected = input.action === 'private_reply' ? 'comment' : 'message';
  if (trigger.kind !== expected) return refuse('not_user_initiated', `a ${input.action} needs a ${expected} from the person`);
  if (input.optedOut) return refuse('opted_out', 'this person opted out of automated messages');
  const age = input.now.getTime() - trigger.at.getTime();
  if (input.action === 'dm_reply') {
    const hours = Math.min(24, Math.max(1, input.replyWithinHours ?? 24));
    if (age > Math.min(MESSAGING_WINDOW_MS, hours * 3_600_000)) {
      return refuse('outside_messaging_window', `their message is ${Math.floor(age / 3_600_000)} h old; replies are allowed within ${hours} h`);
    }
  } else {
    if (input.commentAlreadyReplied) return refuse('private_reply_already_sent', 'this comment already had its one private reply');
    if (age > PRIVATE_REPLY_WINDOW_MS) return refuse('private_reply_window', 'private replies are allowed within 7 days of the comment');
  }
  if (input.lastWelcomeAt && input.now.getTime() - input.lastWelcomeAt.getTime() < input.welcomePeriodMs) {
    return refuse('welcome_period', `this person was already welcomed on ${input.lastWelcomeAt.toISOString()}`);
  }
  const bytes = new TextEncoder().encode(input.text).length;
  if (input.text.trim() === '' || bytes > MAX_MESSAGE_BYTES)
    return refuse('message_invalid', `the message must be 1–${MAX_MESSAGE_BYTES} bytes (got ${bytes})`);
  return { allowed: true };
}

const normalize = (s: string) => s.normalize('NFKC').toLocaleLowerCase('en').trim();

/** An opt-out is a message that is exactly one of the keywords (e.g. "STOP", "stop!"), case-insensitive. */
export function isOptOutMessage(text: string, keywords: readonly string[]): boolean {
  const t = normalize(text).replace(/[.!?\s]+$/u, '');
  return keywords.some((k) => normalize(k) !== '' && t === normalize(k));
}

/** The first keyword contained in `text` as a whole word (case-insensitive), or null. */
export function matchKeyword(text: string, keywords: readonly string[]): string | null {
  const t = normalize(text);
  for (const k of keywords) {
    const n = normalize(k);
    if (!n) continue;
    const escaped = n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`(^|[^\\p{L}\\p{N}_])${escaped}($|[^\\p{L}\\p{N}_])`, 'u').test(t)) return k;
  }
  return null;
}

/** A `{{name}}` placeholder (spaces inside the braces allowed). */
const PLACEHOLDER = /\{\{\s*([a-zA-Z][a-zA-Z0-9_]*)\s*\}\}/g;

/** `{{name}}` placeholders replaced by their values; unknown ones become empty. */
export function renderMessageTemplate(template: string, variables: Readonly<Record<string, string | null | undefined>>): string {
  return template
    .replace(PLACEHOLDER, (_m, name: string) => variables[name] ?? '')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/** The variables a template may use. */
export const TEMPLATE_VARIABLES = ['username', 'account', 'keyword'] as const;

/** The variable names a template uses, in order of first use (what `renderMessageTemplate` would replace). */
export function templatePlaceholders(template: string): string[] {
  return [...new Set(Array.from(template.matchAll(PLACEHOLDER), (m) => m[1]!))];
}

export interface CadenceCheck {
  /** Post times of the last 7 days, any order. */
  postedAt: readonly Date[];
  maxPostsPerWeek: number;
  minHoursBetweenPosts: number;
}

/** Warm-up cadence: too many posts in the week, or two posts closer than allowed. */
export function checkPostingCadence(input: CadenceCheck): { ok: true } | { ok: false; reasons: string[]; postsLast7Days: number; minGapHours: number | null } {
  const times = [...input.postedAt].map((d) => d.getTime()).sort((a, b) => a - b);
  let minGap: number | null = null;
  for (let i = 1; i < times.length; i++) {
    const gap = times[i]! - times[i - 1]!;
    minGap = minGap === null ? gap : Math.min(minGap, gap);
  }
  const reasons: string[] = [];
  if (times.length > input.maxPostsPerWeek) reasons.push(`${times.length} posts in the last 7 days (warm-up allows ${input.maxPostsPerWeek})`);
  if (minGap !== null && minGap < input.minHoursBetweenPosts * 3_600_000) {
    reasons.push(`two posts ${(minGap / 3_600_000).toFixed(1)} h apart (warm-up wants at least ${input.minHoursBetweenPosts} h)`);
  }
  if (reasons.length === 0) return { ok: true };
  return { ok: false, reasons, postsLast7Days: times.length, minGapHours: minGap === null ? null : Math.round((minGap / 3_600_000) * 10) / 10 };
}

/** The rules, grouped: what every engine calls. */
export const ComplianceRules = {
  checkAction,
  checkOutboundMessage,
  isOptOutMessage,
  matchKeyword,
  renderMessageTemplate,
  checkPostingCadence,
} as const;
