import { Module } from '@nestjs/common';

import { AutomationSettings } from '../automation-settings.js';
import { AutomationsRepository } from '../automations.repository.js';
import { TiktokWarmupRepository } from './tiktok-warmup.repository.js';
import { TiktokWarmupService } from './tiktok-warmup.service.js';

/**
 * The `tiktok_warmup` ramp as a service: the calendar asks it before storing a plan, the war room
 * for Account Health. Its controller (the restart) belongs to the api role's AutomationsModule.
 */
@Module({
  providers: [AutomationsRepository, AutomationSettings, TiktokWarmupRepository, TiktokWarmupService],
  exports: [TiktokWarmupService, TiktokWarmupRepository],
})
export class TiktokWarmupModule {}
