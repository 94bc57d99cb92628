import { Module } from '@nestjs/common';

import { AccountsModule } from '../accounts/accounts.module.js';
import { CalendarModule } from '../calendar/calendar.module.js';
import { RateLimitsModule } from '../rate-limits/rate-limits.module.js';
import { IgWelcomeDmScopeCheck, TiktokWarmupScopeCheck } from './account-scope.check.js';
import { AutomationActivityRepository } from './automation-activity.repository.js';
import { automationConfigCheckProviders, AutomationConfigChecks } from './automation-config-checks.js';
import { AutomationControlService } from './automation-control.service.js';
import { AutomationSettings } from './automation-settings.js';
import { AutomationsRepository } from './automations.repository.js';
import { IgMessagingRepository } from './instagram/ig-messaging.repository.js';
import { IgOwnPostsController } from './instagram/ig-own-posts.controller.js';
import { IgOwnPostsRepository } from './instagram/ig-own-posts.repository.js';
import { IgOwnPostsService } from './instagram/ig-own-posts.service.js';
import { IgWebhookSubscriptions } from './instagram/ig-webhook-subscriptions.js';
import { IgWelcomeDmEngine } from './instagram/ig-welcome-dm.engine.js';
import { InstagramSendClient } from './instagram/instagram-send.client.js';
import { InstagramSubscriptionClient } from './instagram/instagram-subscription.client.js';
import { InstagramWebhookController } from './instagram/instagram-webhook.controller.js';
import { InstagramWebhookService } from './instagram/instagram-webhook.service.js';
import { AutoReposterRulesCheck } from './reposter/auto-reposter-rules.check.js';
import { AutoReposterEngine } from './reposter/auto-reposter.engine.js';
import { AutoReposterRepository } from './reposter/auto-reposter.repository.js';
import { AutoReposterTick } from './reposter/auto-reposter.tick.js';
import { TiktokWarmupController } from './tiktok/tiktok-warmup.controller.js';
import { TiktokWarmupEngine } from './tiktok/tiktok-warmup.engine.js';
import { TiktokWarmupModule } from './tiktok/tiktok-warmup.module.js';
import { TiktokWarmupTick } from './tiktok/tiktok-warmup.tick.js';

const shared = [AutomationsRepository, AutomationSettings];

/**
 * Automation engines that react to platform webhooks (api role). Each engine is one class reading
 * its flag and typed config from the `automations` table; a new one is a class plus a line here.
 */
@Module({
  imports: [AccountsModule, RateLimitsModule, TiktokWarmupModule],
  controllers: [InstagramWebhookController, TiktokWarmupController, IgOwnPostsController],
  providers: [
    ...shared,
    IgMessagingRepository,
    InstagramSendClient,
    IgWelcomeDmEngine,
    InstagramWebhookService,
    // Bot Control Center: activity, template previews, the set-up a key needs once on.
    InstagramSubscriptionClient,
    IgWebhookSubscriptions,
    AutomationActivityRepository,
    AutomationControlService,
    // The welcome DM's keyword comments pick from our own published posts.
    IgOwnPostsRepository,
    IgOwnPostsService,
    // What a saved config is checked against in the workspace (one class per automation that needs it).
    AutoReposterRepository,
    ...automationConfigCheckProviders([AutoReposterRulesCheck, IgWelcomeDmScopeCheck, TiktokWarmupScopeCheck]),
  ],
  exports: [IgWelcomeDmEngine, AutomationControlService, AutomationConfigChecks],
})
export class AutomationsModule {}

/**
 * Periodic work (scheduler role): plans and posts past the TikTok warm-up ramp (read-only), and the
 * auto-reposter's rules (new calendar items, through the calendar service).
 */
@Module({
  imports: [TiktokWarmupModule, CalendarModule],
  providers: [...shared, TiktokWarmupEngine, TiktokWarmupTick, AutoReposterRepository, AutoReposterEngine, AutoReposterTick],
  exports: [TiktokWarmupEngine, AutoReposterEngine],
})
export class AutomationsSchedulerModule {}
