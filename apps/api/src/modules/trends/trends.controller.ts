import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { Access } from '../../common/auth/access.decorator.js';
import { CurrentPrincipal, type Principal } from '../../common/auth/principal.js';
import { sendJsonBytes } from '../../common/http/json-bytes.js';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { UuidParam } from '../../common/validation/id.pipe.js';
import { TrendProposalsResultDto } from './dto/trend-proposals.dto.js';
import { TrendVoteDto } from './dto/trend-radar.dto.js';
import { CreateTrendDto, ListTrendsQueryDto, TrendDraftDto, TrendEntryDto, TrendListDto, UpdateTrendDto } from './dto/trend.dto.js';
import { TrendProposer } from './trend-proposer.service.js';
import { TrendsService } from './trends.service.js';

@ApiTags('trends')
@Controller('trends')
export class TrendsController {
  constructor(
    private readonly trends: TrendsService,
    private readonly proposer: TrendProposer,
  ) {}

  @Get()
  @Access('viewer', 'content:read')
  @ApiOperation({
    summary: 'Trend Radar entries of the workspace with their scores and the figures behind them, newest first or by score (expired ones only on request)',
  })
  @ApiOkResponse({ type: TrendListDto })
  async listTrends(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListTrendsQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendJsonBytes(req, res, await this.trends.listBytes(principal, query));
  }

  @Post()
  @Idempotent()
  @Access('editor', 'content:write')
  @ApiOperation({ summary: 'File a trend (by hand, a team note, or read in TikTok Creative Center with region and date)' })
  @ApiCreatedResponse({ type: TrendEntryDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED (an unknown region…), TREND_OWNER_NOT_MEMBER' })
  createTrend(@CurrentPrincipal() principal: Principal, @Body() body: CreateTrendDto): Promise<TrendEntryDto> {
    return this.trends.create(principal, body);
  }

  @Post('proposals/refresh')
  @HttpCode(200)
  @Access('editor', 'content:write')
  @ApiOperation({
    summary: "Propose entries from our own posts' recorded results now (hashtags and formats of the best posts); returns the entries it created",
  })
  @ApiOkResponse({ type: TrendProposalsResultDto })
  async refreshTrendProposals(@CurrentPrincipal() principal: Principal): Promise<TrendProposalsResultDto> {
    const { created, refreshed } = await this.proposer.refresh(principal);
    return { items: created, refreshed };
  }

  @Get(':id')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: 'One trend entry' })
  @ApiOkResponse({ type: TrendEntryDto })
  @ApiNotFoundResponse()
  getTrend(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<TrendEntryDto> {
    return this.trends.get(principal, id);
  }

  @Patch(':id')
  @Access('editor', 'content:write')
  @ApiOperation({ summary: 'Edit a trend entry: move it on the board (status), give it an owner, retag it, set or clear its expiry' })
  @ApiOkResponse({ type: TrendEntryDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED, INVALID_TREND (nothing to change), TREND_OWNER_NOT_MEMBER' })
  @ApiNotFoundResponse()
  updateTrend(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string, @Body() body: UpdateTrendDto): Promise<TrendEntryDto> {
    return this.trends.update(principal, id, body);
  }

  @Put(':id/vote')
  @Access('editor')
  @ApiOperation({ summary: "Vote for an entry (up) or take the caller's vote back (none); people only" })
  @ApiOkResponse({ type: TrendEntryDto })
  @ApiNotFoundResponse()
  voteTrend(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string, @Body() body: TrendVoteDto): Promise<TrendEntryDto> {
    return this.trends.vote(principal, id, body.vote);
  }

  @Post(':id/draft')
  @Idempotent()
  @Access('editor', 'content:write')
  @ApiOperation({
    summary:
      'Use this trend: a new draft post with the hashtag, sound or format filled in (platform caption rules still apply), linked to the entry, which moves to planned',
  })
  @ApiCreatedResponse({ type: TrendDraftDto })
  @ApiNotFoundResponse()
  createTrendDraft(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<TrendDraftDto> {
    return this.trends.createDraft(principal, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @Access('editor', 'content:write')
  @ApiOperation({ summary: 'Delete a trend entry' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  async deleteTrend(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<void> {
    await this.trends.remove(principal, id);
  }
}
