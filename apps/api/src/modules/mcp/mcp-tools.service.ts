import { Injectable, type ArgumentMetadata, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';

import { approvalRequired, PLANNABLE_STATUSES, type ApprovalPolicy } from '@mwr/domain';

import { workspaceIdOf, type ApiKeyPrincipal } from '../../common/auth/principal.js';
import { createValidationPipe } from '../../common/validation/validation.pipe.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { AnalyticsQueryService } from '../analytics/analytics-query.service.js';
import { AnalyticsSummaryQueryDto } from '../analytics/dto/analytics-query.dto.js';
import { AssetImportService } from '../assets/asset-import.service.js';
import { AssetsService } from '../assets/assets.service.js';
import { ImportAssetDto } from '../assets/dto/asset-import.dto.js';
import { BestTimesService } from '../best-times/best-times.service.js';
import { BestTimesQueryDto } from '../best-times/dto/best-times.dto.js';
import { CalendarService } from '../calendar/calendar.service.js';
import type { ContentItem } from '../calendar/calendar.types.js';
import { validateAccountOptions, validateCaptions, validateContent } from '../calendar/content-validation.js';
import { CreateContentItemDto, UpdateContentItemDto } from '../calendar/dto/content-item.dto.js';
import { PublishingService } from '../publishing/publishing.service.js';
import { ReviewsService } from '../reviews/reviews.service.js';
import { WarRoomService } from '../war-room/war-room.service.js';
import { TOOL_INPUTS, type McpTool } from './mcp.tools.js';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** One reason the schedule would be refused, as a dry run reports it. */
interface Refusal {
  check: string;
  code: string;
  message: string;
  field?: string;
  params?: Record<string, unknown>;
}

/**
 * The MCP tools (issue 26), each a thin call into the services the REST API uses; inputs go
 * through the same DTO validation (VALIDATION_FAILED with the same messages).
 */
@Injectable()
export class McpToolsService {
  private readonly validation = createValidationPipe();

  constructor(
    private readonly accounts: AccountsService,
    private readonly warRoom: WarRoomService,
    private readonly imports: AssetImportService,
    private readonly assets: AssetsService,
    private readonly calendar: CalendarService,
    private readonly reviews: ReviewsService,
    private readonly analytics: AnalyticsQueryService,
    private readonly bestTimes: BestTimesService,
    private readonly moduleRef: ModuleRef,
  ) {}

  readonly tools: McpTool[] = [
    {
      name: 'list_accounts',
      title: 'List social accounts',
      description:
        'The connected social accounts of the workspace with their health: connection status, token expiry, restriction, failures in the last 24 h, rate-limit headroom, posting cadence and the last error.',
      scope: 'accounts:read',
      readOnly: true,
      inputSchema: TOOL_INPUTS.list_accounts,
      run: (principal) => this.listAccounts(principal),
    },
    {
      name: 'import_video_from_url',
      title: 'Import a video from a URL',
      description:
        'Downloads an MP4/MOV video from a public http(s) URL into the media library (size-limited, probed; the same bytes give the existing video). Returns the asset id to use in create_draft.',
      scope: 'content:write',
      readOnly: false,
      inputSchema: TOOL_INPUTS.import_video_from_url,
      run: (principal, args) => this.importVideo(principal, args),
    },
    {
      name: 'create_draft',
      title: 'Create a draft post',
      description: 'Creates a draft post (caption, hashtags, video, target accounts). Nothing is published until schedule_post.',
      scope: 'content:write',
      readOnly: false,
      inputSchema: TOOL_INPUTS.create_draft,
      run: (principal, args) => this.createDraft(principal, args),
    },
    {
      name: 'schedule_post',
      title: 'Schedule a post',
      description:
        'Schedules a draft at a time. The workspace’s approval policy applies: when approval is required the post waits for review and is not published until approved. With dry_run: true nothing is saved; the answer says what would be published and every check that would refuse it.',
      scope: 'content:write',
      readOnly: false,
      inputSchema: TOOL_INPUTS.schedule_post,
      run: (principal, args) => this.schedulePost(principal, args),
    },
    {
      name: 'get_post_status',
      title: 'Get a post’s status',
      description: 'A post’s status, its approval state, and per platform where the publication is with its step-by-step timeline and any error.',
      scope: 'content:read',
      readOnly: true,
      inputSchema: TOOL_INPUTS.get_post_status,
      run: (principal, args) => this.postStatus(principal, args),
    },
    {
      name: 'analytics_summary',
      title: 'Analytics summary',
      description:
        'Totals and daily trend per account and per platform for posts that went live in a date range (default the last 30 days); combined totals only over platforms whose terms allow it.',
      scope: 'content:read',
      readOnly: true,
      inputSchema: TOOL_INPUTS.analytics_summary,
      run: async (principal, args) => ({ ...(await this.analytics.summary(principal, await this.validated(AnalyticsSummaryQueryDto, args, 'query'))) }),
    },
    {
      name: 'best_times',
      title: 'Best times to post',
      description:
        'When an account (or every account of a platform) does best: a weekday × local-hour heatmap of views at 24 h against the account’s usual, with sample sizes; give exactly one of accountId or platform.',
      scope: 'content:read',
      readOnly: true,
      inputSchema: TOOL_INPUTS.best_times,
      run: async (principal, args) => ({ ...(await this.bestTimes.bestTimes(principal, await this.validated(BestTimesQueryDto, args, 'query'))) }),
    },
  ];

  /** Runs the input through the REST route's DTO and the global validation rules. */
  private validated<T>(metatype: Type<T>, value: unknown, type: ArgumentMetadata['type'] = 'body'): Promise<T> {
    return this.validation.transform(value, { type, metatype }) as Promise<T>;
  }

  private async listAccounts(principal: ApiKeyPrincipal): Promise<Record<string, unknown>> {
    const accounts = await this.accounts.list(principal);
    const health = new Map(
      (
        await this.warRoom.health(
          workspaceIdOf(principal),
          accounts.map((a) => a.id),
        )
      ).map((h) => [h.accountId, h]),
    );
    return {
      accounts: accounts.map((a) => {
        const h = health.get(a.id);
        return {
          id: a.id,
          platform: a.platform,
          handle: a.handle,
          displayName: a.displayName,
          status: a.status,
          restriction: a.status === 'restricted' ? a.restriction : null,
          health: h
            ? {
                token: h.token,
                failures24h: h.failures24h,
                rateLimits: h.rateLimits,
                cadence: h.cadence,
                lastError: h.lastError,
                warnings: h.warnings,
                notices: h.notices,
              }
            : null,
        };
      }),
    };
  }

  private async importVideo(principal: ApiKeyPrincipal, args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { url } = await this.validated(ImportAssetDto, args);
    const { asset, linked } = await this.imports.importFromUrl(principal, url);
    return {
      asset: { id: asset.id, filename: asset.originalFilename, bytes: Number(asset.bytes), sha256: asset.sha256, status: asset.status, probe: asset.probe },
      duplicate: linked,
    };
  }

  private async createDraft(principal: ApiKeyPrincipal, args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { accountIds, ...rest } = args as { accountIds?: unknown[]; timeZone?: unknown };
    const dto = await this.validated(CreateContentItemDto, {
      ...rest,
      timeZone: rest.timeZone ?? 'UTC',
      status: 'draft',
      targets: (accountIds ?? []).map((accountId) => ({ accountId })),
    });
    const { body } = await this.calendar.create(principal, dto, (result) => result);
    return { post: this.postView(body.item), warnings: body.warnings };
  }

  private async schedulePost(principal: ApiKeyPrincipal, args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { postId, dry_run: dryRun, ...change } = args as { postId: string; dry_run?: boolean; scheduledAt: string; timeZone?: string };
    const dto = await this.validated(UpdateContentItemDto, { ...change, status: 'scheduled' });
    const item = await this.calendar.get(principal, String(postId));
    if (dryRun) return this.dryRun(principal, item, dto);
    const { item: scheduled, warnings } = await this.calendar.update(principal, item.id, { ...dto, version: item.version });
    const review = await this.reviews.state(principal, item.id);
    return {
      post: this.postView(scheduled),
      // Under a required approval policy the post is planned but not published until approved.
      outcome: review.awaitingApproval ? 'awaiting_approval' : 'scheduled',
      approval: { policy: review.policy, state: review.state, awaitingApproval: review.awaitingApproval },
      warnings,
    };
  }

  /**
   * What scheduling would publish, and every check that would refuse it, without saving: the
   * calendar's content rules, the captions' and the accounts' option rules, the video's quality
   * gates for each target, the accounts' connection, and the approval policy.
   */
  private async dryRun(principal: ApiKeyPrincipal, item: ContentItem, dto: UpdateContentItemDto): Promise<Record<string, unknown>> {
    const workspaceId = workspaceIdOf(principal);
    const scheduledAt = dto.scheduledAt ? new Date(dto.scheduledAt) : null;
    const targets = item.targets.map((t) => ({ accountId: t.accountId, options: t.options as Record<string, unknown> }));
    const accounts = new Map((await this.accounts.findMany(workspaceId, [...new Set(targets.map((t) => t.accountId))])).map((a) => [a.id, a]));
    const refusals: Refusal[] = [];
    if (!PLANNABLE_STATUSES.includes(item.status)) {
      refusals.push({ check: 'state', code: 'ITEM_LOCKED', message: `A ${item.status.replace('_', ' ')} post cannot be scheduled` });
    }
    const draft = { caption: item.caption, hashtags: item.hashtags, scheduledAt, status: 'scheduled' as const, targets };
    for (const error of validateContent(draft, accounts, new Date(), true)) {
      refusals.push({
        check: 'content',
        code: error.code ?? 'VALIDATION_FAILED',
        field: error.field,
        message: error.messages.join('; '),
        params: error.params,
      });
    }
    for (const error of validateCaptions(draft, accounts)) {
      refusals.push({ check: 'caption', code: error.code ?? 'CAPTION_REJECTED', field: error.field, message: error.messages.join('; '), params: error.params });
    }
    for (const problem of validateAccountOptions(targets, accounts)) {
      refusals.push({
        check: 'account_options',
        code: problem.code ?? 'TIKTOK_OPTIONS_NOT_ALLOWED',
        field: problem.field,
        message: problem.messages.join('; '),
        params: { ...problem.params, allowed: problem.allowed },
      });
    }
    for (const account of accounts.values()) {
      if (account.status !== 'active') {
        refusals.push({
          check: 'account',
          code: `ACCOUNT_${account.status.toUpperCase()}`,
          message: `@${account.handle} (${account.platform}) is ${account.status.replace('_', ' ')}: it will not post until that is solved`,
          params: { accountId: account.id, platform: account.platform, handle: account.handle },
        });
      }
    }
    let video: Record<string, unknown> | null = null;
    if (item.assetId) {
      const asset = await this.assets.get(workspaceId, item.assetId);
      video = { id: asset.id, filename: asset.originalFilename, bytes: Number(asset.bytes), status: asset.status };
      if (asset.status !== 'ready') refusals.push({ check: 'video', code: 'ASSET_NOT_READY', message: `The video is ${asset.status}, not ready` });
      else if (asset.probe) {
        for (const finding of await this.assets.checks(workspaceId, asset.id, [...accounts.values()])) {
          if (finding.severity !== 'error') continue;
          refusals.push({
            check: 'quality_gate',
            code: finding.code,
            message: finding.message.en,
            params: { platform: finding.platform, limit: finding.limit, actual: finding.actual },
          });
        }
      }
    }
    const settings = await this.reviews.settings(principal);
    const policy = settings.policy as ApprovalPolicy;
    return {
      dryRun: true,
      wouldSchedule: refusals.length === 0,
      wouldPublish: {
        postId: item.id,
        at: iso(scheduledAt),
        timeZone: dto.timeZone ?? item.timeZone,
        title: item.title,
        caption: item.caption,
        hashtags: item.hashtags,
        video,
        targets: item.targets.map((t) => ({ accountId: t.accountId, platform: t.platform, handle: t.handle })),
      },
      refusals,
      approval: { policy, wouldAwaitApproval: approvalRequired(policy) },
    };
  }

  private async postStatus(principal: ApiKeyPrincipal, args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const item = await this.calendar.get(principal, String(args.postId));
    // PublishingModule is registered by AppModule with the role's options (a dynamic module): looked up, not imported.
    const publishing = this.moduleRef.get(PublishingService, { strict: false });
    const [review, publications] = await Promise.all([
      this.reviews.state(principal, item.id),
      Promise.all(
        item.publications.map(async (p) => {
          const { publication, job, timeline } = await publishing.detail(principal, p.id);
          return {
            id: publication.id,
            accountId: publication.accountId,
            platform: publication.platform,
            status: publication.status,
            step: publication.step,
            permalink: publication.permalink,
            postedAt: iso(publication.postedAt),
            error: publication.errorCode ? { code: publication.errorCode, message: publication.errorMessage, class: publication.errorClass } : null,
            job: job ? { status: job.status, attempts: job.attempts, maxAttempts: job.maxAttempts, runAt: iso(job.runAt) } : null,
            timeline: timeline.map((e) => ({ ...e, at: iso(e.at) })),
          };
        }),
      ),
    ]);
    return {
      post: this.postView(item),
      approval: { policy: review.policy, state: review.state, awaitingApproval: review.awaitingApproval },
      publications,
    };
  }

  private postView(item: ContentItem): Record<string, unknown> {
    return {
      id: item.id,
      title: item.title,
      caption: item.caption,
      hashtags: item.hashtags,
      assetId: item.assetId,
      status: item.status,
      scheduledAt: iso(item.scheduledAt),
      timeZone: item.timeZone,
      version: item.version,
      targets: item.targets.map((t) => ({ accountId: t.accountId, platform: t.platform, handle: t.handle })),
    };
  }
}
