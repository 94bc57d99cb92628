import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { JOB_STATUSES, PLATFORMS, type Platform } from '@mwr/domain';
import { ERROR_CLASSES } from '@mwr/publishers';

import { CursorQueryField } from '../../../common/pagination/keyset-cursor.js';
import { EnumField, IntField } from '../../../common/validation/fields.js';
import { ACCOUNT_STATUSES, AccountNoticeDto, AccountRestrictionDto, WaitingOnDto } from '../../accounts/dto/account.dto.js';
import { AUTOMATION_KEYS } from '../../automations/automation-keys.js';

export class QueueItemDto {
  @ApiProperty({ format: 'uuid' }) publicationId: string;
  @ApiProperty({ format: 'uuid' }) contentItemId: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty() accountHandle: string;
  @ApiProperty({ enum: PLATFORMS }) platform: Platform;
  @ApiProperty({ enum: ['pending', 'uploading', 'processing', 'posted', 'failed', 'cancelled'] }) status: string;
  @ApiProperty({ type: String, nullable: true, description: 'Current step of the platform flow (init, upload, poll, publish…)' }) step: string | null;
  @ApiProperty({ type: Number, nullable: true }) progressBytes: number | null;
  @ApiProperty({ type: Number, nullable: true }) totalBytes: number | null;
  @ApiProperty() needsReview: boolean;
  @ApiProperty({ type: String, nullable: true, enum: JOB_STATUSES })
  jobStatus: string | null;
  @ApiProperty({
    type: WaitingOnDto,
    nullable: true,
    description: 'Set while the job waits on a person (jobStatus waiting_person): why, and which account to act on',
  })
  waitingOn: WaitingOnDto | null;
  @ApiProperty({ type: Number, nullable: true }) attempts: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the job runs (next)' }) runAt: string | null;
  @ApiProperty({ type: String, nullable: true }) errorCode: string | null;
  @ApiProperty({ type: String, nullable: true }) errorMessage: string | null;
  @ApiProperty({ type: String, nullable: true }) errorClass: string | null;
  @ApiProperty({ type: String, nullable: true }) permalink: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) postedAt: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class UpcomingItemDto {
  @ApiProperty({ format: 'uuid' }) contentItemId: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date-time' }) scheduledAt: string;
  @ApiProperty({ type: [String], format: 'uuid' }) accountIds: string[];
}

export class QueueCountsDto {
  @ApiProperty() queued: number;
  @ApiProperty() active: number;
  @ApiProperty() waitingRetry: number;
  @ApiProperty({ description: 'Posts that wait on a person: their account must be reconnected or is restricted' }) waitingPerson: number;
  @ApiProperty() needsReview: number;
}

export class QueuePageDto {
  @ApiProperty({ type: [QueueItemDto] }) items: QueueItemDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass to GET /marketing-war-room/queue/recent for the next page' }) nextCursor: string | null;
}

export class QueueStateDto {
  @ApiProperty({ type: QueueCountsDto }) counts: QueueCountsDto;
  @ApiProperty({ type: [UpcomingItemDto], description: 'Scheduled items not started yet, soonest first' }) upcoming: UpcomingItemDto[];
  @ApiProperty({ type: [QueueItemDto], description: 'Publications waiting, uploading, processing or under review' }) inFlight: QueueItemDto[];
  @ApiProperty({ type: QueuePageDto, description: 'Finished publications, newest first (first page)' }) recent: QueuePageDto;
}

export class AutomationDto {
  @ApiProperty({ enum: AUTOMATION_KEYS }) key: string;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true }) config: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastRunAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) updatedBy: string | null;
}

export class TokenHealthDto {
  @ApiProperty({ description: 'A token is stored, not expired, and the account is active' }) valid: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt: string | null;
  @ApiProperty({ type: Number, nullable: true }) expiresInSeconds: number | null;
  @ApiProperty({ description: 'The token can be refreshed without the user' }) refreshable: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastRefreshAt: string | null;
  @ApiProperty({ type: String, nullable: true }) lastRefreshError: string | null;
}

export class RateLimitHeadroomDto {
  @ApiProperty({ example: 'tiktok:init' }) name: string;
  @ApiProperty() limit: number;
  @ApiProperty() used: number;
  @ApiProperty() remaining: number;
  @ApiProperty() windowSeconds: number;
}

export class FailureRateDto {
  @ApiProperty({ description: 'Jobs that ended in the last 24 h' }) finished: number;
  @ApiProperty() failed: number;
  @ApiProperty({ type: Number, nullable: true, description: 'failed / finished, 0..1; null when nothing ended' }) rate: number | null;
}

export class WarmupCadenceDto {
  @ApiProperty({ description: 'Week of the warm-up today falls in (1 = the first)' }) week: number;
  @ApiProperty({ description: 'Weeks in the ramp; after them the account is warmed up' }) totalWeeks: number;
  @ApiProperty({ description: 'Posts a day the ramp allows this week' }) allowedPerDay: number;
  @ApiProperty({ description: "Posts occupying today (scheduled, in flight or posted), in the workspace's time zone" }) plannedToday: number;
  @ApiProperty({ description: 'Of those, already posted' }) postsToday: number;
  @ApiProperty({ format: 'date-time', description: 'When the warm-up started: the connection, or the last restart' }) startedAt: string;
  @ApiProperty({ example: '2030-01-29', description: 'The first local day the ramp no longer applies' }) endsOn: string;
}

export class CadenceDto {
  @ApiProperty() postsLast7Days: number;
  @ApiProperty({ type: Number, nullable: true }) targetPerWeek: number | null;
  @ApiProperty({ enum: ['on_track', 'behind', 'ahead', 'no_target'] }) status: 'on_track' | 'behind' | 'ahead' | 'no_target';
  // Added with the enforced warm-up (issue 13): always sent, documented as optional so older clients keep compiling.
  @ApiPropertyOptional({
    type: WarmupCadenceDto,
    nullable: true,
    description: 'Cadence vs the tiktok_warmup ramp, for a TikTok account warming up today while the automation is on; else null (always sent)',
  })
  warmup?: WarmupCadenceDto | null;
}

export class AutomationWarningDto {
  @ApiProperty({ description: 'The automation that raised it', example: 'tiktok_warmup' }) automation: string;
  @ApiProperty({ enum: ['warning', 'critical'] }) severity: string;
  @ApiProperty() message: string;
  @ApiProperty({ format: 'date-time' }) since: string;
}

export class LastErrorDto {
  @ApiProperty({ type: String, nullable: true }) code: string | null;
  @ApiProperty({ type: String, nullable: true }) message: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, enum: [...ERROR_CLASSES], description: 'What kind of failure it was (always sent)' })
  errorClass: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class FailureDayDto {
  @ApiProperty({ example: '2030-01-07', description: 'A UTC day' }) day: string;
  @ApiProperty({ description: 'Jobs that ended that day' }) finished: number;
  @ApiProperty() failed: number;
}

export class AutomationActivityDto {
  @ApiProperty({ enum: AUTOMATION_KEYS }) key: string;
  @ApiProperty({ format: 'date-time', description: 'The newest thing it recorded for this account (last 30 days)' }) lastActionAt: string;
  @ApiProperty({ description: 'What it did or recorded for this account in the last 24 h (messages sent, flags raised…), refusals aside' }) actions24h: number;
  @ApiProperty({ description: 'Actions it refused to take in the last 24 h because a compliance rule forbade them' }) refused24h: number;
}

/** An account's analytics (issue 21): whether its posts' results are read, and the last figures. */
export class AccountAnalyticsHealthDto {
  @ApiProperty({ enum: ['enabled', 'reconnect_required', 'unavailable'], description: 'reconnect_required: "reconnect to enable analytics"' }) status: string;
  @ApiProperty({ type: [String] }) missingScopes: string[];
  @ApiProperty({ type: Number, nullable: true, description: 'Followers at the last daily read' }) followers: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) followersReadAt: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Latest views of its posts of the last 7 days (read or entered)' }) views7d: number | null;
  @ApiProperty({ description: 'Reads waiting for a retry (a 429, a quota, a missing scope)' }) readsWaiting: number;
  @ApiProperty({ type: String, nullable: true }) lastReadError: string | null;
}

export class AccountHealthDto {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ enum: PLATFORMS }) platform: Platform;
  @ApiProperty() handle: string;
  @ApiProperty({ enum: ACCOUNT_STATUSES }) status: string;
  @ApiProperty({ type: AccountRestrictionDto, nullable: true, description: 'Why the platform refuses the account, while status is `restricted`' })
  restriction: AccountRestrictionDto | null;
  @ApiProperty({ type: [AccountNoticeDto], description: 'Facts the platform showed while publishing (e.g. uploads_locked_private); publishing goes on' })
  notices: AccountNoticeDto[];
  @ApiProperty({ type: TokenHealthDto }) token: TokenHealthDto;
  @ApiProperty({ type: [RateLimitHeadroomDto], description: "Our limiter's windows for this account" }) rateLimits: RateLimitHeadroomDto[];
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: "The platform's last reported usage headers, when known" })
  platformUsage: Record<string, unknown> | null;
  @ApiProperty({ type: FailureRateDto }) failures24h: FailureRateDto;
  // Added with the Account Health panel (issue 13): always sent, documented as optional so older clients keep compiling.
  @ApiPropertyOptional({ type: [FailureDayDto], description: 'Jobs ended per UTC day over the last 7 days, oldest first, zero-filled (always sent)' })
  failures7d: FailureDayDto[];
  @ApiPropertyOptional({ type: [AutomationActivityDto], description: 'What each automation did for this account (from the audit log; always sent)' })
  automationActivity: AutomationActivityDto[];
  @ApiProperty({ type: CadenceDto }) cadence: CadenceDto;
  @ApiProperty({ type: LastErrorDto, nullable: true }) lastError: LastErrorDto | null;
  @ApiPropertyOptional({
    type: [AutomationWarningDto],
    description: 'Warnings raised by automations (e.g. posting faster than the TikTok warm-up allows); always sent',
  })
  warnings: AutomationWarningDto[];
  // Added with analytics (issue 21): always sent, documented as optional so older clients keep compiling.
  @ApiPropertyOptional({ type: AccountAnalyticsHealthDto, description: "Its posts' results as read from the platform (always sent)" })
  analytics: AccountAnalyticsHealthDto;
}

export class TrendDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PLATFORMS, nullable: true }) platform: Platform | null;
  @ApiProperty({ enum: ['hashtag', 'sound', 'format', 'topic', 'note', 'caption', 'hour'] }) kind: string;
  @ApiProperty() label: string;
  @ApiProperty({ description: "manual, internal_analytics, team_note, tiktok_creative_center, or an official source's key (youtube.charts…)" }) source: string;
  // Added with the Trend Radar (issue 13): always sent, documented as optional so older clients keep compiling.
  @ApiPropertyOptional({ enum: ['spotted', 'planned', 'used', 'retired'], description: 'Where it is on the Trend Radar board (always sent)' }) status: string;
  @ApiPropertyOptional({ type: [String], description: 'Always sent' }) tags: string[];
  @ApiProperty({ type: Number, nullable: true }) score: number | null;
  @ApiProperty({ type: String, nullable: true }) notes: string | null;
  @ApiProperty({ type: String, nullable: true }) url: string | null;
  @ApiProperty({ format: 'date-time' }) observedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt: string | null;
}

export class AlertDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['queue_depth', 'error_rate', 'token_expiring', 'needs_review', 'webhook_disabled'] }) rule: string;
  @ApiProperty({ description: 'What it is about (an account or publication id), empty for workspace-wide rules' }) subject: string;
  @ApiProperty({ enum: ['warning', 'critical'] }) severity: string;
  @ApiProperty() message: string;
  @ApiProperty({ type: Number, nullable: true }) value: number | null;
  @ApiProperty({ type: Number, nullable: true }) threshold: number | null;
  @ApiProperty({ format: 'date-time' }) firedAt: string;
}

export class WarRoomStateDto {
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ description: 'Open GET /marketing-war-room/events with Last-Event-ID set to this to miss nothing after this document', example: '1042' })
  eventId: string;
  @ApiProperty({ type: QueueStateDto }) queue: QueueStateDto;
  @ApiProperty({ type: [AutomationDto] }) automations: AutomationDto[];
  @ApiProperty({ type: [AccountHealthDto] }) health: AccountHealthDto[];
  @ApiProperty({ type: [TrendDto] }) trends: TrendDto[];
  @ApiProperty({ type: [AlertDto], description: 'Alerts firing now for this workspace' }) alerts: AlertDto[];
}

export class RecentQueryDto {
  @CursorQueryField() cursor?: string;
  @IntField(1, 100, { optional: true }) limit?: number;
}

export class JobsQueryDto {
  @EnumField(['open', 'finished'] as const, { optional: true, description: 'open (default): queued, running, retrying, under review; finished: newest first' })
  state?: 'open' | 'finished';
  @CursorQueryField() cursor?: string;
  @IntField(1, 200, { optional: true }) limit?: number;
}

export class JobViewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) publicationId: string;
  @ApiProperty({ type: String, nullable: true }) platform: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) accountId: string | null;
  @ApiProperty() status: string;
  @ApiProperty() attempts: number;
  @ApiProperty() maxAttempts: number;
  @ApiProperty({ format: 'date-time' }) runAt: string;
  @ApiProperty({ type: String, nullable: true, description: 'The worker holding the lease' }) lockedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) leaseExpiresAt: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) lastError: Record<string, unknown> | null;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
}

export class JobsPageDto {
  @ApiProperty({ type: [JobViewDto] }) items: JobViewDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

/** SSE payloads (documented for the SPA's generated types; the stream itself is text/event-stream). */
export class StatePatchOpDto {
  @ApiProperty({ enum: ['replace', 'add', 'remove'] }) op: 'replace' | 'add' | 'remove';
  @ApiProperty({ example: '/automations/ig_welcome_dm', description: 'JSON Pointer into the state document; arrays of keyed items are addressed by key' })
  path: string;
  @ApiPropertyOptional({ description: 'The new value (absent for remove)' }) value?: unknown;
}

export class QueueUpdatedEventDto extends QueueItemDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The timeline event behind this update (claimed, step_finished, succeeded…); null for progress ticks',
  })
  eventType: string | null;
}

export class ResyncEventDto {
  @ApiProperty({ example: 'replay_window_exceeded' }) reason: string;
}

export const SSE_EVENT_MODELS = [StatePatchOpDto, QueueUpdatedEventDto, AccountHealthDto, ResyncEventDto];
