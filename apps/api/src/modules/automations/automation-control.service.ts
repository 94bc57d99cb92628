import { Injectable } from '@nestjs/common';

import { MAX_MESSAGE_BYTES, renderMessageTemplate, templatePlaceholders, type TEMPLATE_VARIABLES } from '@mwr/domain';

import { ALL_ACCOUNTS, type AccountViewer } from '../../common/auth/account-scope.js';
import type { Db } from '../../common/database/db.js';
import { keysetCursor } from '../../common/pagination/keyset-cursor.js';
import { AutomationActivityRepository, type AutomationAuditRow } from './automation-activity.repository.js';
import type { AutomationKey } from './automation-keys.js';
import { AutomationSettings, coversAccount } from './automation-settings.js';
import { NoMessageTemplate } from './automations.errors.js';
import { AutomationsRepository, type AutomationRecord } from './automations.repository.js';
import { IgMessagingRepository } from './instagram/ig-messaging.repository.js';
import { IgWebhookSubscriptions, type SubscriptionWarning } from './instagram/ig-webhook-subscriptions.js';

/** Activity pages are keyed by the audit entry id. */
const ACTIVITY_CURSOR = keysetCursor({ id: 'bigint' });

type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/**
 * The message templates of each automation (config fields) and the variables its engine fills in
 * for each; the engine and the preview render them with the same domain function.
 */
export const MESSAGE_TEMPLATES: Partial<Record<AutomationKey, Record<string, readonly TemplateVariable[]>>> = {
  ig_welcome_dm: { message: ['username', 'account'], commentReplyMessage: ['username', 'account', 'keyword'] },
};

/** The longest value each variable can take in a real message (Instagram usernames: 30 characters). */
const LONGEST_VALUE: Record<TemplateVariable, string> = { username: 'x'.repeat(30), account: 'x'.repeat(30), keyword: 'x'.repeat(50) };
const SAMPLE_USERNAME = 'maya.rose';

export type TemplateProblemCode = 'unknown_variable' | 'malformed_placeholder' | 'empty' | 'too_long' | 'may_be_too_long';

export interface TemplateProblem {
  code: TemplateProblemCode;
  message: string;
  variable: string | null;
  bytes: number | null;
}

export interface TemplatePreview {
  field: string;
  text: string;
  bytes: number;
  maxBytes: number;
  allowedVariables: string[];
  usedVariables: string[];
  unknownVariables: string[];
  sampleValues: Record<string, string>;
  problems: TemplateProblem[];
}

export interface AutomationActivityEntry {
  id: string;
  at: string;
  action: string;
  outcome: string;
  rule: string | null;
  reason: string | null;
  message: string | null;
  accountId: string | null;
  accountHandle: string | null;
  actorUserId: string | null;
  details: Record<string, unknown>;
}

const byteLength = (text: string) => new TextEncoder().encode(text).length;
const asString = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);

export function activityEntry(row: AutomationAuditRow): AutomationActivityEntry {
  // Switch changes are audited as `automation.enabled|disabled`, the engines' as `automation.<key>.<outcome>`.
  const outcome = row.action.slice(row.action.lastIndexOf('.') + 1);
  const { automation: _automation, rule, reason, message, error, ...details } = row.metadata;
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    action: row.action,
    outcome,
    rule: asString(rule),
    reason: asString(reason),
    message: asString(message) ?? asString(error),
    accountId: row.accountId,
    accountHandle: row.accountHandle,
    actorUserId: row.actorUserId,
    details,
  };
}

/**
 * What the Bot Control Center asks of an automation beyond its switch: what it did lately (with
 * the rule behind each refusal), a preview of its message templates, and the platform set-up a
 * key needs once turned on.
 */
@Injectable()
export class AutomationControlService {
  constructor(
    private readonly activityRepository: AutomationActivityRepository,
    private readonly settings: AutomationSettings,
    private readonly igMessaging: IgMessagingRepository,
    private readonly igSubscriptions: IgWebhookSubscriptions,
    private readonly automations: AutomationsRepository,
  ) {}

  /** Saves an automation's switch and (validated) settings in the caller's transaction: the only write of the automations table. */
  save(db: Db, workspaceId: string, key: AutomationKey, enabled: boolean, config: Record<string, unknown>, userId: string | null): Promise<AutomationRecord> {
    return this.automations.save(db, workspaceId, key, enabled, config, userId);
  }

  async activity(
    workspaceId: string,
    key: AutomationKey,
    query: { limit: number; cursor?: string | undefined; outcome?: string | undefined },
    viewer: AccountViewer = ALL_ACCOUNTS,
  ): Promise<{ items: AutomationActivityEntry[]; nextCursor: string | null }> {
    const { limit } = query;
    const rows = await this.activityRepository.activity(
      workspaceId,
      key,
      { limit: limit + 1, before: ACTIVITY_CURSOR.decodeOptional(query.cursor)?.id, outcome: query.outcome },
      viewer,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(activityEntry), nextCursor: rows.length > limit && last ? ACTIVITY_CURSOR.encode({ id: last.id }) : null };
  }

  /** Renders `template` as the engine would, with sample values (or the caller's), and says what is wrong with it. */
  async preview(
    workspaceId: string,
    key: AutomationKey,
    input: { template: string; field?: string; variables?: Partial<Record<TemplateVariable, string>> },
  ): Promise<TemplatePreview> {
    const templates = MESSAGE_TEMPLATES[key];
    const fields = Object.keys(templates ?? {});
    const field = input.field ?? fields[0];
    const allowed = field !== undefined ? templates?.[field] : undefined;
    if (!field || !allowed) throw new NoMessageTemplate(key, input.field, fields);

    const samples = await this.sampleValues(workspaceId, key);
    const values: Record<string, string> = Object.fromEntries(allowed.map((name) => [name, input.variables?.[name] ?? samples[name]]));
    const text = renderMessageTemplate(input.template, values);
    const bytes = byteLength(text);
    const used = templatePlaceholders(input.template);
    const unknown = used.filter((name) => !(allowed as readonly string[]).includes(name));
    const list = allowed.map((name) => `{{${name}}}`).join(', ');

    const problems: TemplateProblem[] = unknown.map((name) => ({
      code: 'unknown_variable',
      message: `{{${name}}} is not a variable of this message: it would be sent empty. Variables: ${list}`,
      variable: name,
      bytes: null,
    }));
    // What is left of a placeholder after rendering was not one ({{user name}}, a lone {{ …).
    if (/\{\{|\}\}/.test(text))
      problems.push({
        code: 'malformed_placeholder',
        message: `Write variables as ${list}: a "{{" or "}}" is left in the message`,
        variable: null,
        bytes: null,
      });
    if (text.trim() === '') problems.push({ code: 'empty', message: 'The message is empty', variable: null, bytes });
    if (bytes > MAX_MESSAGE_BYTES) {
      problems.push({ code: 'too_long', message: `The message is ${bytes} bytes; Instagram allows at most ${MAX_MESSAGE_BYTES}`, variable: null, bytes });
    } else {
      const longest = byteLength(renderMessageTemplate(input.template, Object.fromEntries(allowed.map((name) => [name, LONGEST_VALUE[name]]))));
      if (longest > MAX_MESSAGE_BYTES) {
        problems.push({
          code: 'may_be_too_long',
          message: `With the longest names it would be ${longest} bytes; Instagram allows at most ${MAX_MESSAGE_BYTES}`,
          variable: null,
          bytes: longest,
        });
      }
    }
    return {
      field,
      text,
      bytes,
      maxBytes: MAX_MESSAGE_BYTES,
      allowedVariables: [...allowed],
      usedVariables: used.filter((name) => !unknown.includes(name)),
      unknownVariables: unknown,
      sampleValues: values,
      problems,
    };
  }

  /** The platform set-up a key needs once it is on; what failed comes back as warnings (the switch stays on). */
  async onEnabled(workspaceId: string, key: AutomationKey, actor: { userId: string | null; apiKeyId: string | null }): Promise<SubscriptionWarning[]> {
    if (key === 'ig_welcome_dm') {
      const { config } = await this.settings.get(workspaceId, key);
      return this.igSubscriptions.subscribeWorkspace(workspaceId, actor, (accountId) => coversAccount(config, accountId));
    }
    return [];
  }

  private async sampleValues(workspaceId: string, key: AutomationKey): Promise<Record<TemplateVariable, string>> {
    const [account] = await this.igMessaging.workspaceAccounts(workspaceId);
    let keyword = 'LINK';
    if (key === 'ig_welcome_dm') keyword = (await this.settings.get(workspaceId, 'ig_welcome_dm')).config.commentKeywords[0] ?? keyword;
    return { username: SAMPLE_USERNAME, account: account?.handle ?? 'your.account', keyword };
  }
}
