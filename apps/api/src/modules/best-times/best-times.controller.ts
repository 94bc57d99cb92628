import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { Access } from '../../common/auth/access.decorator.js';
import { AccountScoped } from '../../common/auth/account-scope.js';
import { CurrentPrincipal, type Principal } from '../../common/auth/principal.js';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { UuidParam } from '../../common/validation/id.pipe.js';
import { BestTimesService } from './best-times.service.js';
import { BestTimesDto, BestTimesQueryDto } from './dto/best-times.dto.js';
import {
  CreateQueueSlotDto,
  NextSlotDto,
  NextSlotQueryDto,
  QueueSettingsDto,
  QueueSlotDto,
  QueueSlotListDto,
  QueueSlotsQueryDto,
  SlotSuggestionsDto,
  SlotSuggestionsQueryDto,
  UpdateQueueSettingsDto,
  UpdateQueueSlotDto,
} from './dto/queue-slots.dto.js';

/** Best times from our own results (issue 24). */
@ApiTags('analytics')
@Controller('analytics')
export class BestTimesController {
  constructor(private readonly service: BestTimesService) {}

  @Get('best-times')
  @Access('viewer', 'content:read')
  @ApiOperation({
    summary:
      "When an account (or a platform's accounts) does best: a weekday × local-hour heatmap of views at 24 h against the account's usual, with sample sizes and intervals; what is still needed below the minimums",
  })
  @ApiOkResponse({ type: BestTimesDto })
  @ApiBadRequestResponse({ description: 'BEST_TIMES_INVALID_QUERY: neither or both of accountId and platform; or a malformed id or unknown platform' })
  @ApiNotFoundResponse({ description: 'No such account in the workspace' })
  getBestTimes(@CurrentPrincipal() principal: Principal, @Query() query: BestTimesQueryDto): Promise<BestTimesDto> {
    return this.service.bestTimes(principal, query);
  }
}

/** Each account's posting slots (weekday × local time), their suggestions, and "Add to queue" (issue 24). */
@ApiTags('queue-slots')
@Controller('queue-slots')
export class QueueSlotsController {
  constructor(private readonly service: BestTimesService) {}

  @Get()
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: "An account's posting slots, Monday first" })
  @ApiOkResponse({ type: QueueSlotListDto })
  @ApiNotFoundResponse()
  listQueueSlots(@CurrentPrincipal() principal: Principal, @Query() query: QueueSlotsQueryDto): Promise<QueueSlotListDto> {
    return this.service.listSlots(principal, query.accountId);
  }

  @Post()
  @Idempotent()
  @Access('editor', 'content:write')
  @ApiOperation({ summary: 'Add a posting slot to an account (by hand, or from a suggestion keeping its kind)' })
  @ApiCreatedResponse({ type: QueueSlotDto })
  @ApiConflictResponse({ description: 'QUEUE_SLOT_TAKEN: the account already has a slot then' })
  @ApiNotFoundResponse()
  createQueueSlot(@CurrentPrincipal() principal: Principal, @Body() body: CreateQueueSlotDto): Promise<QueueSlotDto> {
    return this.service.createSlot(principal, body);
  }

  @Get('suggestions')
  @Access('viewer', 'content:read')
  @ApiOperation({
    summary:
      'Slots suggested from the best times; a share (the workspace setting, default 20 %) explores untried hours by Thompson sampling and is labelled explore; a new Instagram account is seeded from its online followers (seed)',
  })
  @ApiOkResponse({ type: SlotSuggestionsDto })
  @ApiNotFoundResponse()
  getQueueSlotSuggestions(@CurrentPrincipal() principal: Principal, @Query() query: SlotSuggestionsQueryDto): Promise<SlotSuggestionsDto> {
    return this.service.suggestions(principal, query);
  }

  @Get('next')
  @Access('viewer', 'content:read')
  @ApiOperation({
    summary:
      '"Add to queue": the next slot free for every given account — minimum spacing from their other posts, the TikTok warm-up ramp, the platform budgets — to use as scheduledAt',
  })
  @ApiOkResponse({ type: NextSlotDto })
  @ApiConflictResponse({ description: 'QUEUE_NO_FREE_SLOT: no slots, or none free within 56 days' })
  @ApiNotFoundResponse()
  getNextQueueSlot(@CurrentPrincipal() principal: Principal, @Query() query: NextSlotQueryDto): Promise<NextSlotDto> {
    return this.service.nextSlot(principal, query);
  }

  @Get('settings')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: "The workspace's exploration share and minimum spacing" })
  @ApiOkResponse({ type: QueueSettingsDto })
  getQueueSettings(@CurrentPrincipal() principal: Principal): Promise<QueueSettingsDto> {
    return this.service.settings(principal);
  }

  @Put('settings')
  @Access('admin', 'content:write')
  @ApiOperation({ summary: 'Set the exploration share (0–100 %, 0 turns it off) and the minimum spacing between two posts of an account' })
  @ApiOkResponse({ type: QueueSettingsDto })
  updateQueueSettings(@CurrentPrincipal() principal: Principal, @Body() body: UpdateQueueSettingsDto): Promise<QueueSettingsDto> {
    return this.service.updateSettings(principal, body);
  }

  @Patch(':id')
  @AccountScoped('queueSlot')
  @Access('editor', 'content:write')
  @ApiOperation({ summary: 'Move a slot to another weekday or time (it becomes a manual slot)' })
  @ApiOkResponse({ type: QueueSlotDto })
  @ApiConflictResponse({ description: 'QUEUE_SLOT_TAKEN' })
  @ApiNotFoundResponse()
  updateQueueSlot(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string, @Body() body: UpdateQueueSlotDto): Promise<QueueSlotDto> {
    return this.service.updateSlot(principal, id, body);
  }

  @Delete(':id')
  @AccountScoped('queueSlot')
  @HttpCode(204)
  @Access('editor', 'content:write')
  @ApiOperation({ summary: 'Remove a slot' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  async deleteQueueSlot(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<void> {
    await this.service.deleteSlot(principal, id);
  }
}
