import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiExtraModels,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';

import type { AccessPolicy } from '@mwr/domain';

import { Access } from '../../common/auth/access.decorator.js';
import { CurrentPrincipal, workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import { sendJsonBytes } from '../../common/http/json-bytes.js';
import { AUTOMATION_KEYS, AutoReposterConfigDto, IgWelcomeDmConfigDto, TiktokWarmupConfigDto, UpdateAutomationDto } from '../automations/automation-keys.js';
import {
  AutomationActivityPageDto,
  AutomationActivityQueryDto,
  PreviewTemplateDto,
  SetAutomationResultDto,
  TemplatePreviewDto,
} from './dto/automation-control.dto.js';
import {
  AccountHealthDto,
  JobsPageDto,
  JobsQueryDto,
  QueuePageDto,
  QueueUpdatedEventDto,
  RecentQueryDto,
  ResyncEventDto,
  StatePatchOpDto,
  WarRoomStateDto,
} from './dto/war-room.dto.js';
import { LiveEventsGateway } from './live-events.gateway.js';
import { WarRoomService } from './war-room.service.js';

/** Who may follow the live events; the stream re-checks its caller against it while it is open. */
const EVENTS_ACCESS = { role: 'viewer', scope: 'content:read' } as const satisfies AccessPolicy;

/** The automations are a closed set: the path parameter is an enum in the contract (issue 34). */
const AutomationKeyParam = () => ApiParam({ name: 'key', enum: AUTOMATION_KEYS, description: 'Which automation' });

@ApiTags('war-room')
@ApiExtraModels(IgWelcomeDmConfigDto, TiktokWarmupConfigDto, AutoReposterConfigDto, StatePatchOpDto, QueueUpdatedEventDto, AccountHealthDto, ResyncEventDto)
@Controller('marketing-war-room')
export class WarRoomController {
  constructor(
    private readonly warRoom: WarRoomService,
    private readonly live: LiveEventsGateway,
  ) {}

  @Get('state')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: "The war-room document of the caller's workspace: queue lanes, automations, account health, trends, alerts" })
  @ApiOkResponse({ type: WarRoomStateDto })
  async getWarRoomState(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    // Serialized and gzipped once per computation, shared by every caller (WarRoomService.stateBytes).
    return sendJsonBytes(req, res, await this.warRoom.stateBytes(principal));
  }

  @Get('queue/recent')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: 'Finished publications after the first page of state.queue.recent (cursor from nextCursor)' })
  @ApiOkResponse({ type: QueuePageDto })
  @ApiBadRequestResponse({ description: 'The cursor is not one this API returned' })
  getRecentResults(@CurrentPrincipal() principal: Principal, @Query() query: RecentQueryDto): Promise<QueuePageDto> {
    return this.warRoom.recent(principal, query.cursor, query.limit);
  }

  @Get('jobs')
  @Access('admin', 'admin')
  @ApiOperation({ summary: 'Read-only view of the publish jobs (the queue dashboard of the Postgres driver): open ones by run time, or finished ones' })
  @ApiOkResponse({ type: JobsPageDto })
  listQueueJobs(@CurrentPrincipal() principal: Principal, @Query() query: JobsQueryDto): Promise<JobsPageDto> {
    return this.warRoom.jobsPage(principal, query.state ?? 'open', query.limit ?? 50, query.cursor);
  }

  @Post('automations/:key')
  @HttpCode(200)
  @Access('admin', 'automations:write')
  @ApiOperation({ summary: 'Turn an automation on or off and set its configuration (validated per key); announced as STATE_PATCH' })
  @ApiOkResponse({
    type: SetAutomationResultDto,
    description: 'The automation, with warnings when platform set-up failed (turning ig_welcome_dm on subscribes each Instagram account to its webhooks)',
  })
  @AutomationKeyParam()
  @ApiNotFoundResponse({ description: 'No automation has this key (AUTOMATION_NOT_FOUND)' })
  @ApiBadRequestResponse({
    description: `Invalid configuration for this key; the schemas are ${[IgWelcomeDmConfigDto, TiktokWarmupConfigDto, AutoReposterConfigDto].map((c) => getSchemaPath(c)).join(', ')}`,
  })
  setAutomation(@CurrentPrincipal() principal: Principal, @Param('key') key: string, @Body() body: UpdateAutomationDto): Promise<SetAutomationResultDto> {
    return this.warRoom.setAutomation(principal, key, body);
  }

  @Get('automations/:key/activity')
  @Access('viewer', 'content:read')
  @ApiOperation({
    summary: 'What an automation did lately, newest first: runs and actions, refused actions with the rule that refused them, switch and settings changes',
  })
  @ApiOkResponse({ type: AutomationActivityPageDto })
  @AutomationKeyParam()
  @ApiNotFoundResponse({ description: 'No automation has this key (AUTOMATION_NOT_FOUND)' })
  @ApiBadRequestResponse({ description: 'The cursor is not one this API returned' })
  listAutomationActivity(
    @CurrentPrincipal() principal: Principal,
    @Param('key') key: string,
    @Query() query: AutomationActivityQueryDto,
  ): Promise<AutomationActivityPageDto> {
    return this.warRoom.automationActivity(principal, key, query);
  }

  @Post('automations/:key/preview')
  @HttpCode(200)
  @Access('viewer', 'content:read')
  @ApiOperation({
    summary:
      "Render a message template of an automation as its engine would, with sample values, and list its problems (unknown variables, over the platform's 1000-byte limit…)",
  })
  @ApiOkResponse({ type: TemplatePreviewDto })
  @AutomationKeyParam()
  @ApiNotFoundResponse({ description: 'No automation has this key (AUTOMATION_NOT_FOUND)' })
  @ApiBadRequestResponse({ description: 'The body is invalid, or the automation has no such message' })
  previewAutomationTemplate(
    @CurrentPrincipal() principal: Principal,
    @Param('key') key: string,
    @Body() body: PreviewTemplateDto,
  ): Promise<TemplatePreviewDto> {
    return this.warRoom.previewAutomationTemplate(principal, key, body);
  }

  @Get('events')
  @Access(EVENTS_ACCESS.role, EVENTS_ACCESS.scope)
  @ApiOperation({
    summary: 'Live war-room events (Server-Sent Events)',
    description:
      'text/event-stream of STATE_PATCH (StatePatchOpDto[]), QUEUE_UPDATED (QueueUpdatedEventDto), HEALTH_UPDATED (AccountHealthDto) and RESYNC (ResyncEventDto: refetch the state). ' +
      'Every event has an id; reconnect with Last-Event-ID (or ?lastEventId=) to receive what was missed, or RESYNC when that is too much. Comment lines are heartbeats. ' +
      'When the caller loses access while the stream is open (signed out, password changed, removed from the workspace, API key revoked), a last ACCESS_REVOKED event ({ reason, message }, no id) is sent and the stream ends.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The id of the last event received (state.eventId for a fresh start)' })
  // Optional like the header (Nest marks a bare @Query parameter required): a fresh start sends neither.
  @ApiQuery({ name: 'lastEventId', required: false, type: String, description: 'The same as Last-Event-ID, for clients that cannot set headers (EventSource)' })
  // The stream's schema is the JSON `data` of one event (what SSE-aware generators such as
  // @hey-api/openapi-ts check each event with), one branch per event name.
  @ApiOkResponse({
    description: 'An event stream',
    content: {
      'text/event-stream': {
        schema: {
          description: 'The JSON `data` of one event, by its `event` name (anyOf: RESYNC and ACCESS_REVOKED both carry a reason)',
          anyOf: [
            { type: 'array', items: { $ref: getSchemaPath(StatePatchOpDto) }, description: 'STATE_PATCH' },
            { $ref: getSchemaPath(QueueUpdatedEventDto) },
            { $ref: getSchemaPath(AccountHealthDto) },
            { $ref: getSchemaPath(ResyncEventDto) },
            {
              type: 'object',
              description: 'NOTIFICATIONS_CHANGED: whose notifications changed',
              required: ['userIds'],
              properties: { userIds: { type: 'array', items: { type: 'string', format: 'uuid' } } },
            },
            {
              type: 'object',
              description: 'ACCESS_REVOKED: the last event of a stream whose caller lost access',
              required: ['reason', 'message'],
              properties: { reason: { type: 'string' }, message: { type: 'string' } },
            },
          ],
        },
      },
    },
  })
  async streamWarRoomEvents(
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res() res: Response,
    @Query('lastEventId') lastEventIdQuery?: string,
  ): Promise<void> {
    const header = req.headers['last-event-id'];
    const lastEventId =
      (Array.isArray(header) ? header[0] : header) ?? (typeof lastEventIdQuery === 'string' && lastEventIdQuery !== '' ? lastEventIdQuery : undefined);
    await this.live.connect(principal, EVENTS_ACCESS, workspaceIdOf(principal), req, res, lastEventId);
  }
}
