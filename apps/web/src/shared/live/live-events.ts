import { PUBLICATION_ENDED_STATUSES, PUBLICATION_OPEN_STATUSES } from '@mwr/domain';

import type { components } from '../api/client';
import type { CalendarWindow, ContentItem, PublicationDetail } from '../content/content-items';
import type { AccountHealth, QueueLane, WarRoomState } from '../war-room/war-room-state';

/**
 * The events of GET /api/marketing-war-room/events and how each one changes cached server data.
 * Everything here is pure: `apply-live-event.ts` wires it to the TanStack Query cache.
 */
export type StatePatchOp = components['schemas']['StatePatchOpDto'];
export type QueueUpdatedEvent = components['schemas']['QueueUpdatedEventDto'];
export type ResyncEvent = components['schemas']['ResyncEventDto'];

export type LiveEvent =
  | { type: 'STATE_PATCH'; id: string; data: StatePatchOp[] }
  | { type: 'QUEUE_UPDATED'; id: string; data: QueueUpdatedEvent }
  | { type: 'HEALTH_UPDATED'; id: string; data: AccountHealth }
  | { type: 'RESYNC'; id: string; data: ResyncEvent }
  | { type: 'NOTIFICATIONS_CHANGED'; id: string; data: { userIds: string[] } };

export type LiveEventType = LiveEvent['type'];
export const LIVE_EVENT_TYPES: readonly LiveEventType[] = ['STATE_PATCH', 'QUEUE_UPDATED', 'HEALTH_UPDATED', 'RESYNC', 'NOTIFICATIONS_CHANGED'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * One SSE message as a typed event, or null when its data is not what the API documents (a
 * malformed frame is dropped, never applied half-way).
 */
export function parseLiveEvent(type: string, raw: string, id: string): LiveEvent | null {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  switch (type) {
    case 'STATE_PATCH':
      return Array.isArray(data) && data.every((op) => isObject(op) && typeof op.path === 'string' && typeof op.op === 'string')
        ? { type, id, data: data as StatePatchOp[] }
        : null;
    case 'QUEUE_UPDATED':
      return isObject(data) && typeof data.publicationId === 'string' && typeof data.contentItemId === 'string'
        ? { type, id, data: data as unknown as QueueUpdatedEvent }
        : null;
    case 'HEALTH_UPDATED':
      return isObject(data) && typeof data.accountId === 'string' ? { type, id, data: data as unknown as AccountHealth } : null;
    case 'RESYNC':
      return { type, id, data: { reason: isObject(data) && typeof data.reason === 'string' ? data.reason : 'unknown' } };
    case 'NOTIFICATIONS_CHANGED':
      return isObject(data) && Array.isArray(data.userIds) && data.userIds.every((u) => typeof u === 'string')
        ? { type, id, data: { userIds: data.userIds as string[] } }
        : null;
    default:
      return null;
  }
}

// ---------- STATE_PATCH: JSON Pointer ops, arrays of keyed items addressed by key ----------

const IDENTITY_FIELDS = ['key', 'id', 'accountId', 'publicationId', 'contentItemId'] as const;

/** The key an element of a keyed array is addressed by (`/automations/ig_welcome_dm`, `/health/<accountId>`…). */
function identityOf(element: unknown): string | undefined {
  if (!isObject(element)) return undefined;
  for (const field of IDENTITY_FIELDS) {
    const value = element[field];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

function decodeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

const CANNOT_APPLY = Symbol('cannot apply');

function applyAt(node: unknown, segments: readonly string[], op: StatePatchOp['op'], value: unknown): unknown {
  const [head, ...rest] = segments;
  if (head === undefined) return op === 'remove' ? CANNOT_APPLY : value;

  if (Array.isArray(node)) {
    let index = node.findIndex((element) => identityOf(element) === head);
    if (index === -1 && /^\d+$/.test(head) && Number(head) < node.length && identityOf(node[Number(head)]) === undefined) {
      index = Number(head);
    }
    if (rest.length === 0) {
      if (op === 'remove') return index === -1 ? node : node.filter((_, i) => i !== index);
      if (index === -1) return [...node, value]; // add, or replace of an item we did not have: upsert
      return node.map((element, i) => (i === index ? value : element));
    }
    if (index === -1) return CANNOT_APPLY;
    const child = applyAt(node[index], rest, op, value);
    return child === CANNOT_APPLY ? CANNOT_APPLY : node.map((element, i) => (i === index ? child : element));
  }

  if (isObject(node)) {
    if (rest.length === 0) {
      if (op === 'remove') {
        const { [head]: _removed, ...others } = node;
        return others;
      }
      return { ...node, [head]: value };
    }
    if (!(head in node)) return CANNOT_APPLY;
    const child = applyAt(node[head], rest, op, value);
    return child === CANNOT_APPLY ? CANNOT_APPLY : { ...node, [head]: child };
  }
  return CANNOT_APPLY;
}

/**
 * Applies STATE_PATCH ops to the state document without mutating it. Returns null when an op
 * addresses something the document does not have: the caller then refetches the document.
 */
export function applyStatePatch(state: WarRoomState, ops: readonly StatePatchOp[]): WarRoomState | null {
  let next: unknown = state;
  for (const { op, path, value } of ops) {
    if (!path.startsWith('/')) return null;
    const segments = path.slice(1).split('/').map(decodeSegment);
    if (segments.length === 1 && segments[0] === '') return null; // the whole document: refetch instead
    next = applyAt(next, segments, op, value);
    if (next === CANNOT_APPLY) return null;
  }
  return next as WarRoomState;
}

// ---------- HEALTH_UPDATED ----------

/** Replaces the account's health entry (or adds it: a newly connected account). */
export function applyHealthUpdate(state: WarRoomState, health: AccountHealth): WarRoomState {
  const known = state.health.some((entry) => entry.accountId === health.accountId);
  return {
    ...state,
    health: known ? state.health.map((entry) => (entry.accountId === health.accountId ? health : entry)) : [...state.health, health],
  };
}

// ---------- QUEUE_UPDATED ----------

// The lane sets come from the domain's publication machine (@mwr/domain), as the API's do.
const OPEN_PUBLICATION_STATUSES: ReadonlySet<QueueLane['status']> = new Set(PUBLICATION_OPEN_STATUSES);
const TERMINAL_PUBLICATION_STATUSES: ReadonlySet<QueueLane['status']> = new Set(PUBLICATION_ENDED_STATUSES);

/** Whether the lane belongs in `queue.inFlight` (waiting, moving, or waiting for a person). */
export function isInFlightLane(lane: Pick<QueueLane, 'status' | 'needsReview'>): boolean {
  return OPEN_PUBLICATION_STATUSES.has(lane.status) || lane.needsReview;
}

type CountKey = keyof WarRoomState['queue']['counts'];
const COUNT_OF_JOB_STATUS: Partial<Record<NonNullable<QueueLane['jobStatus']>, CountKey>> = {
  queued: 'queued',
  active: 'active',
  waiting_retry: 'waitingRetry',
  waiting_person: 'waitingPerson',
  needs_review: 'needsReview',
};

/** Whether `next` is older than what we have: progress ticks and replays must not move a lane back. */
function isOlder(next: { updatedAt: string }, current: { updatedAt: string } | undefined): boolean {
  return current !== undefined && Date.parse(next.updatedAt) < Date.parse(current.updatedAt);
}

function toLane(event: QueueUpdatedEvent): QueueLane {
  const { eventType: _eventType, ...lane } = event;
  return lane;
}

/**
 * Moves the publication's lane in the state document: into `inFlight` while open or under review,
 * to the head of `recent` once finished; out of `upcoming` once started; the job counts follow the
 * job's status change.
 */
export function applyQueueUpdate(state: WarRoomState, event: QueueUpdatedEvent): WarRoomState {
  const lane = toLane(event);
  const { queue } = state;
  const previous =
    queue.inFlight.find((item) => item.publicationId === lane.publicationId) ?? queue.recent.items.find((item) => item.publicationId === lane.publicationId);
  if (isOlder(lane, previous)) return state;

  const others = (items: readonly QueueLane[]) => items.filter((item) => item.publicationId !== lane.publicationId);
  const inFlightNow = isInFlightLane(lane);
  const inFlight = inFlightNow
    ? queue.inFlight.some((item) => item.publicationId === lane.publicationId)
      ? queue.inFlight.map((item) => (item.publicationId === lane.publicationId ? lane : item))
      : [...queue.inFlight, lane]
    : others(queue.inFlight);
  const recentItems = inFlightNow ? others(queue.recent.items) : [lane, ...others(queue.recent.items)];

  const counts = { ...queue.counts };
  const before = previous?.jobStatus ? COUNT_OF_JOB_STATUS[previous.jobStatus] : undefined;
  const after = lane.jobStatus ? COUNT_OF_JOB_STATUS[lane.jobStatus] : undefined;
  if (before !== after) {
    if (before) counts[before] = Math.max(0, counts[before] - 1);
    if (after) counts[after] += 1;
  }

  const upcoming = lane.status === 'pending' ? queue.upcoming : queue.upcoming.filter((item) => item.contentItemId !== lane.contentItemId);

  return { ...state, queue: { ...queue, counts, upcoming, inFlight, recent: { ...queue.recent, items: recentItems } } };
}

/** The publication's fields on a publication detail (job and timeline come from the refetch that follows a durable event). */
export function patchPublicationDetail(detail: PublicationDetail, event: QueueUpdatedEvent): PublicationDetail {
  if (detail.id !== event.publicationId) return detail;
  return {
    ...detail,
    status: event.status,
    step: event.step,
    progressBytes: event.progressBytes,
    totalBytes: event.totalBytes,
    needsReview: event.needsReview,
    errorCode: event.errorCode,
    errorMessage: event.errorMessage,
    errorClass: event.errorClass,
    permalink: event.permalink,
    postedAt: event.postedAt,
    job:
      detail.job && event.jobStatus
        ? { ...detail.job, status: event.jobStatus, attempts: event.attempts ?? detail.job.attempts, runAt: event.runAt ?? detail.job.runAt }
        : detail.job,
  };
}

/** The publication inside a content item; the same object when the item does not hold it or the event is older. */
export function patchContentItem(item: ContentItem, event: QueueUpdatedEvent): ContentItem {
  if (item.id !== event.contentItemId) return item;
  const current = item.publications.find((publication) => publication.id === event.publicationId);
  if (!current || isOlder(event, current)) return item;
  return {
    ...item,
    publications: item.publications.map((publication) =>
      publication.id === event.publicationId
        ? {
            ...publication,
            status: event.status,
            errorCode: event.errorCode,
            errorMessage: event.errorMessage,
            // Waiting on a person (issue #20) or not any more: the lane says so at once.
            waitingOn: event.waitingOn ?? null,
            permalink: event.permalink,
            postedAt: event.postedAt,
            updatedAt: event.updatedAt,
          }
        : publication,
    ),
  };
}

export function patchContentItems(items: readonly ContentItem[], event: QueueUpdatedEvent): ContentItem[] {
  let changed = false;
  const next = items.map((item) => {
    const patched = patchContentItem(item, event);
    if (patched !== item) changed = true;
    return patched;
  });
  return changed ? next : (items as ContentItem[]);
}

export function patchCalendar(window: CalendarWindow, event: QueueUpdatedEvent): CalendarWindow {
  const items = patchContentItems(window.items, event);
  return items === window.items ? window : { ...window, items };
}

/**
 * Whether the item's own status (scheduled → publishing → published / partially published /
 * failed), which the API derives from its publications, may have changed with this event: then
 * the queries that hold the item are refetched rather than guessed.
 */
export function changesItemStatus(item: ContentItem, event: QueueUpdatedEvent): boolean {
  if (item.id !== event.contentItemId || event.eventType === null) return false;
  const current = item.publications.find((publication) => publication.id === event.publicationId);
  if (!current) return true;
  if (current.status === event.status) return false;
  return TERMINAL_PUBLICATION_STATUSES.has(event.status) || item.status === 'scheduled' || item.status === 'paused' || current.status === 'failed';
}
