import { defineStateMachine, statesReaching } from './state-machine.js';

/** One post on one platform account: what the Content Queue lanes show. */
export const PUBLICATION_STATUSES = ['pending', 'uploading', 'processing', 'posted', 'failed', 'cancelled'] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];

/**
 * The lane. A cancelled publication is never retried (see jobStatusMachine for the reason); a
 * person may only settle it with evidence. A failed one can be retried explicitly. Settling
 * (resolve, admin) records what the platform shows: posted with the post's id, or not posted.
 */
export const publicationStatusMachine = defineStateMachine<PublicationStatus>(
  'platform_publication',
  {
    // A job resumed from a late checkpoint (after a retry or a crash) may post in its first step.
    pending: ['uploading', 'processing', 'posted', 'failed', 'cancelled'],
    // Uploading may resume after a retry; processing may need a fresh upload (expired upload URL).
    uploading: ['processing', 'posted', 'failed', 'cancelled'],
    processing: ['uploading', 'posted', 'failed'],
    failed: [],
    posted: [],
    cancelled: [],
  },
  {
    // Cancel before anything reached the platform's processing, retry a failure, settle with evidence.
    pending: ['cancelled', 'posted', 'failed'],
    uploading: ['cancelled', 'posted', 'failed'],
    processing: ['posted', 'failed'],
    failed: ['pending', 'posted', 'failed'],
    cancelled: ['posted', 'failed'],
  },
);

/** The first state of every publication. */
export const PUBLICATION_INITIAL_STATUS: PublicationStatus = 'pending';
/** The lane has ended: posted, failed or cancelled (only a person moves it now). */
export const PUBLICATION_ENDED_STATUSES: readonly PublicationStatus[] = PUBLICATION_STATUSES.filter((s) => publicationStatusMachine.hasEnded(s));
/** Still moving on its own. */
export const PUBLICATION_OPEN_STATUSES: readonly PublicationStatus[] = PUBLICATION_STATUSES.filter((s) => !publicationStatusMachine.hasEnded(s));
/** Under way at the platform (past the first state, not ended). */
export const PUBLICATION_IN_FLIGHT_STATUSES: readonly PublicationStatus[] = PUBLICATION_OPEN_STATUSES.filter((s) => s !== PUBLICATION_INITIAL_STATUS);
/** Posted or still on its way there (not failed, not cancelled). */
export const PUBLICATION_LIVE_STATUSES: readonly PublicationStatus[] = statesReaching(publicationStatusMachine, 'posted');

export function isPublicationEnded(status: PublicationStatus): boolean {
  return PUBLICATION_ENDED_STATUSES.includes(status);
}
