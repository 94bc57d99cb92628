import { Logger } from '@nestjs/common';
import { Client } from 'pg';

import type { AppConfig } from '../config/index.js';
import { JOBS_CHANNEL, type DispatchRequest, type JobsRepository } from './jobs.repository.js';
import type { PublicationLedger } from './publication-ledger.js';
import type { JobHandler, QueueDriver } from './queue-driver.js';

/** The fallback look: missed notifications, jobs whose run_at arrived, expired leases, the embedded database. */
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
  /** A notification or a freed slot arrived while the loop was claiming: look again before sleeping. */
  private wakeRequested = false;
  /**
   * More may be claimable: the last claim came back full, or a notification arrived since. Only
   * then does a finished job make the loop claim again; a drained queue waits for NOTIFY or the poll.
   */
  private backlog = true;
  private listener?: Client;
  private loop?: Promise<void>;
  private asleep = false;

  constructor(
    private readonly ledger: PublicationLedger,
    private readonly jobs: JobsRepository,
    private readonly config: Pick<AppConfig, 'databaseUrl'> & { queue: Pick<AppConfig['queue'], 'leaseSeconds'> },
    private readonly workerId: string,
    private readonly pollMs = POLL_MS,
  ) {}

  /** True while the loop waits for a notification, a free slot or the poll (nothing to claim). */
  get sleeping(): boolean {
    return this.asleep;
  }

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
    client.on('notification', () => {
      this.backlog = true;
      this.nudge();
    });
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
          this.backlog = claimed === free;
          for (const job of jobs) {
            const task: Promise<void> = handler(job)
              .catch((error: Error) => this.logger.error(`job ${job.id} handler crashed: ${error.message}`))
              .finally(() => {
                this.active.delete(task);
                if (this.backlog) this.nudge();
              });
            this.active.add(task);
          }
        } catch (error) {
          if (this.running) this.logger.warn(`claim failed: ${(error as Error).message}`);
        }
      }
      // A full batch means more may be waiting: go again at once; otherwise sleep until woken.
      if (claimed > 0 && claimed === free) continue;
      if (this.wakeRequested) {
        this.wakeRequested = false;
        continue;
      }
      this.asleep = true;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
      this.asleep = false;
    }
  }

  private nudge(): void {
    if (this.wake) this.wake();
    else this.wakeRequested = true;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.active]);
    await this.listener?.end().catch(() => undefined);
  }
}
