import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
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
import { CurrentPrincipal, workspaceIdOf, type Principal } from '../../common/auth/principal.js';
import { UuidParam } from '../../common/validation/id.pipe.js';
import {
  CreateWatchTermDto,
  ImportTrendsDto,
  ImportTrendsResultDto,
  PlatformWatchDto,
  RecomputeResultDto,
  TrendPerformanceDto,
  TrendSettingsDto,
  TrendSourcesDto,
  UpdateTrendSettingsDto,
  WatchListDto,
  WatchTermDto,
} from './dto/trend-radar.dto.js';
import { PlatformWatchService } from './platform-watch.service.js';
import { TrendImportService } from './trend-import.service.js';
import { TrendScoring } from './trend-scoring.service.js';
import { TrendSettingsService } from './trend-settings.service.js';
import { TrendSourcesService } from './trend-sources.service.js';

/**
 * The Trend Radar's workspace-level routes (issue 33): settings, watch-list, CSV import, the
 * sources' state, performance per source, the platform watch. Registered before TrendsController
 * so `/trends/settings` is never read as `/trends/:id`.
 */
@ApiTags('trends')
@Controller('trends')
export class TrendRadarController {
  constructor(
    private readonly settings: TrendSettingsService,
    private readonly importer: TrendImportService,
    private readonly sources: TrendSourcesService,
    private readonly scoring: TrendScoring,
    private readonly platformWatch: PlatformWatchService,
  ) {}

  @Get('settings')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: 'The radar settings: target regions, languages, topics, the X monthly cap and the YouTube units a day' })
  @ApiOkResponse({ type: TrendSettingsDto })
  getTrendSettings(@CurrentPrincipal() principal: Principal): Promise<TrendSettingsDto> {
    return this.settings.get(workspaceIdOf(principal));
  }

  @Put('settings')
  @Access('admin', 'admin')
  @ApiOperation({ summary: 'Change the radar settings (admins): regions, languages, topics, X monthly cap in cents (0: off), YouTube units a day' })
  @ApiOkResponse({ type: TrendSettingsDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: an unknown region or language, a negative cap' })
  updateTrendSettings(@CurrentPrincipal() principal: Principal, @Body() body: UpdateTrendSettingsDto): Promise<TrendSettingsDto> {
    return this.settings.update(principal, body);
  }

  @Get('watch-list')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: 'The watch-list: hashtags and terms the sources follow and the spike alerts watch' })
  @ApiOkResponse({ type: WatchListDto })
  async listWatchTerms(@CurrentPrincipal() principal: Principal): Promise<WatchListDto> {
    return { items: await this.settings.watchList(workspaceIdOf(principal)) };
  }

  @Post('watch-list')
  @Access('editor', 'content:write')
  @ApiOperation({ summary: "Add a term to the watch-list; refused when a source's platform would refuse it (length, characters)" })
  @ApiCreatedResponse({ type: WatchTermDto })
  @ApiBadRequestResponse({ description: 'TREND_WATCH_TERM_INVALID (over a platform limit, a hashtag with spaces), VALIDATION_FAILED' })
  @ApiConflictResponse({ description: 'TREND_WATCH_TERM_TAKEN' })
  addWatchTerm(@CurrentPrincipal() principal: Principal, @Body() body: CreateWatchTermDto): Promise<WatchTermDto> {
    return this.settings.addWatchTerm(principal, body);
  }

  @Delete('watch-list/:id')
  @HttpCode(204)
  @Access('editor', 'content:write')
  @ApiOperation({ summary: 'Remove a term from the watch-list' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  async removeWatchTerm(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<void> {
    await this.settings.removeWatchTerm(principal, id);
  }

  @Post('import')
  @HttpCode(200)
  @Access('editor', 'content:write')
  @ApiOperation({
    summary: 'Import entries a person read in TikTok Creative Center (or elsewhere) from CSV; valid rows are filed, the others come back with why',
  })
  @ApiOkResponse({ type: ImportTrendsResultDto })
  @ApiBadRequestResponse({ description: 'TREND_CSV_COLUMNS (a required column missing, an unknown one), VALIDATION_FAILED' })
  importTrends(@CurrentPrincipal() principal: Principal, @Body() body: ImportTrendsDto): Promise<ImportTrendsResultDto> {
    return this.importer.import(principal, body.csv);
  }

  @Get('sources')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: 'Every trend source: official endpoints, access, budget spent and left, schedule, last and next fetch, last error' })
  @ApiOkResponse({ type: TrendSourcesDto })
  async listTrendSources(@CurrentPrincipal() principal: Principal): Promise<TrendSourcesDto> {
    return { items: await this.sources.states(workspaceIdOf(principal)) };
  }

  @Post('sources/:key/run')
  @HttpCode(200)
  @Access('editor', 'content:write')
  @ApiOperation({ summary: 'Fetch a source now (within its budget); returns its state after the run' })
  @ApiOkResponse({ type: TrendSourcesDto })
  @ApiNotFoundResponse({ description: 'TREND_SOURCE_NOT_FOUND' })
  async runTrendSource(@CurrentPrincipal() principal: Principal, @Param('key') key: string): Promise<TrendSourcesDto> {
    return { items: await this.sources.runNow(workspaceIdOf(principal), key) };
  }

  @Post('recompute')
  @HttpCode(200)
  @Access('editor', 'content:write')
  @ApiOperation({ summary: 'Recompute our own results and every score now (the scheduler does it every 15 minutes)' })
  @ApiOkResponse({ type: RecomputeResultDto })
  recomputeTrends(@CurrentPrincipal() principal: Principal): Promise<RecomputeResultDto> {
    return this.scoring.recompute([workspaceIdOf(principal)]);
  }

  @Get('performance')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: "How trend-linked posts did against their account's baseline at the same age, per source and platform" })
  @ApiOkResponse({ type: TrendPerformanceDto })
  async trendPerformance(@CurrentPrincipal() principal: Principal): Promise<TrendPerformanceDto> {
    return { items: await this.scoring.performance(workspaceIdOf(principal)) };
  }

  @Get('platform-watch')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: 'The platforms change too: API versions and their end of life, access accounts lack for a source, metrics a platform retired' })
  @ApiOkResponse({ type: PlatformWatchDto })
  async platformWatchList(@CurrentPrincipal() principal: Principal): Promise<PlatformWatchDto> {
    return { items: await this.platformWatch.list(workspaceIdOf(principal)) };
  }
}
