import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Access } from '../../common/auth/access.decorator.js';
import { CurrentPrincipal, type Principal } from '../../common/auth/principal.js';
import { Idempotent } from '../../common/idempotency/idempotent.decorator.js';
import { UuidParam } from '../../common/validation/id.pipe.js';
import { TrendProposalsResultDto } from './dto/trend-proposals.dto.js';
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
  @ApiOperation({ summary: 'Trend Radar entries of the workspace, newest first (expired ones only on request)' })
  @ApiOkResponse({ type: TrendListDto })
  async listTrends(@CurrentPrincipal() principal: Principal, @Query() query: ListTrendsQueryDto): Promise<TrendListDto> {
    return { items: await this.trends.list(principal, query) };
  }

  @Post()
  @Idempotent()
  @Access('editor', 'content:write')
  @ApiOperation({ summary: 'File a trend (manual or team note); nothing is ever fetched from a platform' })
  @ApiCreatedResponse({ type: TrendEntryDto })
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
  @ApiOperation({ summary: 'Edit a trend entry: move it on the board (status), retag it, set or clear its expiry' })
  @ApiOkResponse({ type: TrendEntryDto })
  @ApiNotFoundResponse()
  updateTrend(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string, @Body() body: UpdateTrendDto): Promise<TrendEntryDto> {
    return this.trends.update(principal, id, body);
  }

  @Post(':id/draft')
  @Idempotent()
  @Access('editor', 'content:write')
  @ApiOperation({ summary: 'Turn a trend entry into a new draft post (title and caption seeded from it); links the two and moves the entry to testing' })
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
