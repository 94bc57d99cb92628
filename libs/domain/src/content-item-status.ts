import { defineStateMachine } from './state-machine.js';

export const CONTENT_ITEM_STATUSES = ['draft', 'scheduled', 'publishing', 'published', 'partially_published', 'failed', 'cancelled', 'paused'] as const;
export type ContentItemStatus = (typeof CONTENT_ITEM_STATUSES)[number];

/** What a calendar entry may become. Published and cancelled items are final. */
export const contentItemStatusMachine = defineStateMachine<ContentItemStatus>('content_item', {
  draft: ['scheduled', 'cancelled'],
  scheduled: ['draft', 'publishing', 'paused', 'cancelled'],
  paused: ['scheduled', 'draft', 'cancelled'],
  publishing: ['published', 'partially_published', 'failed'],
  // A retry of the failed targets sends the item back through publishing.
  partially_published: ['publishing'],
  failed: ['publishing', 'draft', 'cancelled'],
  published: [],
  cancelled: [],
});
