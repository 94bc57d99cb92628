import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

import { PeriodicTask } from '../../common/scheduling/periodic-task.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { QueueService } from '../queue/queue.service.js';
import { SchedulerService } from './scheduler.service.js';

/** Runs scheduleDueContent at boot and every SCHEDULER_TICK_MS (never overlapping itself), plus the reconciler. */
@Injectable()
export class SchedulerTick extends PeriodicTask {
  constructor(
    private readonly scheduler: SchedulerService,
    private readonly queue: QueueService,
    registry: SchedulerRegistry,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(registry, { name: 'schedule-due-content', everyMs: config.queue.schedulerTickMs, what: 'scheduling' });
  }

  override onApplicationBootstrap(): void {
    super.onApplicationBootstrap();
    this.queue.startReconciler();
    void this.tick();
  }

  protected run(): Promise<unknown> {
    return this.scheduler.scheduleDueContent();
  }
}
