import { Inject, Injectable, Logger } from '@nestjs/common';

import { Coalescer } from '../../common/batching/coalescer.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import type { ClaimedJob } from '../queue/publication-ledger.js';
import { QueueService } from '../queue/queue.service.js';
import { JobGates } from './job-runner/gates.js';
import { JobOutcome, LeaseLost, WORKER_ERROR } from './job-runner/outcome.js';
import { StepLoop } from './job-runner/step-loop.js';
import { PublishingRepository } from './publishing.repository.js';

/**
 * Runs one leased job as three pieces: the gates (publication, account, start rate; each step's
 * platform limits), the step loop (the publisher's steps, each checkpoint persisted under the
 * lease's fencing token before the next step) and the outcome (the ledger's transitions). Waits
 * and retries go back to the queue with a run_at, never an in-process sleep. Every change lands
 * in job_events.
 */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger(JobRunner.name);
  /** The jobs a worker starts together (a claimed batch) read their publication, item and account rows in one query. */
  private readonly contexts = new Coalescer((ids) => this.repository.contexts(ids), 'share');

  constructor(
    private readonly repository: PublishingRepository,
    private readonly queue: QueueService,
    private readonly gates: JobGates,
    private readonly steps: StepLoop,
    private readonly outcome: JobOutcome,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(job: ClaimedJob): Promise<void> {
    this.outcome.begin(job);
    const abort = new AbortController();
    const heartbeat = setInterval(
      () => {
        this.queue.renewLease(job.id, job.fencingToken).then(
          (held) => held || abort.abort(),
          () => undefined,
        );
      },
      (this.config.queue.leaseSeconds * 1000) / 3,
    );
    heartbeat.unref();
    try {
      await this.execute(job, abort.signal);
    } catch (error) {
      if (error instanceof LeaseLost) {
        this.logger.warn(`job ${job.id}: lease lost, another worker owns it now; stopping without writing`);
        return;
      }
      this.logger.error(`job ${job.id} crashed: ${(error as Error).message}`);
      // A bug is a temporary failure: the attempt counts, the backoff applies.
      await this.outcome.retryOrDie(job, undefined, WORKER_ERROR).catch(() => undefined);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Gates, then the step loop; either way the outcome writes how the claim ended. */
  private async execute(job: ClaimedJob, signal: AbortSignal): Promise<void> {
    const read = await this.contexts.get(job.publicationId);
    // Its own copy: the step loop moves ctx.publicationStatus as the lane moves.
    const ctx = read && { ...read };
    if (!ctx) return this.outcome.cancel(job, undefined, 'The publication no longer exists or was cancelled');
    const gate = await this.gates.beforeRun(ctx);
    if (gate.kind !== 'go') return this.outcome.settle(job, ctx, gate);
    await this.outcome.settle(job, ctx, await this.steps.run(job, ctx, signal));
  }
}
