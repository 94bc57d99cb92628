import { Injectable, Logger, Module } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

import { PeriodicTask } from '../../common/scheduling/periodic-task.js';
import { CalendarRepository } from './calendar.repository.js';
import { DELETED_RETENTION_DAYS } from './calendar.service.js';

const HOURLY = 3600_000;

/** Deleted posts stay restorable for DELETED_RETENTION_DAYS; after that this hourly pass removes them for good. */
@Injectable()
export class DeletedContentPurgeJob extends PeriodicTask {
  private readonly log = new Logger(DeletedContentPurgeJob.name);

  constructor(
    private readonly repository: CalendarRepository,
    registry: SchedulerRegistry,
  ) {
    super(registry, { name: 'deleted-content-purge', everyMs: HOURLY, what: 'deleted content purge' });
  }

  /** Safe in several schedulers at once: rows are taken with SKIP LOCKED. */
  async purge(now: Date = new Date()): Promise<number> {
    const purged = await this.repository.purgeDeleted(new Date(now.getTime() - DELETED_RETENTION_DAYS * 86_400_000));
    if (purged > 0) this.log.log(`purged ${purged} post(s) deleted more than ${DELETED_RETENTION_DAYS} days ago`);
    return purged;
  }

  protected run(): Promise<unknown> {
    return this.purge();
  }
}

/** The scheduler role's part of the calendar: purging deleted posts. */
@Module({ providers: [CalendarRepository, DeletedContentPurgeJob] })
export class CalendarPurgeModule {}
