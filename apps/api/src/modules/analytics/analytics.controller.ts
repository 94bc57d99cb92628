import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Access } from '../../common/auth/access.decorator.js';
import { AccountScoped } from '../../common/auth/account-scope.js';
import { CurrentPrincipal, type Principal } from '../../common/auth/principal.js';
import { UuidParam } from '../../common/validation/id.pipe.js';
import { AnalyticsService } from './analytics.service.js';
import { PublicationMetricsDto, RecordPublicationMetricsDto } from './dto/publication-metrics.dto.js';

@ApiTags('publications')
@Controller('publications')
export class PublicationMetricsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get(':id/metrics')
  @AccountScoped('publication')
  @Access('viewer', 'content:read')
  @ApiOperation({ summary: "A publication's latest recorded results (all null until someone records them)" })
  @ApiOkResponse({ type: PublicationMetricsDto })
  @ApiNotFoundResponse()
  getPublicationMetrics(@CurrentPrincipal() principal: Principal, @Param('id', UuidParam()) id: string): Promise<PublicationMetricsDto> {
    return this.analytics.metrics(principal, id);
  }

  @Put(':id/metrics')
  @AccountScoped('publication')
  @Access('editor', 'content:write')
  @ApiOperation({ summary: "Record a posted publication's results as the platform shows them (replaces the previous reading); no platform API is called" })
  @ApiOkResponse({ type: PublicationMetricsDto })
  @ApiBadRequestResponse({ description: 'A negative or non-integer count, no metric at all, or a reading time in the future' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The publication is not posted' })
  recordPublicationMetrics(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidParam()) id: string,
    @Body() body: RecordPublicationMetricsDto,
  ): Promise<PublicationMetricsDto> {
    return this.analytics.record(principal, id, body);
  }
}
