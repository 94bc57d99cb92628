import { Module } from '@nestjs/common';

import { AnalyticsModule } from '../analytics/analytics.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { AutomationsModule } from '../automations/automations.module.js';
import { TiktokWarmupModule } from '../automations/tiktok/tiktok-warmup.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { LiveEventsGateway } from './live-events.gateway.js';
import { WarRoomController } from './war-room.controller.js';
import { WarRoomRepository } from './war-room.repository.js';
import { WarRoomService } from './war-room.service.js';

/** The dashboard (api role): GET state, the automation flags, the SSE stream, the jobs view. */
@Module({
  imports: [QueueModule, AutomationsModule, TiktokWarmupModule, AuthModule, AnalyticsModule],
  controllers: [WarRoomController],
  providers: [WarRoomService, WarRoomRepository, LiveEventsGateway],
  exports: [WarRoomService],
})
export class WarRoomModule {}
