import { defineStateMachine, statesReaching } from './state-machine.js';

export const JOB_STATUSES = ['queued', 'active', 'waiting_retry', 'waiting_person', 'succeeded', 'failed', 'dead', 'cancelled', 'needs_review'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * A publish job. `active` → `active` is a lease that expired (its worker died) taken over by
 * another worker; `active` → `queued` is a step that asked to be polled later or a wait (limit,
 * reconnect); `dead` is out of attempts; `failed` is a permanent error.
 *
 * Decision (issue #19): a cancelled job is never retried. Cancelling is a person saying "this must
 * not go out"; a retry would send it anyway, and nothing in the product offers it (the SPA's Retry
 * is on failed lanes only). To post it after all, schedule the item again. What a person may still
 * do is *settle* it with evidence (resolve): the platform-side cancel can fail after an upload
 * began, so the post may be live — that corrects the record, it does not run the job again.
 *
 * Decision (issue #20): `waiting_person` is a job that cannot go on until a person acts on its
 * account (disconnected, sign-in revoked beyond refresh, restricted or banned by the platform,
 * a permission missing). It is not on a timer: nothing claims it. The system puts it back in the
 * queue (`waiting_person` → `queued`) when it sees the condition clear (the account reconnected,
 * a re-check no longer refuses it); a person may cancel or settle it like a queued job.
 */
export const jobStatusMachine = defineStateMachine<JobStatus>(
  'publish_job',
  {
    queued: ['active', 'cancelled'],
    active: ['active', 'queued', 'waiting_retry', 'waiting_person', 'succeeded', 'failed', 'dead', 'cancelled', 'needs_review'],
    waiting_retry: ['active', 'queued', 'cancelled'],
    waiting_person: ['queued'],
    failed: [],
    dead: [],
    needs_review: [],
    succeeded: [],
    cancelled: [],
  },
  {
    // Cancel (not while running), retry (failed or out of attempts), settle with evidence (anything not running or posted).
    queued: ['cancelled', 'succeeded', 'failed'],
    waiting_retry: ['cancelled', 'succeeded', 'failed'],
    waiting_person: ['cancelled', 'succeeded', 'failed'],
    failed: ['queued', 'succeeded', 'failed'],
    dead: ['queued', 'succeeded', 'failed'],
    needs_review: ['succeeded', 'failed'],
    cancelled: ['succeeded', 'failed'],
  },
);

/** A person must look at it: the outcome is ambiguous (the post may exist), or its account needs a person (waiting_person). */
export const JOB_AWAITING_PERSON_STATUSES: readonly JobStatus[] = ['waiting_person', 'needs_review'];
/** Cannot go on until a person acts on its account; goes back to the queue by itself once that is done. */
export const JOB_WAITING_ON_PERSON_STATUS: JobStatus = 'waiting_person';
/** Nothing more happens on its own (lease released for good). */
export const JOB_ENDED_STATUSES: readonly JobStatus[] = JOB_STATUSES.filter((s) => jobStatusMachine.hasEnded(s));
/** Still part of the queue's work: moving on its own, or waiting on a person's verdict. */
export const JOB_OPEN_STATUSES: readonly JobStatus[] = JOB_STATUSES.filter((s) => !jobStatusMachine.hasEnded(s) || JOB_AWAITING_PERSON_STATUSES.includes(s));
/** Moving on its own: waiting its turn, running, or in retry backoff (not waiting on a person). */
export const JOB_MOVING_STATUSES: readonly JobStatus[] = JOB_STATUSES.filter((s) => !jobStatusMachine.hasEnded(s) && !JOB_AWAITING_PERSON_STATUSES.includes(s));
/** Waiting for a worker to claim it once due (the system's sources of `active`, besides a lease take-over). */
export const JOB_WAITING_STATUSES: readonly JobStatus[] = jobStatusMachine.sourcesOf('active', 'system').filter((s) => s !== 'active');
/** Ended without posting and retryable by a person: what counts as a failure. */
export const JOB_FAILED_STATUSES: readonly JobStatus[] = jobStatusMachine.sourcesOf('queued', 'person');
/** May still end `succeeded` without a person. */
export const JOB_LIVE_STATUSES: readonly JobStatus[] = statesReaching(jobStatusMachine, 'succeeded');
