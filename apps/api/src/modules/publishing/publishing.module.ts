import { Module, type DynamicModule, type Provider } from '@nestjs/common';

import { AccountsModule } from '../accounts/accounts.module.js';
import { CalendarModule } from '../calendar/calendar.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { RateLimitsModule } from '../rate-limits/rate-limits.module.js';
import { TokensModule } from '../tokens/tokens.module.js';
import { CheckpointSecrets } from './checkpoint-secrets.js';
import { JobRunner } from './job-runner.js';
import { JobGates } from './job-runner/gates.js';
import { JobOutcome } from './job-runner/outcome.js';
import { StepLoop } from './job-runner/step-loop.js';
import { PlatformUsageWriter } from './platform-usage-writer.js';
import { PublicationLinkBackfill, PublicationLinkBackfillTick } from './publication-links.backfill.js';
import { PublicationLinksRepository } from './publication-links.repository.js';
import { PublisherFactory } from './publisher-factory.js';
import { PublishingController } from './publishing.controller.js';
import { PublishingRepository } from './publishing.repository.js';
import { PublishingService } from './publishing.service.js';
import { WorkerService } from './worker.service.js';

/**
 * Publications: operator endpoints (api role) and the job runner (worker role). `media` provides
 * MEDIA_RESOLVER: how a job gets its video's bytes and signed URL.
 */
@Module({})
export class PublishingModule {
  static register(options: { worker: boolean; media: Provider; imports?: DynamicModule['imports'] }): DynamicModule {
    return {
      module: PublishingModule,
      imports: [AccountsModule, CalendarModule, QueueModule, RateLimitsModule, TokensModule, ...(options.imports ?? [])],
      controllers: [PublishingController],
      providers: [
        PublishingService,
        PublishingRepository,
        PublicationLinksRepository,
        PublisherFactory,
        CheckpointSecrets,
        JobGates,
        PlatformUsageWriter,
        StepLoop,
        JobOutcome,
        JobRunner,
        options.media,
        ...(options.worker ? [WorkerService] : []),
      ],
      exports: [JobRunner, PublishingService],
    };
  }
}

/**
 * Scheduler role: the link backfill of posted publications whose public link is pending
 * (issue 18). Shares the rate-limit keys with the job runner, so both keep to one per-token budget.
 */
@Module({
  imports: [AccountsModule, QueueModule, RateLimitsModule, TokensModule],
  providers: [PublicationLinksRepository, PublicationLinkBackfill, PublicationLinkBackfillTick, PublisherFactory],
  exports: [PublicationLinkBackfill],
})
export class PublicationLinksSchedulerModule {}
