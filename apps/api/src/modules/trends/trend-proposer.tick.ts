import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

import { PeriodicTask } from '../../common/scheduling/periodic-task.js';
import { TrendProposer } from './trend-proposer.service.js';

/** Refreshes the internal-analytics proposals every hour. */
@Injectable()
export class TrendProposerTick extends PeriodicTask {
  constructor(
    private readonly proposer: TrendProposer,
    registry: SchedulerRegistry,
  ) {
    super(registry, { name: 'trend-proposals', everyMs: 3_600_000, what: 'trend proposals' });
  }

  protected run(): Promise<unknown> {
    return this.proposer.runOnce();
  }
}
