import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

import { PeriodicTask } from '../../common/scheduling/periodic-task.js';
import { TrendScoring } from './trend-scoring.service.js';
import { TrendSourcesService } from './trend-sources.service.js';

/** Fetches the official trend sources that are due (each within its budget), every minute. */
@Injectable()
export class TrendSourcesTick extends PeriodicTask {
  constructor(
    private readonly sources: TrendSourcesService,
    registry: SchedulerRegistry,
  ) {
    super(registry, { name: 'trend-sources', everyMs: 60_000, what: 'trend sources' });
  }

  protected run(): Promise<unknown> {
    return this.sources.runOnce();
  }
}

/** Recomputes our own results, the scores and the spike alerts every 15 minutes. */
@Injectable()
export class TrendScoringTick extends PeriodicTask {
  constructor(
    private readonly scoring: TrendScoring,
    registry: SchedulerRegistry,
  ) {
    super(registry, { name: 'trend-scoring', everyMs: 15 * 60_000, what: 'trend scoring' });
  }

  protected run(): Promise<unknown> {
    return this.scoring.recomputeAll();
  }
}

/** Deletes the statistics of others' videos older than 30 days (YouTube API Services policy), hourly. */
@Injectable()
export class TrendPurgeTick extends PeriodicTask {
  constructor(
    private readonly scoring: TrendScoring,
    registry: SchedulerRegistry,
  ) {
    super(registry, { name: 'trend-purge', everyMs: 3_600_000, what: 'trend purge' });
  }

  protected run(): Promise<unknown> {
    return this.scoring.purge();
  }
}
