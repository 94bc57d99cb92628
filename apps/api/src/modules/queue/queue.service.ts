import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { JobsRepository, type DispatchRequest } from './jobs.repository.js';
import { PublicationLedger } from './publication-ledger.js';
import { QUEUE_DRIVER, QUEUE_WORKER_ID, type JobHandler, type QueueDriver } from './queue-driver.js';

/**
 * The one door to the queue's transport for the rest of the app: nothing else knows which driver
 * runs (it comes by DI through QUEUE_DRIVER). Status moves and the timeline are the ledger's
 * (PublicationLedger); reads of a publication's job are here.
 */
@Injectable()
export class QueueService implements OnApplicationShutdown {
  private readonly logger = new Logger(QueueService.name);
  private consuming = false;

  constructor(
    private readonly jobs: JobsRepository,
    @Inject(QUEUE_DRIVER) readonly driver: QueueDriver,
    @Inject(QUEUE_WORKER_ID) readonly workerId: string,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ledger: PublicationLedger,
    private readonly dataSource: DataSource,
  ) {}

  /** After the rows committed: let the transport know. A lost dispatch is healed by the reconciler/poll. */
  async dispatch(jobs: DispatchRequest[]): Promise<void> {
    try {
      await this.driver.dispatch(jobs);
    } catch (error) {
      this.logger.warn(`dispatch of ${jobs.length} job(s) failed, the reconciler will retry: ${(error as Error).message}`);
    }
  }

  /**
   * Runs the account's waiting jobs now (it was just reconnected, or a re-check no longer refuses
   * it): the ones waiting on a person go back to the queue through the ledger, the queued ones run
   * now instead of at their next look. Returns how many.
   */
  async wakeAccount(accountId: string, message = 'The account can post again: resumed'): Promise<number> {
    const resumed = await this.dataSource.transaction((tx) => this.ledger.resumeAccount(tx, accountId, message));
    const woken = await this.jobs.wakeAccount(accountId);
    await this.dispatch([...resumed, ...woken]);
    return resumed.length + woken.length;
  }

  /** Worker: keeps the lease alive during a long step; false means it is lost (stop now). */
  renewLease(jobId: string, fencingToken: string): Promise<boolean> {
    return this.jobs.renewLease(jobId, fencingToken, this.config.queue.leaseSeconds);
  }

  /** Worker: persists a checkpoint under the lease; false when the lease was lost (nothing written). */
  saveCheckpoint(...args: Parameters<JobsRepository['saveCheckpoint']>): Promise<boolean> {
    return this.jobs.saveCheckpoint(...args);
  }

  /** The publication's job (status, attempts, last error), for the detail view. */
  jobOf(publicationId: string): ReturnType<JobsRepository['forPublication']> {
    return this.jobs.forPublication(publicationId);
  }

  /** The publication's timeline, oldest first. */
  timelineOf(publicationId: string, limit?: number): ReturnType<JobsRepository['timeline']> {
    return this.jobs.timeline(publicationId, limit);
  }

  async consume(handler: JobHandler): Promise<void> {
    this.consuming = true;
    await this.driver.startConsuming(handler, this.config.queue.workerConcurrency);
    this.logger.log(`worker ${this.workerId} consuming with the ${this.driver.name} driver, concurrency ${this.config.queue.workerConcurrency}`);
  }

  /** Scheduler role: re-dispatch what the transport may have lost (drivers that can lose messages only). */
  startReconciler(): void {
    this.driver.startReconciler?.();
  }

  async onApplicationShutdown(): Promise<void> {
    // Stop taking work and let running jobs release their leases (or expire them if they hang).
    await this.driver.stop();
    if (this.consuming) this.logger.log('worker stopped');
  }
}
