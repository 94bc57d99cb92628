import { applyDecorators, Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';

import { Access } from '../../common/auth/access.decorator.js';
import { AccountScoped } from '../../common/auth/account-scope.js';
import { CurrentPrincipal, type Principal } from '../../common/auth/principal.js';
import { AppException } from '../../common/errors/app-exception.js';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { UuidParam } from '../../common/validation/id.pipe.js';
import { toContentItemDto } from './calendar.mapper.js';
import { CalendarService, type ItemWithWarnings } from './calendar.service.js';
import {
  CalendarDto,
  CalendarQueryDto,
  ContentItemDto,
  ContentItemPageDto,
  ContentItemResultDto,
  CreateContentItemDto,
  ListContentItemsQueryDto,
  QueueQueryDto,
  RescheduleDto,
  UpdateContentItemDto,
} from './dto/content-item.dto.js';

/**
 * Optimistic locking, in the contract: the version is required — as If-Match or as `version` in the
 * body (so the header alone cannot be marked required) — 428 without it, 412 STALE_VERSION when
 * someone changed the item first (RFC 9110: a failed If-Match is 412); 409 stays for state conflicts.
 */
const VersionPrecondition = () =>
  applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: 'The version you saw, e.g. "3". Required unless `version` is in the body: without either, 428 VERSION_REQUIRED.',
    }),
    ApiResponse({ status: 428, description: 'No version sent (VERSION_REQUIRED): send If-Match or `version`' }),
    ApiResponse({ status: 412, description: 'Someone changed the item first (STALE_VERSION, params.currentVersion): reload it and apply the change again' }),
    ApiConflictResponse({
      description:
        'Its state does not allow this (INVALID_STATE, ITEM_LOCKED: published, ' +
        'ITEM_CANCELLED, SCHEDULE_IN_PAST; undoing a cancel: NOT_CANCELLED, NOTHING_TO_RESTORE, ALREADY_PUBLISHED)',
    }),
  );
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,200}$/;

const withWarnings = (result: ItemWithWarnings): ContentItemResultDto => ({ ...toContentItemDto(result.item), warnings: result.warnings });

@ApiTags('content-items')
@Controller('content-items')
export class ContentItemsController {
  constructor(private readonly calendar: CalendarService) {}

  @Post()
  @Access('contributor', 'content:write')
  @ApiOperation({ summary: 'Plan a post: a draft, or scheduled with its accounts. Retries with the same Idempotency-Key never create a second item.' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Any unique string per intended item; the same key and body return the first result' })
  @ApiCreatedResponse({ type: ContentItemResultDto })
  @ApiResponse({
    status: 422,
    description: 'Refused content (CAPTION_REJECTED, TIKTOK_OPTIONS_NOT_ALLOWED) or an Idempotency-Key reused with another body (IDEMPOTENCY_KEY_REUSED)',
  })
  async createContentItem(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateContentItemDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ContentItemResultDto> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new AppException('VALIDATION_FAILED', 'Idempotency-Key must be 1–200 characters of letters, digits and . _ : -', 400);
    }
    const result = await this.calendar.create(principal, body, withWarnings, idempotencyKey);
    res.status(result.status);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    else res.setHeader('ETag', `"${result.body.version}"`);
    return result.body;
  }

  @Get()
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: 'Content items, newest first, with filters and a cursor' })
  @ApiOkResponse({ type: ContentItemPageDto })
  async listContentItems(@CurrentPrincipal() principal: Principal, @Query() query: ListContentItemsQueryDto): Promise<ContentItemPageDto> {
    const page = await this.calendar.list(principal, query);
    return { items: page.items.map(toContentItemDto), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @AccountScoped('contentItem')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: 'One content item with its targets and per-platform publications' })
  @ApiOkResponse({ type: ContentItemDto })
  @ApiNotFoundResponse()
  async getContentItem(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParam()) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ContentItemDto> {
    const item = await this.calendar.get(principal, id);
    res.setHeader('ETag', `"${item.version}"`);
    return toContentItemDto(item);
  }

  @Patch(':id')
  @AccountScoped('contentItem')
  @Access('contributor', 'content:write')
  @ApiOperation({ summary: 'Edit an item (optimistic locking: 412 when someone changed it first). A published item is never republished.' })
  @VersionPrecondition()
  @ApiOkResponse({ type: ContentItemResultDto })
  @ApiResponse({ status: 422, description: 'Refused content (CAPTION_REJECTED, TIKTOK_OPTIONS_NOT_ALLOWED)' })
  async updateContentItem(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParam()) id: string,
    @Body() body: UpdateContentItemDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<ContentItemResultDto> {
    return withWarnings(await this.calendar.update(principal, id, body, ifMatch));
  }

  @Post(':id/reschedule')
  @AccountScoped('contentItem')
  @Access('contributor', 'content:write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move an item to another time' })
  @VersionPrecondition()
  @ApiOkResponse({ type: ContentItemResultDto })
  @ApiResponse({ status: 422, description: 'The new time is refused (SCHEDULE_IN_PAST, WARMUP_LIMIT_REACHED, …)' })
  async rescheduleContentItem(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParam()) id: string,
    @Body() body: RescheduleDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<ContentItemResultDto> {
    return withWarnings(await this.calendar.reschedule(principal, id, body.scheduledAt, body.timeZone, body.version, ifMatch));
  }

  @Post(':id/pause')
  @AccountScoped('contentItem')
  @Access('editor', 'content:write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hold a scheduled item: it will not publish until resumed' })
  @VersionPrecondition()
  @ApiOkResponse({ type: ContentItemDto })
  async pauseContentItem(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParam()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<ContentItemDto> {
    return toContentItemDto(await this.calendar.pause(principal, id, ifMatch));
  }

  @Post(':id/resume')
  @AccountScoped('contentItem')
  @Access('contributor', 'content:write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Put a paused item back on schedule' })
  @VersionPrecondition()
  @ApiOkResponse({ type: ContentItemDto })
  @ApiResponse({ status: 422, description: 'Its time is refused now (SCHEDULE_IN_PAST, WARMUP_LIMIT_REACHED, …)' })
  async resumeContentItem(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParam()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<ContentItemDto> {
    return toContentItemDto(await this.calendar.resume(principal, id, ifMatch));
  }

  @Post(':id/cancel')
  @AccountScoped('contentItem')
  @Access('editor', 'content:write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an item that has not started publishing' })
  @VersionPrecondition()
  @ApiOkResponse({ type: ContentItemDto })
  async cancelContentItem(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParam()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<ContentItemDto> {
    return toContentItemDto(await this.calendar.cancel(principal, id, ifMatch));
  }

  @Post(':id/duplicate')
  @AccountScoped('contentItem')
  @Idempotent()
  @Access('contributor', 'content:write')
  @ApiOperation({ summary: 'Copy an item as a new draft (the way to post something again)' })
  @ApiCreatedResponse({ type: ContentItemDto })
  async duplicateContentItem(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<ContentItemDto> {
    return toContentItemDto(await this.calendar.duplicate(principal, id));
  }

  @Post(':id/uncancel')
  @AccountScoped('contentItem')
  @Access('contributor', 'content:write')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Undo a cancel: the item goes back to what it was, unless part of it was published (ALREADY_PUBLISHED) or its time has passed (SCHEDULE_IN_PAST)',
  })
  @VersionPrecondition()
  @ApiOkResponse({ type: ContentItemDto })
  async uncancelContentItem(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParam()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<ContentItemDto> {
    return toContentItemDto(await this.calendar.uncancel(principal, id, ifMatch));
  }

  @Post(':id/restore')
  @AccountScoped('contentItem')
  @Access('editor', 'content:write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Undo a delete: a deleted item comes back as it was (deleted items are purged after 30 days)' })
  @ApiOkResponse({ type: ContentItemDto })
  @ApiNotFoundResponse()
  @ApiConflictResponse()
  async restoreContentItem(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<ContentItemDto> {
    return toContentItemDto(await this.calendar.restore(principal, id));
  }

  @Delete(':id')
  @AccountScoped('contentItem')
  @Access('editor', 'content:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a draft or cancelled item (restorable with POST :id/restore for 30 days)' })
  @VersionPrecondition()
  @ApiNoContentResponse()
  async deleteContentItem(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParam()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<void> {
    await this.calendar.delete(principal, id, ifMatch);
  }
}

@ApiTags('calendar')
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('queue')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: 'The queue: posts in one state, by scheduled time, filtered by account, platform and caption text, paged by cursor' })
  @ApiOkResponse({ type: ContentItemPageDto })
  async listQueue(@CurrentPrincipal() principal: Principal, @Query() query: QueueQueryDto): Promise<ContentItemPageDto> {
    const page = await this.calendar.queue(principal, query);
    return { items: page.items.map(toContentItemDto), nextCursor: page.nextCursor };
  }

  @Get()
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: "Items scheduled on the given days of the workspace's time zone (a week or a month view)" })
  @ApiOkResponse({ type: CalendarDto })
  async getCalendar(@CurrentPrincipal() principal: Principal, @Query() query: CalendarQueryDto): Promise<CalendarDto> {
    const window = await this.calendar.window(principal, query.fromDate, query.toDate);
    return { timeZone: window.timeZone, from: window.from.toISOString(), to: window.to.toISOString(), items: window.items.map(toContentItemDto) };
  }
}
