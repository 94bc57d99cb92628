import type { ClaimedJob, DispatchRequest } from './jobs.repository.js';

/** Runs one claimed job until it releases its lease (done, rescheduled or failed). */
export type JobHandler = (job: ClaimedJob) => Promise<void>;

/**
 * How claimed work reaches workers. Postgres is the record either way; a driver only decides
 * when a worker looks: polling + NOTIFY, or BullMQ messages (with a reconciler for lost ones).
 */
export interface QueueDriver {
  readonly name: 'postgres' | 'bullmq';
  /** Tell the transport that these jobs are due at their runAt (after the rows committed). */
  dispatch(jobs: DispatchRequest[]): Promise<void>;
  /** Begin consuming with `concurrency` jobs at once. */
  startConsuming(handler: JobHandler, concurrency: number): Promise<void>;
  /** Stop taking jobs, wait for the running ones to release. */
  stop(): Promise<void>;
  /**
   * Scheduler role: re-dispatch what the transport may have lost. Only a driver whose transport
   * can lose messages (BullMQ) has one; Postgres polling needs none.
   */
  startReconciler?(): void;
}

/** The driver the app runs (DI): BullMQ when REDIS_URL is set, Postgres otherwise. */
export const QUEUE_DRIVER = Symbol('QUEUE_DRIVER');
/** This process's worker id (lease holder name). */
export const QUEUE_WORKER_ID = Symbol('QUEUE_WORKER_ID');
