import { Inject, Injectable, Logger } from '@nestjs/common';

import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { PublicationLedger } from '../queue/publication-ledger.js';
import { QueueService } from '../queue/queue.service.js';
import { DueWakeups } from './due-wakeups.js';

@Injectable()
export class SchedulerService {
  private readonly logger = new Logger(SchedulerService.name);

  constructor(
    private readonly ledger: PublicationLedger,
    private readonly queue: QueueService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly wakeups: DueWakeups,
  ) {}

  /**
   * Turns every due scheduled item (and those due within the lookahead) into publications and
   * jobs, in batches of one statement each; then tells the queue. Safe with any number of
   * schedulers at once. Jobs created ahead of their time are dispatched again when they come due
   * (DueWakeups). Returns the number of jobs created.
   */
  async scheduleDueContent(options: { lookaheadSeconds?: number; batchSize?: number } = {}): Promise<{ items: number; jobs: number }> {
    const lookahead = options.lookaheadSeconds ?? this.config.queue.lookaheadSeconds;
    const batchSize = options.batchSize ?? 5000;
    let items = 0;
    let jobs = 0;
    for (;;) {
      // One set-based statement per batch, through the ledger (initial statuses from the domain).
      const batch = await this.ledger.scheduleDue(lookahead, batchSize);
      items += batch.items;
      jobs += batch.jobs.length;
      await this.queue.dispatch(batch.jobs);
      this.wakeups.add(batch.jobs);
      if (batch.items < batchSize) break;
    }
    if (jobs > 0) this.logger.log(`scheduled ${items} item(s) into ${jobs} job(s)`);
    return { items, jobs };
  }
}
