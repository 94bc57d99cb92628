import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { BullMqQueueDriver } from './bullmq.driver.js';
import { JobsRepository, type DispatchRequest } from './jobs.repository.js';
import { PostgresQueueDriver } from './postgres.driver.js';
import type { JobHandler, QueueDriver } from './queue-driver.js';

/** The one door to the queue for the rest of the app: nothing else knows which driver runs. */
@Injectable()
export class QueueService implements OnApplicationShutdown {
  private readonly logger = new Logger(QueueService.name);
  readonly workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  readonly driver: QueueDriver;
  private consuming = false;

  constructor(
    readonly jobs: JobsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.driver = config.redisUrl ? new BullMqQueueDriver(jobs, config, this.workerId) : new PostgresQueueDriver(jobs, config, this.workerId);
  }

  /** After the rows committed: let the transport know. A lost dispatch is healed by the reconciler/poll. */
  async dispatch(jobs: DispatchRequest[]): Promise<void> {
    try {
      await this.driver.dispatch(jobs);
    } catch (error) {
      this.logger.warn(`dispatch of ${jobs.length} job(s) failed, the reconciler will retry: ${(error as Error).message}`);
    }
  }

  /** Runs the account's waiting jobs now (it was just reconnected). */
  async wakeAccount(accountId: string): Promise<number> {
    const woken = await this.jobs.wakeAccount(accountId);
    await this.dispatch(woken);
    return woken.length;
  }

  async consume(handler: JobHandler): Promise<void> {
    this.consuming = true;
    await this.driver.startConsuming(handler, this.config.queue.workerConcurrency);
    this.logger.log(`worker ${this.workerId} consuming with the ${this.driver.name} driver, concurrency ${this.config.queue.workerConcurrency}`);
  }

  /** Scheduler role: with BullMQ, re-dispatch what Redis may have lost. */
  startReconciler(): void {
    if (this.driver instanceof BullMqQueueDriver) this.driver.startReconciler();
  }

  async onApplicationShutdown(): Promise<void> {
    // Stop taking work and let running jobs release their leases (or expire them if they hang).
    await this.driver.stop();
    if (this.consuming) this.logger.log('worker stopped');
  }
}
