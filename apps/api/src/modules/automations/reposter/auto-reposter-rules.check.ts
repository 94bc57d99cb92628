import { Injectable } from '@nestjs/common';

import { composeCaption, renderMessageTemplate } from '@mwr/domain';
// Every platform's caption rules, X's length weighted as X counts it (twitter-text).
import { checkCaption } from '@mwr/domain/x-text';
import { findPlatformDescriptor } from '@mwr/publishers';

import { AccountsService } from '../../accounts/accounts.service.js';
import { validateContent } from '../../calendar/content-validation.js';
import type { AutomationConfigCheck } from '../automation-config-checks.js';
import type { AutoReposterConfigDto, AutoRepostRuleDto } from './auto-reposter-config.dto.js';
import { AutoReposterRepository } from './auto-reposter.repository.js';

type Accounts = Awaited<ReturnType<AccountsService['findMany']>>;

/**
 * The auto-reposter's rules against the workspace, when they are saved: one source (an item or an
 * account of ours), targets that are our other accounts, TikTok targets with a privacy level their
 * creator allows, options that fit each target's platform (the calendar's own rules), a caption the
 * targets' platforms would take.
 */
@Injectable()
export class AutoReposterRulesCheck implements AutomationConfigCheck {
  readonly key = 'auto_reposter' as const;

  constructor(
    private readonly repository: AutoReposterRepository,
    private readonly accounts: AccountsService,
  ) {}

  async check(workspaceId: string, config: Record<string, unknown>): Promise<string[]> {
    const rules = (config as unknown as AutoReposterConfigDto).rules ?? [];
    const ids = [...new Set(rules.flatMap((r) => [...r.targets.map((t) => t.accountId), ...(r.sourceAccountId ? [r.sourceAccountId] : [])]))];
    const accounts = new Map((await this.accounts.findMany(workspaceId, ids)).map((a) => [a.id, a]));
    const errors: string[] = [];
    const seen = new Set<string>();
    for (const [i, rule] of rules.entries()) {
      if (seen.has(rule.id)) errors.push(`rules[${i}].id: "${rule.id}" names another rule too`);
      seen.add(rule.id);
      errors.push(...(await this.checkRule(workspaceId, rule, accounts)).map((e) => `rules[${i}].${e}`));
    }
    return errors;
  }

  private async checkRule(workspaceId: string, rule: AutoRepostRuleDto, accounts: Map<string, Accounts[number]>): Promise<string[]> {
    const errors: string[] = [];
    const { trigger } = rule;
    if (trigger.kind === 'delay' && (trigger.metric !== undefined || trigger.atLeast !== undefined))
      errors.push('trigger: metric and atLeast belong to threshold triggers');
    if (trigger.kind === 'threshold' && trigger.hours !== undefined) errors.push('trigger: hours belongs to delay triggers');

    let sourceAccountIds: string[] = [];
    let source = { caption: '', hashtags: [] as string[] };
    if (Boolean(rule.sourceContentItemId) === Boolean(rule.sourceAccountId)) {
      errors.push('give one source: sourceContentItemId (one post) or sourceAccountId (every post of an account)');
    } else if (rule.sourceContentItemId) {
      const item = await this.repository.itemAccounts(workspaceId, rule.sourceContentItemId);
      if (!item.exists) errors.push('sourceContentItemId: no such content item in this workspace');
      sourceAccountIds = item.accountIds;
      source = { caption: item.caption, hashtags: item.hashtags };
    } else if (rule.sourceAccountId) {
      if (!accounts.has(rule.sourceAccountId)) errors.push('sourceAccountId: no such account in this workspace');
      sourceAccountIds = [rule.sourceAccountId];
    }

    const targets = rule.targets.map((t) => ({ accountId: t.accountId, options: { ...(t.options ?? {}) } }));
    targets.forEach((target, j) => {
      const account = accounts.get(target.accountId);
      if (!account) return; // the calendar's check below names it
      if (sourceAccountIds.includes(target.accountId))
        errors.push(`targets[${j}].accountId: @${account.handle} is the source's own account; a re-post goes to another account`);
      // What a post without a person must carry, as the platform's registry descriptor says (TikTok: the privacy level).
      const unattended = findPlatformDescriptor(account.platform)?.composer.checkUnattended;
      for (const p of unattended?.(target.options as Record<string, unknown>, account.capabilities ?? {}, account.handle) ?? [])
        errors.push(`targets[${j}].options.${p.option}: ${p.message}`);
    });

    // The calendar's own rules for targets: ours, not disabled, not twice, options for their platform.
    for (const e of validateContent({ caption: '', hashtags: [], scheduledAt: null, status: 'draft', targets }, accounts, new Date(), false)) {
      errors.push(...e.messages.map((m) => `${e.field}: ${m}`));
    }
    // The caption as the source would give it (an account rule's posts are not known yet).
    const sample = composeCaption(
      renderMessageTemplate(rule.captionVariant, { caption: source.caption, title: '', account: '', sourceAccount: '' }),
      source.hashtags,
    );
    const platforms = new Set(targets.flatMap((t) => accounts.get(t.accountId)?.platform ?? []));
    for (const platform of platforms) for (const finding of checkCaption(platform, sample)) errors.push(`captionVariant: ${finding.message}`);
    return errors;
  }
}
