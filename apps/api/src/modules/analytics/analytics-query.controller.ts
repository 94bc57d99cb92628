import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { Access } from '../../common/auth/access.decorator.js';
import { AccountScoped } from '../../common/auth/account-scope.js';
import { CurrentPrincipal, type Principal } from '../../common/auth/principal.js';
import { UuidParam } from '../../common/validation/id.pipe.js';
import { AnalyticsQueryService, toCsv } from './analytics-query.service.js';
import {
  AccountAnalyticsDto,
  AnalyticsExportQueryDto,
  AnalyticsPostsPageDto,
  AnalyticsPostsQueryDto,
  AnalyticsRangeQueryDto,
  AnalyticsSummaryDto,
  AnalyticsSummaryQueryDto,
  PostSnapshotsDto,
} from './dto/analytics-query.dto.js';

const BAD_INPUT = 'An unknown metric, age, order or format (the message names the allowed values), a malformed day, from after to, or a range over 400 days';

/** Our posts' results read from the platforms (issue 21), workspace-scoped. */
@ApiTags('analytics')
@Controller('analytics')
export class AnalyticsQueryController {
  constructor(private readonly analytics: AnalyticsQueryService) {}

  @Get('summary')
  @Access('viewer', 'content:read')
  @ApiOperation({
    summary:
      'Totals and daily trend per account and per platform for posts that went live in the range, each read at the chosen age; combined totals only over platforms whose terms allow it',
  })
  @ApiOkResponse({ type: AnalyticsSummaryDto })
  @ApiBadRequestResponse({ description: BAD_INPUT })
  getAnalyticsSummary(@CurrentPrincipal() principal: Principal, @Query() query: AnalyticsSummaryQueryDto): Promise<AnalyticsSummaryDto> {
    return this.analytics.summary(principal, query);
  }

  @Get('posts')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: 'The posts table: posts sorted by one metric at one age (or their latest reading), paged' })
  @ApiOkResponse({ type: AnalyticsPostsPageDto })
  @ApiBadRequestResponse({ description: BAD_INPUT })
  listAnalyticsPosts(@CurrentPrincipal() principal: Principal, @Query() query: AnalyticsPostsQueryDto): Promise<AnalyticsPostsPageDto> {
    return this.analytics.posts(principal, query);
  }

  @Get('posts/:id/snapshots')
  @AccountScoped('publication')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: "A post's readings at each age (its curve), with how a late id was matched" })
  @ApiOkResponse({ type: PostSnapshotsDto })
  @ApiNotFoundResponse()
  getPostSnapshots(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<PostSnapshotsDto> {
    return this.analytics.snapshots(principal, id);
  }

  @Get('accounts/:id')
  @AccountScoped('account')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: "An account's daily followers and views, its posts' totals and trend, and whether analytics are enabled for it" })
  @ApiOkResponse({ type: AccountAnalyticsDto })
  @ApiBadRequestResponse({ description: BAD_INPUT })
  @ApiNotFoundResponse()
  getAccountAnalytics(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParam()) id: string,
    @Query() query: AnalyticsRangeQueryDto,
  ): Promise<AccountAnalyticsDto> {
    return this.analytics.account(principal, id, query);
  }

  @Get('export')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: 'The posts table (dataset=posts, every page) or every snapshot row (dataset=snapshots) as CSV or JSON' })
  @ApiProduces('text/csv', 'application/json')
  @ApiOkResponse({
    description: 'CSV with a header row, or a JSON array of the same rows',
    schema: { type: 'array', items: { type: 'object', additionalProperties: true } },
  })
  @ApiBadRequestResponse({ description: BAD_INPUT })
  async exportAnalytics(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AnalyticsExportQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string | Record<string, unknown>[]> {
    const rows = await this.analytics.export(principal, query);
    const name = `analytics-${query.dataset ?? 'posts'}`;
    if (query.format === 'json') {
      res.setHeader('content-disposition', `attachment; filename="${name}.json"`);
      return rows;
    }
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${name}.csv"`);
    return toCsv(rows);
  }
}
