import { existsSync } from 'node:fs';

import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ServeStaticModule } from '@nestjs/serve-static';
import { LoggerModule } from 'nestjs-pino';

import { IdempotencyPurgeModule } from './common/idempotency/idempotency-purge.job.js';
import { loggerOptions } from './common/logging/logger.options.js';
import { AccountsModule } from './modules/accounts/accounts.module.js';
import { AccountDisconnectModule } from './modules/accounts/disconnect/account-disconnect.module.js';
import { AiModule } from './modules/ai/ai.module.js';
import { AnalyticsHttpModule, AnalyticsSchedulerModule } from './modules/analytics/analytics.module.js';
import { AssetsHttpModule } from './modules/assets/assets-http.module.js';
import { AssetsCleanupModule, AssetsModule } from './modules/assets/assets.module.js';
import { AuditModule } from './modules/audit/audit.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { AutomationsModule, AutomationsSchedulerModule } from './modules/automations/automations.module.js';
import { BestTimesModule } from './modules/best-times/best-times.module.js';
import { BrandingHttpModule } from './modules/branding/branding.module.js';
import { CalendarPurgeModule } from './modules/calendar/calendar-purge.job.js';
import { CalendarModule } from './modules/calendar/calendar.module.js';
import { ConfigModule, type AppConfig } from './modules/config/index.js';
import { DatabaseModule } from './modules/database/index.js';
import { EventsModule } from './modules/events/events.module.js';
import { ExperimentsModule, ExperimentsSchedulerModule } from './modules/experiments/experiments.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { McpModule } from './modules/mcp/mcp.module.js';
import { MonitoringModule } from './modules/monitoring/monitoring.module.js';
import { NotificationsModule, NotificationsSchedulerModule } from './modules/notifications/notifications.module.js';
import { PlatformsRegistryModule } from './modules/platforms-registry/platforms-registry.module.js';
import { PlatformsModule } from './modules/platforms/platforms.module.js';
import { AssetMediaResolver } from './modules/publishing/asset-media.resolver.js';
import { MEDIA_RESOLVER } from './modules/publishing/media-resolver.js';
import { PublicationLinksSchedulerModule, PublishingModule } from './modules/publishing/publishing.module.js';
import { RedisModule } from './modules/redis/redis.module.js';
import { ReviewLinksModule } from './modules/review-links/review-links.module.js';
import { SchedulerModule } from './modules/scheduler/scheduler.module.js';
import { SystemModule } from './modules/system/system.module.js';
import { TrendsModule, TrendsSchedulerModule } from './modules/trends/trends.module.js';
import { WarRoomModule } from './modules/war-room/war-room.module.js';
import { WebhooksModule, WebhooksSchedulerModule } from './modules/webhooks/webhooks.module.js';

/**
 * One codebase, three roles. `api` serves HTTP (REST, SSE, the SPA); `worker` runs publish jobs;
 * `scheduler` runs the timed work (token refresh; due posts with the queue issue). Every role
 * keeps the health endpoints, and every role loads the auth guard, so no controller a role
 * happens to load is ever reachable unauthenticated.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const imports: DynamicModule['imports'] = [
      ConfigModule.forRoot(config),
      LoggerModule.forRoot(loggerOptions(config)),
      DatabaseModule,
      HealthModule,
      AuditModule,
      AuthModule,
      PlatformsModule,
      AccountsModule,
    ];
    if (config.redisUrl) imports.push(RedisModule.forRoot(config.redisUrl));
    // Every role: events cross processes, each process serves its own /metrics; alerts tick in the scheduler.
    imports.push(EventsModule, MonitoringModule.forRoot({ scheduler: config.roles.has('scheduler') }));
    if (config.roles.has('scheduler'))
      imports.push(
        ScheduleModule.forRoot(),
        SchedulerModule,
        AssetsCleanupModule,
        CalendarPurgeModule,
        IdempotencyPurgeModule,
        AutomationsSchedulerModule,
        TrendsSchedulerModule,
        PublicationLinksSchedulerModule,
        AnalyticsSchedulerModule,
        ExperimentsSchedulerModule,
        NotificationsSchedulerModule,
        WebhooksSchedulerModule,
      );
    if (config.roles.has('api') || config.roles.has('worker')) {
      imports.push(
        PublishingModule.register({
          worker: config.roles.has('worker'),
          media: { provide: MEDIA_RESOLVER, useClass: AssetMediaResolver },
          imports: [AssetsModule],
        }),
      );
    }
    if (config.roles.has('api')) {
      imports.push(
        CalendarModule,
        AccountDisconnectModule,
        SystemModule,
        AssetsHttpModule,
        WarRoomModule,
        TrendsModule,
        AutomationsModule,
        AnalyticsHttpModule,
        BestTimesModule,
        ExperimentsModule,
        WebhooksModule,
        PlatformsRegistryModule,
        AiModule,
        NotificationsModule,
        ReviewLinksModule,
        McpModule,
        BrandingHttpModule,
      );
      if (existsSync(config.webDistDir)) {
        imports.push(ServeStaticModule.forRoot({ rootPath: config.webDistDir, exclude: ['/api/{*path}'] }));
      } else {
        new Logger('AppModule').warn(`web app not built (${config.webDistDir} missing): run "npm run build" to serve it`);
      }
    }
    return { module: AppModule, imports };
  }
}
