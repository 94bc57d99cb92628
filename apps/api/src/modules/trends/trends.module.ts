import { Module } from '@nestjs/common';

import { AnalyticsModule } from '../analytics/analytics.module.js';
import { CalendarModule } from '../calendar/calendar.module.js';
import { WorkspacesModule } from '../workspaces/workspaces.module.js';
import { TrendProposalsRepository } from './trend-proposals.repository.js';
import { TrendProposer } from './trend-proposer.service.js';
import { TrendProposerTick } from './trend-proposer.tick.js';
import { TrendsController } from './trends.controller.js';
import { TrendsRepository } from './trends.repository.js';
import { TrendsService } from './trends.service.js';

/** Trend Radar (api role): curated entries, CRUD, and refreshing the internal-analytics proposals on request. */
@Module({
  imports: [CalendarModule, WorkspacesModule, AnalyticsModule],
  controllers: [TrendsController],
  providers: [TrendsService, TrendsRepository, TrendProposer, TrendProposalsRepository],
  exports: [TrendsService],
})
export class TrendsModule {}

/** Scheduler role: the internal-analytics proposals, refreshed on a tick. */
@Module({ imports: [AnalyticsModule], providers: [TrendsRepository, TrendProposalsRepository, TrendProposer, TrendProposerTick] })
export class TrendsSchedulerModule {}
