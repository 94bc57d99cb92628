import { Logger } from '@nestjs/common';
import { Client } from 'pg';

import type { AppConfig } from '../config/index.js';
import { JOBS_CHANNEL, type DispatchRequest, type JobsRepository } from './jobs.repository.js';
import type { PublicationLedger } from './publication-ledger.js';
import type { JobHandler, QueueDriver } from './queue-driver.js';

const POLL_MS = 500;

/**
 * Workers claim due rows themselves with FOR UPDATE SKIP LOCKED. A LISTEN connection wakes them
 * as soon as a job is dispatched; a short poll covers missed notifications, delayed run_at and
 * the embedded database (which has no second connection to listen on).
 */
export class PostgresQueueDriver implements QueueDriver {
  readonly name = 'postgres' as const;
  private readonly logger = new Logger('PostgresQueue');
  private running = false;
  private active = new Set<Promise<void>>();
  private wake?: () => void;
  private listener?: Client;
  private loop?: Promise<void>;

  constructor(
    private readonly ledger: PublicationLedger,
    private readonly jobs: JobsRepository,
    private readonly config: Pick<AppConfig, 'databaseUrl' | 'queue'>,
    private readonly workerId: string,
  ) {}

  async dispatch(jobs: DispatchRequest[]): Promise<void> {
    if (jobs.length > 0) await this.jobs.notifyJobs();
  }

  async startConsuming(handler: JobHandler, concurrency: number): Promise<void> {
    this.running = true;
    if (this.config.databaseUrl) await this.listen();
    this.loop = this.run(handler, concurrency);
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.databaseUrl });
    client.on('error', (error) => this.logger.warn(`listen connection: ${error.message}`));
    client.on('notification', () => this.wake?.());
    try {
      await client.connect();
      await client.query(`LISTEN ${JOBS_CHANNEL}`);
      this.listener = client;
    } catch (error) {
      this.logger.warn(`LISTEN unavailable, polling only: ${(error as Error).message}`);
      await client.end().catch(() => undefined);
    }
  }

  private async run(handler: JobHandler, concurrency: number): Promise<void> {
    while (this.running) {
      const free = concurrency - this.active.size;
      let claimed = 0;
      if (free > 0) {
        try {
          const jobs = await this.ledger.claimDue(this.workerId, free, this.config.queue.leaseSeconds);
          claimed = jobs.length;
          for (const job of jobs) {
            const task: Promise<void> = handler(job)
              .catch((error: Error) => this.logger.error(`job ${job.id} handler crashed: ${error.message}`))
              .finally(() => {
                this.active.delete(task);
                this.wake?.();
              });
            this.active.add(task);
          }
        } catch (error) {
          if (this.running) this.logger.warn(`claim failed: ${(error as Error).message}`);
        }
      }
      // A full batch means more may be waiting: go again at once; otherwise sleep until woken.
      if (claimed > 0 && claimed === free) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, POLL_MS);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.active]);
    await this.listener?.end().catch(() => undefined);
  }
}
