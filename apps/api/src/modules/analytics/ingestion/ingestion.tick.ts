import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

import { PeriodicTask } from '../../../common/scheduling/periodic-task.js';
import { AnalyticsIngestion } from './ingestion.service.js';

/** Runs the analytics ingestion every minute in the scheduler role (reads fall due at 1 h and later: a minute is early enough). */
@Injectable()
export class AnalyticsIngestionTick extends PeriodicTask {
  constructor(
    private readonly ingestion: AnalyticsIngestion,
    registry: SchedulerRegistry,
  ) {
    super(registry, { name: 'analytics-ingestion', everyMs: 60_000, what: 'analytics ingestion' });
  }

  protected run(): Promise<unknown> {
    return this.ingestion.runOnce();
  }
}
