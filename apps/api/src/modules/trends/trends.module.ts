import { Module } from '@nestjs/common';

import { AccountsModule } from '../accounts/accounts.module.js';
import { AnalyticsModule } from '../analytics/analytics.module.js';
import { CalendarModule } from '../calendar/calendar.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { WorkspacesModule } from '../workspaces/workspaces.module.js';
import { PlatformWatchService } from './platform-watch.service.js';
import { TrendImportService } from './trend-import.service.js';
import { TrendListCache } from './trend-list.cache.js';
import { TrendProposalsRepository } from './trend-proposals.repository.js';
import { TrendProposer } from './trend-proposer.service.js';
import { TrendProposerTick } from './trend-proposer.tick.js';
import { TrendRadarController } from './trend-radar.controller.js';
import { TrendPurgeTick, TrendScoringTick, TrendSourcesTick } from './trend-radar.tick.js';
import { TrendScoringRepository } from './trend-scoring.repository.js';
import { TrendScoring } from './trend-scoring.service.js';
import { TrendSettingsRepository } from './trend-settings.repository.js';
import { TrendSettingsService } from './trend-settings.service.js';
import { TrendSourcesRepository } from './trend-sources.repository.js';
import { TrendSourcesService } from './trend-sources.service.js';
import { TrendsController } from './trends.controller.js';
import { TrendsRepository } from './trends.repository.js';
import { TrendsService } from './trends.service.js';

const RADAR = [
  TrendListCache,
  TrendScoring,
  TrendScoringRepository,
  TrendSettingsRepository,
  TrendSettingsService,
  TrendSourcesRepository,
  TrendSourcesService,
  PlatformWatchService,
  TrendImportService,
];

/** Trend Radar (api role): entries, the radar's settings, watch-list, CSV import, sources' state, scores, platform watch. */
@Module({
  imports: [CalendarModule, WorkspacesModule, AnalyticsModule, AccountsModule, NotificationsModule],
  // TrendRadarController first: its fixed paths (/trends/settings…) before TrendsController's /trends/:id.
  controllers: [TrendRadarController, TrendsController],
  providers: [TrendsService, TrendsRepository, TrendProposer, TrendProposalsRepository, ...RADAR],
  exports: [TrendsService, TrendSourcesService],
})
export class TrendsModule {}

/** Scheduler role: the proposals, the sources' fetch tick, the scores and alerts, the 30-day purge. */
@Module({
  imports: [AnalyticsModule, AccountsModule, NotificationsModule],
  providers: [TrendsRepository, TrendProposalsRepository, TrendProposer, TrendProposerTick, ...RADAR, TrendSourcesTick, TrendScoringTick, TrendPurgeTick],
})
export class TrendsSchedulerModule {}
