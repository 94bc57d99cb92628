import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Access } from '../../common/auth/access.decorator.js';
import { AccountScoped } from '../../common/auth/account-scope.js';
import { CurrentPrincipal, type Principal } from '../../common/auth/principal.js';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { UuidParam } from '../../common/validation/id.pipe.js';
import { CreateExperimentDto, ExperimentDto, ExperimentListDto, ListExperimentsQueryDto } from './dto/experiment.dto.js';
import { ExperimentsService } from './experiments.service.js';

/** Caption experiments: 2–4 captions of one video, compared at a fixed age, with a verdict (issue 24). */
@ApiTags('experiments')
@Controller('experiments')
export class ExperimentsController {
  constructor(private readonly service: ExperimentsService) {}

  @Post()
  @Idempotent()
  @Access('editor', 'content:write')
  @ApiOperation({
    summary:
      'Build a caption experiment from an item: each variant is planned as its own post (one account per variant at one time, or one account at its next free queue slots); compared at the age on the metric; a winner only at P(best) >= 0.95',
  })
  @ApiCreatedResponse({ type: ExperimentDto })
  @ApiBadRequestResponse({
    description:
      'EXPERIMENT_INVALID_VARIANTS, EXPERIMENT_DUPLICATE_VARIANT (the same caption twice: a duplicate post for the platform), EXPERIMENT_ACCOUNTS_INVALID, EXPERIMENT_NEEDS_VIDEO, SCHEDULED_AT_REQUIRED, or any refusal of the calendar for a variant (caption rules, schedule, warm-up)',
  })
  @ApiConflictResponse({ description: 'QUEUE_NO_FREE_SLOT (one account, comparable times: not enough free slots), WARMUP_LIMIT_REACHED' })
  @ApiNotFoundResponse({ description: 'No such item or account in the workspace' })
  createExperiment(@CurrentPrincipal() principal: Principal, @Body() body: CreateExperimentDto): Promise<ExperimentDto> {
    return this.service.create(principal, body);
  }

  @Get()
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: 'Experiments, newest first; with itemId, those of one item (built from it or posting one of its variants)' })
  @ApiOkResponse({ type: ExperimentListDto })
  listExperiments(@CurrentPrincipal() principal: Principal, @Query() query: ListExperimentsQueryDto): Promise<ExperimentListDto> {
    return this.service.list(principal, query);
  }

  @Get(':id')
  @AccountScoped('experiment')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: 'One experiment: its variants and their posts, and the verdict with each variant’s probability of being best and the figures used' })
  @ApiOkResponse({ type: ExperimentDto })
  @ApiNotFoundResponse()
  getExperiment(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<ExperimentDto> {
    return this.service.get(principal, id);
  }

  @Post(':id/cancel')
  @AccountScoped('experiment')
  @HttpCode(200)
  @Access('editor', 'content:write')
  @ApiOperation({ summary: 'Cancel a running experiment: its variants not yet posted are cancelled, posted ones stay up' })
  @ApiOkResponse({ type: ExperimentDto })
  @ApiConflictResponse({ description: 'EXPERIMENT_NOT_OPEN: already decided or cancelled' })
  @ApiNotFoundResponse()
  cancelExperiment(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<ExperimentDto> {
    return this.service.cancel(principal, id);
  }
}
