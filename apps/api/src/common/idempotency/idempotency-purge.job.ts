import { Injectable, Logger, Module } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';

import { PeriodicTask } from '../scheduling/periodic-task.js';
import { IDEMPOTENCY_TTL_HOURS, IdempotencyKeysRepository } from './idempotency.repository.js';

const HOURLY = 3600_000;

/** Idempotency keys answer for 24 h (older ones are never replayed); this hourly pass deletes them. */
@Injectable()
export class IdempotencyPurgeJob extends PeriodicTask {
  private readonly log = new Logger(IdempotencyPurgeJob.name);
  private readonly keys: IdempotencyKeysRepository;

  constructor(dataSource: DataSource, registry: SchedulerRegistry) {
    super(registry, { name: 'idempotency-key-purge', everyMs: HOURLY, what: 'idempotency key purge' });
    this.keys = new IdempotencyKeysRepository(dataSource);
  }

  async purge(now: Date = new Date()): Promise<number> {
    const purged = await this.keys.purgeExpired(now);
    if (purged > 0) this.log.log(`purged ${purged} idempotency key(s) older than ${IDEMPOTENCY_TTL_HOURS} h`);
    return purged;
  }

  protected run(): Promise<unknown> {
    return this.purge();
  }
}

/** The scheduler role's part of the idempotency keys: the purge. */
@Module({ providers: [IdempotencyPurgeJob] })
export class IdempotencyPurgeModule {}
