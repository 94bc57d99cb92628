import { Module } from '@nestjs/common';

import { AccountsModule } from '../accounts/accounts.module.js';
import { QueueModule } from '../queue/queue.module.js';
import { DueWakeups } from './due-wakeups.js';
import { SchedulerService } from './scheduler.service.js';
import { SchedulerTick } from './scheduler.tick.js';
import { TokenRefreshJob } from './token-refresh.job.js';

/** The scheduler role: due posts → jobs, the BullMQ reconciler, token refresh. */
@Module({ imports: [AccountsModule, QueueModule], providers: [TokenRefreshJob, DueWakeups, SchedulerService, SchedulerTick], exports: [SchedulerService] })
export class SchedulerModule {}
