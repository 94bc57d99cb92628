import { Module } from '@nestjs/common';

import { PublicationMetricsController } from './analytics.controller.js';
import { AnalyticsRepository } from './analytics.repository.js';
import { AnalyticsService } from './analytics.service.js';

/** Our own posts' results (publication_metrics): the service, for every role that reads them. */
@Module({ providers: [AnalyticsService, AnalyticsRepository], exports: [AnalyticsService] })
export class AnalyticsModule {}

/** The HTTP side (api role): record and read a publication's results. */
@Module({ imports: [AnalyticsModule], controllers: [PublicationMetricsController] })
export class AnalyticsHttpModule {}
