import { Module } from '@nestjs/common';

import { TiktokWarmupModule } from '../automations/tiktok/tiktok-warmup.module.js';
import { BestTimesController, QueueSlotsController } from './best-times.controller.js';
import { BestTimesRepository } from './best-times.repository.js';
import { BestTimesService } from './best-times.service.js';

/** Best times and queue slots (api role, issue 24): owns queue_slots and queue_settings. */
@Module({
  imports: [TiktokWarmupModule],
  controllers: [BestTimesController, QueueSlotsController],
  providers: [BestTimesService, BestTimesRepository],
  exports: [BestTimesService],
})
export class BestTimesModule {}
