import { contentItemStatusMachine, type ContentItemStatus } from './content-item-status.js';
import { PUBLICATION_INITIAL_STATUS, type PublicationStatus } from './publication-status.js';

/**
 * What a person may do with a post in each state: the one rule book the API enforces and the web
 * app's menus show (issue #20). Undo (restore after delete, un-cancel) is not a menu action: it
 * follows the destructive one it undoes.
 */
export const CONTENT_ITEM_ACTIONS = ['edit', 'duplicate', 'pause', 'resume', 'cancel', 'delete'] as const;
export type ContentItemAction = (typeof CONTENT_ITEM_ACTIONS)[number];

/** States in which what is posted, where and when may still change. */
export const PLANNABLE_STATUSES: readonly ContentItemStatus[] = ['draft', 'scheduled', 'paused', 'failed'];
/** A soft-deleted item is in one of these (a database check keeps it so): nothing due, nothing posting. */
export const DELETABLE_STATUSES: readonly ContentItemStatus[] = ['draft', 'cancelled'];

const ALLOWED: Record<ContentItemAction, (status: ContentItemStatus) => boolean> = {
  edit: (status) => PLANNABLE_STATUSES.includes(status),
  // Duplicating is how anything, even a published or cancelled post, is posted again.
  duplicate: () => true,
  pause: (status) => contentItemStatusMachine.canTransition(status, 'paused'),
  resume: (status) => status === 'paused',
  // A draft is deleted rather than cancelled: nothing was planned to stop.
  cancel: (status) => status !== 'draft' && contentItemStatusMachine.canTransition(status, 'cancelled'),
  delete: (status) => DELETABLE_STATUSES.includes(status),
};

export function canDoContentAction(status: ContentItemStatus, action: ContentItemAction): boolean {
  return ALLOWED[action](status);
}

/** The actions a post in this state offers, in menu order. */
export function contentItemActions(status: ContentItemStatus): ContentItemAction[] {
  return CONTENT_ITEM_ACTIONS.filter((action) => ALLOWED[action](status));
}

export type UncancelRefusal = 'NOT_CANCELLED' | 'NOTHING_TO_RESTORE' | 'ALREADY_PUBLISHED' | 'TIME_PASSED';

/**
 * Undoing a cancel puts the item back in the state it was cancelled from, unless something was
 * posted meanwhile or its (scheduled or paused) time has passed: then it stays cancelled and the
 * person duplicates it instead. Outside the status machine on purpose: cancel stays final for
 * everything but this undo.
 */
export function uncancelRefusal(item: {
  status: ContentItemStatus;
  cancelledFrom: ContentItemStatus | null;
  scheduledAt: Date | null;
  publicationStatuses: readonly PublicationStatus[];
  now: Date;
}): UncancelRefusal | null {
  if (item.status !== 'cancelled') return 'NOT_CANCELLED';
  if (!item.cancelledFrom || item.cancelledFrom === 'cancelled') return 'NOTHING_TO_RESTORE';
  if (item.publicationStatuses.includes('posted')) return 'ALREADY_PUBLISHED';
  const timed = item.cancelledFrom === 'scheduled' || item.cancelledFrom === 'paused';
  if (timed && item.scheduledAt && item.scheduledAt.getTime() <= item.now.getTime()) return 'TIME_PASSED';
  return null;
}

/**
 * The status a person should see. The scheduler hands an item to the queue a little before its
 * time (its lookahead), which makes the item `publishing` while every target still waits: until a
 * first target actually starts, it is still shown as scheduled.
 */
export function shownContentStatus(status: ContentItemStatus, publicationStatuses: readonly PublicationStatus[]): ContentItemStatus {
  if (status !== 'publishing') return status;
  return publicationStatuses.length > 0 && publicationStatuses.every((s) => s === PUBLICATION_INITIAL_STATUS) ? 'scheduled' : status;
}

/**
 * The queue's state filter: which statuses each choice shows and which way it is sorted by
 * scheduled time (what comes next first for the plan; most recent first for the history).
 * A post without a time sorts at its creation time.
 */
export const QUEUE_STATES = {
  upcoming: { statuses: ['scheduled', 'publishing', 'paused'], order: 'asc' },
  draft: { statuses: ['draft'], order: 'desc' },
  failed: { statuses: ['failed', 'partially_published'], order: 'desc' },
  published: { statuses: ['published', 'partially_published'], order: 'desc' },
  cancelled: { statuses: ['cancelled'], order: 'desc' },
  all: { statuses: ['draft', 'scheduled', 'publishing', 'paused', 'published', 'partially_published', 'failed', 'cancelled'], order: 'desc' },
} as const satisfies Record<string, { statuses: readonly ContentItemStatus[]; order: 'asc' | 'desc' }>;
export type QueueState = keyof typeof QUEUE_STATES;
export const QUEUE_STATE_NAMES = Object.keys(QUEUE_STATES) as QueueState[];
