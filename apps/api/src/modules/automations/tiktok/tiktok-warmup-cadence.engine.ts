import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ComplianceRules } from '@mwr/domain';
import { sqlRows } from '../../../common/database/db.js';
import { AuditService } from '../../audit/audit.service.js';
import { AutomationSettings, type AutomationSetting } from '../automation-settings.js';
import { AutomationsRepository } from '../automations.repository.js';

const KEY = 'tiktok_warmup_cadence';
const SYSTEM = { userId: null, apiKeyId: null };
const DAY_MS = 24 * 3_600_000;

interface CadenceRow {
  accountId: string;
  handle: string;
  createdAt: Date;
  targetPostsPerWeek: number | null;
  postedAt: Date[];
}

export interface CadenceResult {
  accountId: string;
  inWarmup: boolean;
  flagged: boolean;
  reasons: string[];
}

/**
 * `tiktok_warmup_cadence`: read-only. Compares each TikTok account's posts of the last 7 days (our
 * own publications, no platform call) with the warm-up limits (new accounts) or the account's
 * target cadence, and flags accounts posting too fast: a warning in Account Health and an audit
 * entry when the flag is raised or cleared.
 */
@Injectable()
export class TiktokWarmupCadenceEngine {
  readonly key = KEY;
  private readonly logger = new Logger(TiktokWarmupCadenceEngine.name);

  constructor(
    private readonly settings: AutomationSettings,
    private readonly automations: AutomationsRepository,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  /** One pass over every workspace with the flag on; flags of workspaces that turned it off are dropped. */
  async runOnce(): Promise<CadenceResult[]> {
    const enabled = await this.settings.enabled(KEY);
    await sqlRows(this.dataSource, 'DELETE FROM automation_account_flags WHERE automation_key = $1 AND NOT (workspace_id = ANY($2::uuid[]))', [KEY, enabled.map((s) => s.workspaceId)]);
    const results: CadenceResult[] = [];
    for (const setting of enabled) {
      try {
        results.push(...(await this.checkWorkspace(setting)));
      } catch (error) {
        this.logger.error(`tiktok_warmup_cadence failed for workspace ${setting.workspaceId}: ${(error as Error).message}`);
      }
    }
    return results;
  }

  async checkWorkspace(setting: AutomationSetting<typeof KEY>): Promise<CadenceResult[]> {
    const { maxPostsPerWeek, minHoursBetweenPosts, warmupDays } = setting.config;
    const rows = await sqlRows<CadenceRow>(
      this.dataSource,
      `SELECT a.id AS "accountId", a.handle, a.created_at AS "createdAt", a.target_posts_per_week AS "targetPostsPerWeek",
              coalesce((SELECT array_agg(p.posted_at ORDER BY p.posted_at) FROM platform_publications p
                         WHERE p.social_account_id = a.id AND p.status = 'posted' AND p.posted_at > now() - interval '7 days'), '{}') AS "postedAt"
         FROM social_accounts a WHERE a.workspace_id = $1 AND a.platform = 'tiktok' AND a.status <> 'disabled'`,
      [setting.workspaceId],
    );
    const now = Date.now();
    const results: CadenceResult[] = [];
    for (const r of rows) {
      const inWarmup = now - new Date(r.createdAt).getTime() < warmupDays * DAY_MS;
      // New accounts: the warm-up limits (or a lower target). Others: their own target, if any.
      const weekly = inWarmup ? Math.min(maxPostsPerWeek, r.targetPostsPerWeek ?? Number.MAX_SAFE_INTEGER) : r.targetPostsPerWeek;
      const postedAt = (r.postedAt ?? []).map((d) => new Date(d));
      const check = weekly === null ? { ok: true as const } : ComplianceRules.checkPostingCadence({ postedAt, maxPostsPerWeek: weekly, minHoursBetweenPosts: inWarmup ? minHoursBetweenPosts : 0 });
      await this.dataSource.transaction(async (tx) => {
        if (!check.ok) {
          const message = `@${r.handle} is posting faster than ${inWarmup ? 'its warm-up allows' : 'its target cadence'}: ${check.reasons.join('; ')}`;
          const details = { inWarmup, postsLast7Days: check.postsLast7Days, minGapHours: check.minGapHours, maxPostsPerWeek: weekly, minHoursBetweenPosts: inWarmup ? minHoursBetweenPosts : null };
          if (await this.automations.raiseFlag(tx, setting.workspaceId, r.accountId, KEY, message, details)) {
            await this.audit.record({ workspaceId: setting.workspaceId, actor: SYSTEM, action: `automation.${KEY}.flagged`, target: { type: 'social_account', id: r.accountId }, metadata: { automation: KEY, message, ...details } }, tx);
          }
        } else if (await this.automations.clearFlag(tx, r.accountId, KEY)) {
          await this.audit.record({ workspaceId: setting.workspaceId, actor: SYSTEM, action: `automation.${KEY}.cleared`, target: { type: 'social_account', id: r.accountId }, metadata: { automation: KEY } }, tx);
        }
      });
      results.push({ accountId: r.accountId, inWarmup, flagged: !check.ok, reasons: check.ok ? [] : check.reasons });
    }
    await this.automations.touch(setting.workspaceId, KEY);
    return results;
  }
}
