import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { localDateOf, nextLocalDate, warmupAllowanceOn, warmupEndDate } from '@mwr/domain';

import { sqlRows } from '../../../common/database/db.js';
import { AuditService } from '../../audit/audit.service.js';
import { AutomationSettings, coversAccount, type AutomationSetting } from '../automation-settings.js';
import { AutomationsRepository } from '../automations.repository.js';
import { TiktokWarmupRepository } from './tiktok-warmup.repository.js';
import { TIKTOK_WARMUP } from './tiktok-warmup.service.js';

const KEY = TIKTOK_WARMUP;
const SYSTEM = { userId: null, apiKeyId: null };

export interface WarmupCheckResult {
  accountId: string;
  inWarmup: boolean;
  flagged: boolean;
  reasons: string[];
}

interface OverDay {
  date: string;
  planned: number;
  allowedPerDay: number;
  week: number;
}

/**
 * The read-only side of `tiktok_warmup` (scheduler role). The API refuses plans past the ramp, but
 * some predate the flag (or its ramp) and retries post later than planned: this pass flags each
 * TikTok account whose days (the last 7 and the rest of its warm-up) hold more posts than the ramp
 * allows, and warmed-up accounts posting above their own target cadence. A warning in Account
 * Health and an audit entry when a flag is raised or cleared; it never changes a plan.
 */
@Injectable()
export class TiktokWarmupEngine {
  readonly key = KEY;
  private readonly logger = new Logger(TiktokWarmupEngine.name);

  constructor(
    private readonly settings: AutomationSettings,
    private readonly automations: AutomationsRepository,
    private readonly warmups: TiktokWarmupRepository,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  /** One pass over every workspace with the flag on; flags of workspaces that turned it off are dropped. */
  async runOnce(): Promise<WarmupCheckResult[]> {
    const enabled = await this.settings.enabled(KEY);
    await sqlRows(this.dataSource, 'DELETE FROM automation_account_flags WHERE automation_key = $1 AND NOT (workspace_id = ANY($2::uuid[]))', [
      KEY,
      enabled.map((s) => s.workspaceId),
    ]);
    const results: WarmupCheckResult[] = [];
    for (const setting of enabled) {
      try {
        results.push(...(await this.checkWorkspace(setting)));
      } catch (error) {
        this.logger.error(`${KEY} check failed for workspace ${setting.workspaceId}: ${(error as Error).message}`);
      }
    }
    return results;
  }

  async checkWorkspace(setting: AutomationSetting<typeof KEY>): Promise<WarmupCheckResult[]> {
    const ramp = setting.config.postsPerDayByWeek;
    const timeZone = await this.warmups.workspaceTimeZone(setting.workspaceId);
    const today = localDateOf(new Date(), timeZone);
    const weekAgo = nextLocalDate(today, -6);
    const accounts = (await this.warmups.tiktokAccounts(setting.workspaceId, null)).map((a) => {
      const startDate = localDateOf(new Date(a.startedAt), timeZone);
      return { ...a, startDate, inWarmup: warmupAllowanceOn(ramp, startDate, today) !== null, endDate: warmupEndDate(ramp, startDate) };
    });
    const until = accounts.reduce((latest, a) => (a.inWarmup && a.endDate > latest ? a.endDate : latest), nextLocalDate(today));
    const rows = await this.warmups.plannedPerDay(
      this.dataSource,
      setting.workspaceId,
      accounts.map((a) => a.accountId),
      weekAgo,
      until,
      timeZone,
      null,
    );

    const results: WarmupCheckResult[] = [];
    for (const a of accounts) {
      const days = rows.filter((r) => r.accountId === a.accountId);
      let reasons: string[] = [];
      let details: Record<string, unknown> = {};
      // An account left out of the flag's scope is checked for nothing (and loses a flag it had).
      if (!coversAccount(setting.config, a.accountId)) {
        details = {};
      } else if (a.inWarmup) {
        // Days before the (re)start are not part of this warm-up.
        const over = days
          .filter((d) => d.day >= a.startDate)
          .map((d): OverDay | null => {
            const allowance = warmupAllowanceOn(ramp, a.startDate, d.day);
            return allowance && d.planned > allowance.allowedPerDay
              ? { date: d.day, planned: d.planned, allowedPerDay: allowance.allowedPerDay, week: allowance.week }
              : null;
          })
          .filter((d): d is OverDay => d !== null)
          .sort((x, y) => x.date.localeCompare(y.date));
        reasons = over.map((d) => `${d.planned} posts on ${d.date} (week ${d.week} of its warm-up allows ${d.allowedPerDay})`);
        details = { inWarmup: true, postsPerDayByWeek: ramp, overDays: over };
      } else if (a.targetPostsPerWeek !== null) {
        const postedLast7Days = days.filter((d) => d.day >= weekAgo && d.day <= today).reduce((sum, d) => sum + d.posted, 0);
        if (postedLast7Days > a.targetPostsPerWeek) reasons = [`${postedLast7Days} posts in the last 7 days (its target is ${a.targetPostsPerWeek} a week)`];
        details = { inWarmup: false, postsLast7Days: postedLast7Days, targetPostsPerWeek: a.targetPostsPerWeek };
      }
      await this.dataSource.transaction(async (tx) => {
        if (reasons.length > 0) {
          const message = `@${a.handle} has more posts than ${a.inWarmup ? 'its warm-up allows' : 'its target cadence'}: ${reasons.join('; ')}`;
          if (await this.automations.raiseFlag(tx, setting.workspaceId, a.accountId, KEY, message, details)) {
            await this.audit.record(
              {
                workspaceId: setting.workspaceId,
                actor: SYSTEM,
                action: `automation.${KEY}.flagged`,
                target: { type: 'social_account', id: a.accountId },
                metadata: { automation: KEY, message, ...details },
              },
              tx,
            );
          }
        } else if (await this.automations.clearFlag(tx, a.accountId, KEY)) {
          await this.audit.record(
            {
              workspaceId: setting.workspaceId,
              actor: SYSTEM,
              action: `automation.${KEY}.cleared`,
              target: { type: 'social_account', id: a.accountId },
              metadata: { automation: KEY },
            },
            tx,
          );
        }
      });
      results.push({ accountId: a.accountId, inWarmup: a.inWarmup, flagged: reasons.length > 0, reasons });
    }
    await this.automations.touch(setting.workspaceId, KEY);
    return results;
  }
}
