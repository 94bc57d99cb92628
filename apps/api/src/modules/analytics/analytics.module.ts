import { Module } from '@nestjs/common';

import { AccountsModule } from '../accounts/accounts.module.js';
import { RateLimitsModule } from '../rate-limits/rate-limits.module.js';
import { TokensModule } from '../tokens/tokens.module.js';
import { AnalyticsQueryController } from './analytics-query.controller.js';
import { AnalyticsQueryRepository } from './analytics-query.repository.js';
import { AnalyticsQueryService } from './analytics-query.service.js';
import { PublicationMetricsController } from './analytics.controller.js';
import { AnalyticsRepository } from './analytics.repository.js';
import { AnalyticsService } from './analytics.service.js';
import { IngestionRepository } from './ingestion/ingestion.repository.js';
import { AnalyticsIngestion } from './ingestion/ingestion.service.js';
import { AnalyticsIngestionTick } from './ingestion/ingestion.tick.js';

/** Our own posts' results (publication_metrics, metric_snapshots, metric_latest): the service, for every role that reads them. */
@Module({ providers: [AnalyticsService, AnalyticsRepository], exports: [AnalyticsService] })
export class AnalyticsModule {}

/** The HTTP side (api role): record and read a publication's results, and the analytics API (issue 21). */
@Module({
  imports: [AnalyticsModule],
  controllers: [PublicationMetricsController, AnalyticsQueryController],
  providers: [AnalyticsQueryService, AnalyticsQueryRepository],
  exports: [AnalyticsQueryService],
})
export class AnalyticsHttpModule {}

/** Scheduler role: the analytics ingestion (metric_reads, the readings), on a tick. */
@Module({
  imports: [AccountsModule, RateLimitsModule, TokensModule],
  providers: [IngestionRepository, AnalyticsIngestion, AnalyticsIngestionTick],
  exports: [AnalyticsIngestion],
})
export class AnalyticsSchedulerModule {}
