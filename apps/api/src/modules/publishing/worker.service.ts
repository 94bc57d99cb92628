import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';

import { QueueService } from '../queue/queue.service.js';
import { JobRunner } from './job-runner.js';

/** The worker role: consume publish jobs through whichever queue driver is configured. */
@Injectable()
export class WorkerService implements OnApplicationBootstrap {
  constructor(
    private readonly queue: QueueService,
    private readonly runner: JobRunner,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.consume((job) => this.runner.run(job));
  }
}
