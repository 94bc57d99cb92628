import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

import { PeriodicTask } from '../../../common/scheduling/periodic-task.js';
import { AutoReposterEngine } from './auto-reposter.engine.js';

/** Looks for firing re-post rules every 5 minutes; the claims keep each pair to one item across processes. */
@Injectable()
export class AutoReposterTick extends PeriodicTask {
  constructor(
    private readonly engine: AutoReposterEngine,
    registry: SchedulerRegistry,
  ) {
    super(registry, { name: 'auto-reposter', everyMs: 5 * 60_000, what: 'auto_reposter pass' });
  }

  protected run(): Promise<unknown> {
    return this.engine.runOnce();
  }
}
