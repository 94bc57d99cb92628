import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { QueueService } from '../queue/queue.service.js';
import { SchedulerService } from './scheduler.service.js';

/** Runs scheduleDueContent every SCHEDULER_TICK_MS (never overlapping itself), plus the reconciler. */
@Injectable()
export class SchedulerTick implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SchedulerTick.name);
  private running = false;

  constructor(
    private readonly scheduler: SchedulerService,
    private readonly queue: QueueService,
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const timer = setInterval(() => void this.tick(), this.config.queue.schedulerTickMs);
    this.registry.addInterval('schedule-due-content', timer);
    this.queue.startReconciler();
    void this.tick();
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.scheduler.scheduleDueContent();
    } catch (error) {
      this.logger.error(`scheduling failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  onApplicationShutdown(): void {
    if (this.registry.doesExist('interval', 'schedule-due-content')) this.registry.deleteInterval('schedule-due-content');
  }
}
