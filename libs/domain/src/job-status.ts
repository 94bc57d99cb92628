import { defineStateMachine } from './state-machine.js';

export const JOB_STATUSES = ['queued', 'active', 'waiting_retry', 'succeeded', 'failed', 'dead', 'cancelled', 'needs_review'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * A publish job. `active` → `queued` is a lease that expired (worker died) being reclaimed, or a
 * step that asked to be polled later; `dead` is out of attempts; `failed` is a permanent error.
 */
export const jobStatusMachine = defineStateMachine<JobStatus>('publish_job', {
  queued: ['active', 'cancelled'],
  active: ['queued', 'waiting_retry', 'succeeded', 'failed', 'dead', 'cancelled', 'needs_review'],
  waiting_retry: ['active', 'queued', 'cancelled'],
  failed: ['queued'],
  dead: ['queued'],
  needs_review: ['succeeded', 'failed'],
  succeeded: [],
  cancelled: [],
});
