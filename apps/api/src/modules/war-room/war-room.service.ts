import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { ALL_ACCOUNTS, type AccountViewer } from '../../common/auth/account-scope.js';
import { accountViewerOf, actorOf, workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import { jsonBytes, type JsonBytes } from '../../common/http/json-bytes.js';
import { dateToMicros, keysetCursor, microsToDate } from '../../common/pagination/keyset-cursor.js';
import { AnalyticsService } from '../analytics/analytics.service.js';
import type { AccountAnalyticsHealth } from '../analytics/analytics.types.js';
import { AuditService } from '../audit/audit.service.js';
import { AutomationConfigChecks } from '../automations/automation-config-checks.js';
import { AutomationControlService } from '../automations/automation-control.service.js';
import { AUTOMATION_KEYS, defaultAutomationConfig, isAutomationKey, validateAutomationConfig } from '../automations/automation-keys.js';
import { TiktokWarmupService, type WarmupHealth } from '../automations/tiktok/tiktok-warmup.service.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { EventBus } from '../events/event-bus.js';
import { WorkspaceEvents } from '../events/workspace-events.service.js';
import { AlertsService, alertView } from '../monitoring/alerts.service.js';
import { limiterKey, platformLimits } from '../publishing/platform-limits.js';
import type { AutomationActivityPageDto, PreviewTemplateDto, SetAutomationResultDto, TemplatePreviewDto } from './dto/automation-control.dto.js';
import type { AccountHealthDto, AutomationDto, JobsPageDto, QueueItemDto, QueuePageDto, TrendDto, WarRoomStateDto } from './dto/war-room.dto.js';
import { StateCache } from './state-cache.js';
import { AutomationNotFound, InvalidAutomationConfig } from './war-room.errors.js';
import { WarRoomRepository, type AccountHealthRow, type AutomationRow, type QueueItemRow } from './war-room.repository.js';

const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);
const analyticsHealthView = (a: AccountAnalyticsHealth | undefined) => ({
  status: a?.status ?? 'unavailable',
  missingScopes: a?.missingScopes ?? [],
  followers: a?.followers ?? null,
  followersReadAt: a?.followersReadAt ? new Date(a.followersReadAt).toISOString() : null,
  views7d: a?.views7d ?? null,
  readsWaiting: a?.readsWaiting ?? 0,
  lastReadError: a?.lastReadError ?? null,
});
const warmupView = (w: WarmupHealth | undefined) => (w ? { ...w, startedAt: w.startedAt.toISOString() } : null);
const IN_FLIGHT_LIMIT = 50;
const UPCOMING_LIMIT = 20;
const RECENT_LIMIT = 20;
const TRENDS_LIMIT = 50;
/**
 * A workspace's state document is shared by every caller for up to this long, and computed once
 * for concurrent callers. Safe because the document names the last event it includes (eventId):
 * the SSE stream replays whatever happened after it. Any event of the workspace drops the copy, so
 * this only bounds what moves without one: the 24 h and 7-day windows, token expiry, upcoming
 * posts, analytics reads. One computation reads every account's windows (about 0.5 M index entries
 * at 1 M jobs over 1,000 accounts, bench:state), so it is paid at most once per this period.
 */
const STATE_TTL_MS = 5000;
/**
 * Past its TTL, a copy no event has dropped is still served (while one caller's request starts the
 * next computation) for up to this long; older, the caller waits for a fresh one.
 */
const STATE_STALE_MS = 30_000;

export function queueItemView(r: QueueItemRow): QueueItemDto {
  return {
    publicationId: r.publicationId,
    contentItemId: r.contentItemId,
    title: r.title,
    accountId: r.accountId,
    accountHandle: r.accountHandle,
    platform: r.platform,
    status: r.status,
    step: r.step,
    progressBytes: r.progressBytes,
    totalBytes: r.totalBytes,
    needsReview: r.needsReview,
    jobStatus: r.jobStatus,
    waitingOn: r.jobStatus === 'waiting_person' && r.waitingOn ? { ...r.waitingOn, platform: r.platform } : null,
    attempts: r.attempts,
    runAt: iso(r.runAt),
    errorCode: r.errorCode,
    errorMessage: r.errorMessage,
    errorClass: r.errorClass,
    permalink: r.permalink,
    postedAt: iso(r.postedAt),
    updatedAt: iso(r.updatedAt)!,
  };
}

export function automationView(key: string, row: AutomationRow | undefined): AutomationDto {
  return {
    key,
    enabled: row?.enabled ?? false,
    config: { ...(isAutomationKey(key) ? defaultAutomationConfig(key) : {}), ...(row?.config ?? {}) },
    lastRunAt: iso(row?.lastRunAt),
    updatedAt: iso(row?.updatedAt),
    updatedBy: row?.updatedBy ?? null,
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const CURSOR = keysetCursor({ atMicros: 'micros', id: 'uuid' });
const encodeCursor = (at: Date, id: string): string => CURSOR.encode({ atMicros: dateToMicros(at), id });
function decodeCursor(cursor: string | undefined): { at: Date; id: string } | undefined {
  const decoded = CURSOR.decodeOptional(cursor);
  return decoded && { at: microsToDate(decoded.atMicros), id: decoded.id };
}

/** The state document, serialized, and gzipped for the callers that accept it. */
export type StateBytes = JsonBytes;

/** The war room: one state document per workspace, the automation flags, the jobs view. */
@Injectable()
export class WarRoomService {
  private readonly cache = new StateCache<StateBytes>({ ttlMs: STATE_TTL_MS, staleMs: STATE_STALE_MS });
  private listening?: Promise<unknown>;

  constructor(
    private readonly repository: WarRoomRepository,
    private readonly events: WorkspaceEvents,
    private readonly alerts: AlertsService,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly bus: EventBus,
    private readonly automationControl: AutomationControlService,
    private readonly warmup: TiktokWarmupService,
    private readonly analytics: AnalyticsService,
    private readonly configChecks: AutomationConfigChecks,
  ) {}

  /**
   * The state document as JSON bytes, and gzipped: computed, serialized and compressed once per
   * workspace and TTL, whatever the number of callers (the SPA polls it, and refetches it on
   * RESYNC). With 1,000 accounts it is about 1.2 MB of JSON, 5 % of that gzipped.
   */
  stateBytes(principal: Principal): Promise<StateBytes> {
    const workspaceId = workspaceIdOf(principal);
    this.listening ??= this.bus
      .subscribe((m) => {
        if (m.kind === 'gap') this.cache.clear();
        else if (m.kind !== 'access_changed') this.cache.drop(m.workspaceId);
      })
      .catch(() => undefined);
    // A member limited to some accounts gets their own document, not the shared cached one (issue 25).
    const viewer = accountViewerOf(principal);
    if (viewer.allowedAccountIds !== null) {
      return this.computeState(workspaceId, viewer).then(jsonBytes);
    }
    return this.cache.get(workspaceId, async () => jsonBytes(await this.computeState(workspaceId)));
  }

  private async computeState(workspaceId: string, viewer: AccountViewer = ALL_ACCOUNTS): Promise<WarRoomStateDto> {
    // The cursor first: every event after it may or may not be in the document, and replaying
    // one that is changes nothing (events carry the publication's whole lane row).
    const eventId = await this.repository.lastEventId(workspaceId);
    const [counts, upcoming, inFlight, recent, automations, health, trends, alerts] = await Promise.all([
      this.repository.queueCounts(workspaceId, viewer),
      this.repository.upcoming(workspaceId, UPCOMING_LIMIT, viewer),
      this.repository.inFlight(workspaceId, IN_FLIGHT_LIMIT, viewer),
      this.recentPage(workspaceId, RECENT_LIMIT, undefined, viewer),
      this.automations(workspaceId),
      this.health(workspaceId, viewer.allowedAccountIds === null ? undefined : [...viewer.allowedAccountIds]),
      this.repository.trends(workspaceId, TRENDS_LIMIT),
      this.alerts.firing(workspaceId).then((alerts) =>
        // Limited members see the workspace-wide alerts and those about their accounts; an alert about another subject stays hidden.
        viewer.allowedAccountIds === null ? alerts : alerts.filter((a) => a.subject === '' || viewer.allowedAccountIds!.includes(a.subject)),
      ),
    ]);
    return {
      generatedAt: new Date().toISOString(),
      eventId,
      queue: {
        counts: {
          queued: counts.queued ?? 0,
          active: counts.active ?? 0,
          waitingRetry: counts.waiting_retry ?? 0,
          waitingPerson: counts.waiting_person ?? 0,
          needsReview: counts.needs_review ?? 0,
        },
        upcoming: upcoming.map((u) => ({ contentItemId: u.contentItemId, title: u.title, scheduledAt: iso(u.scheduledAt)!, accountIds: u.accountIds })),
        inFlight: inFlight.map(queueItemView),
        recent,
      },
      automations,
      health,
      trends: trends.map((t): TrendDto => ({ ...t, observedAt: iso(t.observedAt)!, expiresAt: iso(t.expiresAt) })),
      alerts: alerts.map(alertView),
    };
  }

  async recent(principal: Principal, cursor: string | undefined, limit = RECENT_LIMIT): Promise<QueuePageDto> {
    return this.recentPage(workspaceIdOf(principal), limit, cursor, accountViewerOf(principal));
  }

  private async recentPage(workspaceId: string, limit: number, cursor?: string, viewer: AccountViewer = ALL_ACCOUNTS): Promise<QueuePageDto> {
    const after = decodeCursor(cursor);
    const rows = await this.repository.recent(workspaceId, limit + 1, after ? { updatedAt: after.at, id: after.id } : undefined, viewer);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(queueItemView), nextCursor: rows.length > limit && last ? encodeCursor(last.updatedAt, last.publicationId) : null };
  }

  async automations(workspaceId: string): Promise<AutomationDto[]> {
    const rows = new Map((await this.repository.automations(workspaceId)).map((r) => [r.key, r]));
    return AUTOMATION_KEYS.map((key) => automationView(key, rows.get(key)));
  }

  /** Health of the workspace's accounts (or some of them): token, limiter headroom, failures, cadence. */
  async health(workspaceId: string, accountIds?: string[]): Promise<AccountHealthDto[]> {
    const rows = await this.repository.accountHealth(workspaceId, accountIds);
    const warmups = await this.warmup.health(workspaceId, accountIds);
    const limits = rows.flatMap((r) => this.limitsFor(r));
    const ids = rows.map((r) => r.accountId);
    const [usage, failureDays, activity, analytics] = await Promise.all([
      this.repository.limiterUsage(limits.map((l) => ({ key: l.key, windowMs: l.windowMs, daily: l.daily }))),
      this.repository.failuresByDay(ids),
      this.repository.automationActivity(workspaceId, ids),
      this.analytics.accountsHealth(workspaceId, ids),
    ]);
    const daysOf = groupBy(failureDays, (d) => d.accountId);
    const activityOf = groupBy(
      activity.filter((a) => isAutomationKey(a.key)),
      (a) => a.accountId,
    );
    const now = Date.now();
    return rows.map((r): AccountHealthDto => {
      const expiresAt = r.tokenExpiresAt ? new Date(r.tokenExpiresAt) : null;
      const expiresIn = expiresAt ? Math.round((expiresAt.getTime() - now) / 1000) : null;
      const target = r.targetPostsPerWeek;
      const ratio = target ? r.posted7d / target : null;
      return {
        accountId: r.accountId,
        platform: r.platform,
        handle: r.handle,
        status: r.status,
        restriction: r.status === 'restricted' ? r.restriction : null,
        notices: r.notices,
        token: {
          valid: r.hasToken && (r.status === 'active' || r.status === 'restricted') && (expiresIn === null || expiresIn > 0),
          expiresAt: iso(expiresAt),
          expiresInSeconds: expiresIn,
          refreshable: Boolean(r.refreshable),
          lastRefreshAt: iso(r.lastRefreshAt),
          lastRefreshError: r.lastRefreshError,
        },
        rateLimits: this.limitsFor(r).map((l) => {
          const used = usage.get(l.key) ?? 0;
          return { name: l.name, limit: l.limit, used, remaining: Math.max(0, l.limit - used), windowSeconds: l.windowMs / 1000 };
        }),
        platformUsage: r.platformUsage,
        failures24h: { finished: r.finished24h, failed: r.failed24h, rate: r.finished24h > 0 ? r.failed24h / r.finished24h : null },
        failures7d: (daysOf.get(r.accountId) ?? []).map((d) => ({ day: d.day, finished: d.finished, failed: d.failed })),
        automationActivity: (activityOf.get(r.accountId) ?? []).map((a) => ({
          key: a.key,
          lastActionAt: iso(a.lastActionAt)!,
          actions24h: a.actions24h,
          refused24h: a.refused24h,
        })),
        cadence: {
          postsLast7Days: r.posted7d,
          targetPerWeek: target,
          status: ratio === null ? 'no_target' : ratio < 0.8 ? 'behind' : ratio > 1.2 ? 'ahead' : 'on_track',
          warmup: warmupView(warmups.get(r.accountId)),
        },
        lastError: r.lastErrorAt ? { code: r.lastErrorCode, message: r.lastErrorMessage, errorClass: r.lastErrorClass, at: iso(r.lastErrorAt)! } : null,
        warnings: (r.warnings ?? []).map((w) => ({ ...w, since: iso(w.since)! })),
        analytics: analyticsHealthView(analytics.get(r.accountId)),
      };
    });
  }

  /** The limiter windows the job runner applies to this account (same keys as RateLimiterRepository). */
  private limitsFor(r: AccountHealthRow): { name: string; key: string; limit: number; windowMs: number; daily?: string }[] {
    return platformLimits(r.platform, this.config).map((l) => ({
      name: l.key,
      key: limiterKey(l, r.accountId),
      limit: l.limit,
      windowMs: l.windowMs,
      ...(l.resetsAt ? { daily: l.resetsAt.daily } : {}),
    }));
  }

  /**
   * Turns a flag on or off with its (validated) settings; audited; announced as a STATE_PATCH.
   * Turning one on then does the platform set-up it needs; what fails there comes back as warnings.
   */
  async setAutomation(principal: Principal, key: string, input: { enabled: boolean; config?: Record<string, unknown> }): Promise<SetAutomationResultDto> {
    if (!isAutomationKey(key)) throw new AutomationNotFound(key);
    const workspaceId = workspaceIdOf(principal);
    const current = (await this.repository.automations(workspaceId)).find((r) => r.key === key);
    const result = validateAutomationConfig(key, current?.config ?? {}, input.config);
    if ('errors' in result) throw new InvalidAutomationConfig(result.errors);
    const problems = await this.configChecks.check(workspaceId, key, result.config);
    if (problems.length) throw new InvalidAutomationConfig(problems);
    const actor = actorOf(principal);
    const view = await this.dataSource.transaction(async (tx) => {
      const row = await this.automationControl.save(tx, workspaceId, key, input.enabled, result.config, actor.userId);
      const view = automationView(key, row);
      await this.audit.record(
        {
          workspaceId,
          actor,
          action: input.enabled ? 'automation.enabled' : 'automation.disabled',
          target: { type: 'automation', id: key },
          metadata: { enabled: input.enabled, config: result.config },
        },
        tx,
      );
      await this.events.announce(tx, workspaceId, { type: 'automation_updated', data: { automation: view } });
      return view;
    });
    // Our own change is visible to our next read at once (the NOTIFY follows a moment later).
    this.cache.drop(workspaceId);
    // Set-up on the way on, and again when the accounts it covers change while on.
    const scopeChanged = JSON.stringify(current?.config?.accountIds ?? []) !== JSON.stringify(result.config.accountIds ?? []);
    const warnings = input.enabled && (!current?.enabled || scopeChanged) ? await this.automationControl.onEnabled(workspaceId, key, actor) : [];
    return { ...view, warnings };
  }

  /** What an automation did lately, newest first: runs, refusals with their rule, switch changes. */
  automationActivity(principal: Principal, key: string, query: { limit?: number; cursor?: string; outcome?: string }): Promise<AutomationActivityPageDto> {
    if (!isAutomationKey(key)) throw new AutomationNotFound(key);
    return this.automationControl.activity(
      workspaceIdOf(principal),
      key,
      { limit: query.limit ?? 20, cursor: query.cursor, outcome: query.outcome },
      accountViewerOf(principal),
    );
  }

  /** An automation's message template rendered as its engine would, with what is wrong with it. */
  previewAutomationTemplate(principal: Principal, key: string, input: PreviewTemplateDto): Promise<TemplatePreviewDto> {
    if (!isAutomationKey(key)) throw new AutomationNotFound(key);
    return this.automationControl.preview(workspaceIdOf(principal), key, input);
  }

  async jobsPage(principal: Principal, state: 'open' | 'finished', limit: number, cursor?: string): Promise<JobsPageDto> {
    const before = decodeCursor(cursor);
    const rows = await this.repository.jobs(workspaceIdOf(principal), state, limit + 1, before);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((j) => ({
        ...j,
        runAt: iso(j.runAt)!,
        leaseExpiresAt: iso(j.leaseExpiresAt),
        updatedAt: iso(j.updatedAt)!,
        finishedAt: iso(j.finishedAt),
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(state === 'open' ? last.runAt : last.finishedAt!, last.id) : null,
    };
  }
}
