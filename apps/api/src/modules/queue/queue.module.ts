import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

import { Module } from '@nestjs/common';

import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { BullMqQueueDriver } from './bullmq.driver.js';
import { JobsRepository } from './jobs.repository.js';
import { LedgerRepository } from './ledger.repository.js';
import { PostgresQueueDriver } from './postgres.driver.js';
import { PublicationLedger } from './publication-ledger.js';
import { QUEUE_DRIVER, QUEUE_WORKER_ID, type QueueDriver } from './queue-driver.js';
import { QueueService } from './queue.service.js';

/**
 * The only module that imports BullMQ (enforced by lint). Others use QueueService (transport,
 * reads) and PublicationLedger (every status move and timeline row); its repositories stay inside.
 */
@Module({
  providers: [
    JobsRepository,
    LedgerRepository,
    PublicationLedger,
    QueueService,
    { provide: QUEUE_WORKER_ID, useFactory: () => `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}` },
    {
      provide: QUEUE_DRIVER,
      inject: [PublicationLedger, JobsRepository, APP_CONFIG, QUEUE_WORKER_ID],
      useFactory: (ledger: PublicationLedger, jobs: JobsRepository, config: AppConfig, workerId: string): QueueDriver =>
        config.redisUrl ? new BullMqQueueDriver(ledger, jobs, config, workerId) : new PostgresQueueDriver(ledger, jobs, config, workerId),
    },
  ],
  exports: [QueueService, PublicationLedger],
})
export class QueueModule {}
