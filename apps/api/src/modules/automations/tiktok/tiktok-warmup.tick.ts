import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

import { PeriodicTask } from '../../../common/scheduling/periodic-task.js';
import { TiktokWarmupEngine } from './tiktok-warmup.engine.js';

/** Runs the warm-up check every 15 minutes. */
@Injectable()
export class TiktokWarmupTick extends PeriodicTask {
  constructor(
    private readonly engine: TiktokWarmupEngine,
    registry: SchedulerRegistry,
  ) {
    super(registry, { name: 'tiktok-warmup', everyMs: 15 * 60_000, what: 'warm-up check' });
  }

  protected run(): Promise<unknown> {
    return this.engine.runOnce();
  }
}
