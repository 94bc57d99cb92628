import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module.js';
import { RateLimiterRepository } from '../publishing/rate-limiter.repository.js';
import { AutomationSettings } from './automation-settings.js';
import { AutomationsRepository } from './automations.repository.js';
import { IgMessagingRepository } from './instagram/ig-messaging.repository.js';
import { IgWelcomeDmEngine } from './instagram/ig-welcome-dm.engine.js';
import { InstagramSendClient } from './instagram/instagram-send.client.js';
import { InstagramWebhookController } from './instagram/instagram-webhook.controller.js';
import { InstagramWebhookService } from './instagram/instagram-webhook.service.js';
import { TiktokWarmupCadenceEngine } from './tiktok/tiktok-warmup-cadence.engine.js';
import { TiktokWarmupCadenceTick } from './tiktok/tiktok-warmup-cadence.tick.js';

const shared = [AutomationsRepository, AutomationSettings];

/**
 * Automation engines that react to platform webhooks (api role). Each engine is one class reading
 * its flag and typed config from the `automations` table; a new one is a class plus a line here.
 */
@Module({
  imports: [AccountsModule],
  controllers: [InstagramWebhookController],
  providers: [...shared, RateLimiterRepository, IgMessagingRepository, InstagramSendClient, IgWelcomeDmEngine, InstagramWebhookService],
  exports: [IgWelcomeDmEngine],
})
export class AutomationsModule {}

/** Periodic, read-only checks (scheduler role): the TikTok warm-up cadence. */
@Module({
  providers: [...shared, TiktokWarmupCadenceEngine, TiktokWarmupCadenceTick],
  exports: [TiktokWarmupCadenceEngine],
})
export class AutomationsSchedulerModule {}
