import { Module } from '@nestjs/common';
import { JobsRepository } from './jobs.repository.js';
import { QueueService } from './queue.service.js';

/** The only module that imports BullMQ (enforced by lint). */
@Module({ providers: [QueueService, JobsRepository], exports: [QueueService, JobsRepository] })
export class QueueModule {}
