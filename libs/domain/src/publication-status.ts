import { defineStateMachine } from './state-machine.js';

/** One post on one platform account: what the Content Queue lanes show. */
export const PUBLICATION_STATUSES = ['pending', 'uploading', 'processing', 'posted', 'failed', 'cancelled'] as const;
export type PublicationStatus = (typeof PUBLICATION_STATUSES)[number];

export const publicationStatusMachine = defineStateMachine<PublicationStatus>('platform_publication', {
  pending: ['uploading', 'processing', 'failed', 'cancelled'],
  // Uploading may resume after a retry; processing may need a fresh upload (expired upload URL).
  uploading: ['processing', 'failed', 'cancelled'],
  processing: ['uploading', 'posted', 'failed'],
  // A failed publication can be retried explicitly.
  failed: ['pending'],
  posted: [],
  cancelled: [],
});
