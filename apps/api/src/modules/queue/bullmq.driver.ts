import { Logger } from '@nestjs/common';
import { Queue, Worker, type ConnectionOptions } from 'bullmq';

import type { AppConfig } from '../config/index.js';
import { ClaimBatcher } from './claim-batcher.js';
import type { DispatchRequest, JobsRepository } from './jobs.repository.js';
import type { PublicationLedger } from './publication-ledger.js';
import type { JobHandler, QueueDriver } from './queue-driver.js';

export const PUBLISH_QUEUE = 'mwr-publish';
const RECONCILE_MS = 5_000;

function connection(url: string): ConnectionOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.pathname.length > 1 ? { db: Number(parsed.pathname.slice(1)) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/**
 * Redis only carries "look at job X at time T"; Postgres decides whether X may run (the claim)
 * and records everything. Message ids are "<job>-<dispatch seq>", so re-dispatching is
 * idempotent. A stalled message is never re-run blindly (maxStalledCount 0): the reconciler
 * re-dispatches whatever Postgres says is due or whose lease expired — which also heals a Redis
 * that lost its data.
 */
export class BullMqQueueDriver implements QueueDriver {
  readonly name = 'bullmq' as const;
  private readonly logger = new Logger('BullMqQueue');
  private readonly queue: Queue;
  private worker?: Worker;
  private reconciler?: NodeJS.Timeout;
  /** Messages delivered together are claimed in one statement. */
  private readonly claims: ClaimBatcher;

  constructor(
    private readonly ledger: PublicationLedger,
    private readonly jobs: JobsRepository,
    private readonly config: Pick<AppConfig, 'redisUrl' | 'queue'>,
    private readonly workerId: string,
    queueName = PUBLISH_QUEUE,
  ) {
    this.queue = new Queue(queueName, { connection: connection(config.redisUrl!) });
    this.queue.on('error', (error) => this.logger.warn(`queue: ${error.message}`));
    this.claims = new ClaimBatcher((ids) => this.ledger.claimByIds(ids, this.workerId, this.config.queue.leaseSeconds));
  }

  get bullQueue(): Queue {
    return this.queue;
  }

  async dispatch(jobs: DispatchRequest[]): Promise<void> {
    if (jobs.length === 0) return;
    const now = Date.now();
    await this.queue.addBulk(
      jobs.map((job) => ({
        name: 'publish',
        data: { jobId: job.id },
        opts: { jobId: `${job.id}-${job.dispatchSeq}`, delay: Math.max(0, new Date(job.runAt).getTime() - now), removeOnComplete: true, removeOnFail: true },
      })),
    );
  }

  async startConsuming(handler: JobHandler, concurrency: number): Promise<void> {
    this.worker = new Worker(
      this.queue.name,
      async (message) => {
        const job = await this.claims.claim((message.data as { jobId: string }).jobId);
        // Not claimable: already done, not due yet (clock skew: the database decides), or held by a live lease.
        if (job) await handler(job);
      },
      { connection: this.queue.opts.connection, concurrency, maxStalledCount: 0, autorun: true },
    );
    this.worker.on('error', (error) => this.logger.warn(`worker: ${error.message}`));
  }

  /** Re-dispatches what Postgres says is due (or whose lease expired); safe to run anywhere, any time. */
  async reconcile(): Promise<number> {
    const due = await this.jobs.dueForDispatch(Math.ceil(RECONCILE_MS / 1000) * 2, 5000);
    await this.dispatch(due);
    return due.length;
  }

  startReconciler(): void {
    this.reconciler = setInterval(() => {
      this.reconcile().catch((error: Error) => this.logger.warn(`reconcile: ${error.message}`));
    }, RECONCILE_MS);
    this.reconciler.unref();
  }

  /** Lets running jobs finish; if Redis is unreachable (closing would wait forever), drops the connections. */
  async stop(): Promise<void> {
    if (this.reconciler) clearInterval(this.reconciler);
    if (!(await within(5_000, Promise.all([this.worker?.close(), this.queue.close()])))) {
      this.logger.warn('Redis did not answer while closing; dropping the connections');
      // BullMQ's disconnect can also wait on a dead server: give it a moment, then move on.
      await within(1_000, Promise.allSettled([this.worker?.disconnect(), this.queue.disconnect()]));
    }
  }
}

/** True when `work` settled within `ms`. */
async function within(ms: number, work: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
