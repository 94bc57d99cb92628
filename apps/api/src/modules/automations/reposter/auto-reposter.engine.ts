import { Injectable, Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { DataSource } from 'typeorm';

import { renderMessageTemplate } from '@mwr/domain';

import type { Principal } from '../../../common/auth/principal.js';
import { AppException } from '../../../common/errors/app-exception.js';
import { AuditService } from '../../audit/audit.service.js';
import { CalendarService } from '../../calendar/calendar.service.js';
import type { ContentItem } from '../../calendar/calendar.types.js';
import { CreateContentItemDto } from '../../calendar/dto/content-item.dto.js';
import { AutomationSettings, type AutomationSetting } from '../automation-settings.js';
import { AutomationsRepository } from '../automations.repository.js';
import { TiktokWarmupLimitReached } from '../tiktok/tiktok-warmup.errors.js';
import type { AutoRepostRuleDto } from './auto-reposter-config.dto.js';
import { AutoReposterRepository, type RepostCandidate, type RuleQuery } from './auto-reposter.repository.js';

const KEY = 'auto_reposter';
const SYSTEM = { userId: null, apiKeyId: null };
/** A claim still pending after this long belongs to a process that died: a later tick finishes it. */
export const STALE_CLAIM_MS = 10 * 60_000;

export type RepostOutcome =
  | { outcome: 'reposted'; ruleId: string; sourceContentItemId: string; targetAccountId: string; contentItemId: string }
  | { outcome: 'skipped'; ruleId: string; sourceContentItemId: string; targetAccountId: string; reason: string }
  | { outcome: 'deferred'; ruleId: string; sourceContentItemId: string; targetAccountId: string; reason: 'daily_limit' | 'error' };

type Pair = { ruleId: string; sourceContentItemId: string; targetAccountId: string };

/**
 * The calendar is called as the automation itself: no user and no key, which the audit log shows
 * as the system (the actor every engine records). A Principal has no "system" kind; the calendar
 * only reads the workspace and the (absent) actor from it.
 */
function automationPrincipal(workspaceId: string): Principal {
  return { kind: 'api_key', apiKeyId: null, workspaceId, scopes: ['content:write'] } as unknown as Principal;
}

export function ruleQuery(rule: AutoRepostRuleDto, lookbackDays: number): RuleQuery {
  const trigger =
    rule.trigger.kind === 'delay'
      ? { kind: 'delay' as const, hours: rule.trigger.hours! }
      : { kind: 'threshold' as const, metric: rule.trigger.metric!, atLeast: rule.trigger.atLeast! };
  return {
    sourceContentItemId: rule.sourceContentItemId ?? null,
    sourceAccountId: rule.sourceAccountId ?? null,
    targetAccountIds: rule.targets.map((t) => t.accountId),
    lookbackDays,
    trigger,
  };
}

function validationMessages(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => [...Object.values(e.constraints ?? {}), ...validationMessages(e.children ?? [])]);
}

/**
 * `auto_reposter`: re-publishes our own past posts to our other accounts, as rules say (after a
 * delay, or once a recorded result passes a threshold), with a caption variant. Each firing creates
 * ONE normal calendar item through the calendar service (validation, quality gates and limits
 * apply; the pipeline publishes it), and each (source item, target account) pair is decided once,
 * ever: the claim is a unique row in automation_reposts. Every decision is audited.
 */
@Injectable()
export class AutoReposterEngine {
  readonly key = KEY;
  private readonly logger = new Logger(AutoReposterEngine.name);

  constructor(
    private readonly settings: AutomationSettings,
    private readonly automations: AutomationsRepository,
    private readonly repository: AutoReposterRepository,
    private readonly calendar: CalendarService,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  /** One pass over every workspace with the flag on. */
  async runOnce(): Promise<RepostOutcome[]> {
    const outcomes: RepostOutcome[] = [];
    for (const setting of await this.settings.enabled(KEY)) {
      try {
        outcomes.push(...(await this.runWorkspace(setting)));
      } catch (error) {
        this.logger.error(`auto_reposter failed for workspace ${setting.workspaceId}: ${(error as Error).message}`);
      }
    }
    return outcomes;
  }

  async runWorkspace(setting: AutomationSetting<typeof KEY>): Promise<RepostOutcome[]> {
    const { workspaceId, config } = setting;
    const rules = new Map(config.rules.map((r) => [r.id, r]));
    const outcomes: RepostOutcome[] = [];
    for (const claim of await this.repository.takeStaleClaims(workspaceId, STALE_CLAIM_MS)) {
      const rule = rules.get(claim.ruleId);
      outcomes.push(
        rule
          ? await this.finish(workspaceId, rule, claim.id, claim)
          : await this.skipClaim(workspaceId, claim.id, claim, 'rule_removed', 'The rule was removed before its re-post was made'),
      );
    }
    for (const rule of config.rules) {
      if (rule.enabled === false) continue;
      for (const candidate of await this.repository.candidates(workspaceId, ruleQuery(rule, config.lookbackDays))) {
        const outcome = await this.decide(workspaceId, rule, candidate, config.maxPerDay);
        if (outcome) outcomes.push(outcome);
      }
    }
    await this.automations.touch(workspaceId, KEY);
    return outcomes;
  }

  private async decide(workspaceId: string, rule: AutoRepostRuleDto, c: RepostCandidate, maxPerDay: number): Promise<RepostOutcome | undefined> {
    const pair: Pair = { ruleId: rule.id, sourceContentItemId: c.sourceContentItemId, targetAccountId: c.targetAccountId };
    if (c.alreadyOnTarget) {
      const message = 'The source item is already posted on this account';
      const recorded = await this.dataSource.transaction(async (tx) => {
        const id = await this.repository.insertSkipped(tx, workspaceId, rule.id, c.sourceContentItemId, c.targetAccountId, 'already_on_target');
        if (id) await this.record(workspaceId, 'skipped', pair, { reason: 'already_on_target', message }, tx);
        return id;
      });
      return recorded ? { outcome: 'skipped', ...pair, reason: 'already_on_target' } : undefined;
    }
    const claim = await this.repository.claim(workspaceId, rule.id, c.sourceContentItemId, c.targetAccountId, maxPerDay);
    // Waits for a later tick: not a decision, so nothing is recorded.
    if (claim === 'daily_limit') return { outcome: 'deferred', ...pair, reason: 'daily_limit' };
    // Another tick claimed the pair first.
    if (!claim) return undefined;
    return this.finish(workspaceId, rule, claim, pair, c);
  }

  /** Makes the claimed item (or finds the one a dead process made) and records the outcome. */
  private async finish(workspaceId: string, rule: AutoRepostRuleDto, claimId: string, pair: Pair, candidate?: RepostCandidate): Promise<RepostOutcome> {
    try {
      const made = await this.repository.itemOfClaim(workspaceId, claimId);
      const itemId = made ?? (await this.createItem(workspaceId, rule, claimId, pair));
      await this.dataSource.transaction(async (tx) => {
        await this.repository.markCreated(tx, claimId, itemId);
        await this.record(
          workspaceId,
          'reposted',
          pair,
          { contentItemId: itemId, trigger: rule.trigger, postedAt: candidate?.postedAt ?? null, metricValue: candidate?.metricValue ?? null },
          tx,
        );
      });
      return { outcome: 'reposted', ...pair, contentItemId: itemId };
    } catch (error) {
      // Refused by the calendar (validation, quality gates, limits): a decision, recorded for good.
      if (error instanceof AppException && error.status < 500) {
        return this.skipClaim(workspaceId, claimId, pair, `refused:${error.code}`, error.message, error.details);
      }
      // Anything else may be passing: the claim stays pending and a later tick finishes it.
      this.logger.error(`auto_reposter could not re-post ${pair.sourceContentItemId} to ${pair.targetAccountId}: ${(error as Error).message}`);
      return { outcome: 'deferred', ...pair, reason: 'error' };
    }
  }

  private async skipClaim(workspaceId: string, claimId: string, pair: Pair, reason: string, message: string, details?: unknown): Promise<RepostOutcome> {
    await this.dataSource.transaction(async (tx) => {
      await this.repository.markSkipped(tx, claimId, reason);
      await this.record(workspaceId, 'skipped', pair, { reason, message, ...(details === undefined ? {} : { details }) }, tx);
    });
    return { outcome: 'skipped', ...pair, reason };
  }

  private async createItem(workspaceId: string, rule: AutoRepostRuleDto, claimId: string, pair: Pair): Promise<string> {
    const principal = automationPrincipal(workspaceId);
    const source = await this.calendar.get(principal, pair.sourceContentItemId);
    const [target] = await this.repository.accounts(workspaceId, [pair.targetAccountId]);
    const ruleTarget = rule.targets.find((t) => t.accountId === pair.targetAccountId);
    const variables = { caption: source.caption, title: source.title, account: target?.handle ?? '', sourceAccount: sourceHandle(source) };
    const options: Record<string, unknown> = { ...(ruleTarget?.options ?? {}) };
    if (typeof options.caption === 'string') options.caption = renderMessageTemplate(options.caption, variables);
    const dto = plainToInstance(CreateContentItemDto, {
      title: source.title ? `${source.title} (re-post)`.slice(0, 200) : '',
      caption: renderMessageTemplate(rule.captionVariant, variables),
      hashtags: source.hashtags,
      ...(source.assetId ? { assetId: source.assetId } : {}),
      // Now: the scheduler picks it up on its next tick, like any due item.
      scheduledAt: new Date().toISOString(),
      timeZone: source.timeZone,
      status: 'scheduled',
      targets: [{ accountId: pair.targetAccountId, options }],
      options: { ...source.options, autoRepost: { repostId: claimId, ruleId: rule.id, sourceContentItemId: source.id } },
    });
    // What the HTTP layer would check for a person; the service then runs the calendar's own rules.
    const invalid = validationMessages(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }));
    if (invalid.length) throw new AppException('INVALID_REPOST', invalid.join('; '));
    try {
      const { body } = await this.calendar.create(principal, dto, ({ item }) => item);
      return body.id;
    } catch (error) {
      // A TikTok target still warming up has no room today: the re-post waits for the ramp's next
      // free slot (what auto-spread does for people) instead of being dropped for good.
      if (!(error instanceof TiktokWarmupLimitReached)) throw error;
      dto.scheduledAt = error.limit.nextAllowedAt;
      const { body } = await this.calendar.create(principal, dto, ({ item }) => item);
      return body.id;
    }
  }

  private record(
    workspaceId: string,
    what: 'reposted' | 'skipped',
    pair: Pair,
    metadata: Record<string, unknown>,
    db: Parameters<AuditService['record']>[1],
  ): Promise<void> {
    return this.audit.record(
      {
        workspaceId,
        actor: SYSTEM,
        action: `automation.${KEY}.${what}`,
        target: { type: 'social_account', id: pair.targetAccountId },
        metadata: { automation: KEY, rule: pair.ruleId, sourceContentItemId: pair.sourceContentItemId, ...metadata },
      },
      db,
    );
  }
}

/** The handle the source went out on first (its posted publications, else its first target). */
function sourceHandle(source: ContentItem): string {
  const posted = [...source.publications].filter((p) => p.status === 'posted').sort((a, b) => String(a.postedAt).localeCompare(String(b.postedAt)))[0];
  const accountId = posted?.accountId ?? source.targets[0]?.accountId;
  return source.targets.find((t) => t.accountId === accountId)?.handle ?? '';
}
