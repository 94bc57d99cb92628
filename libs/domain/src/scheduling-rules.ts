import type { Platform } from './platform.js';

/** How far ahead a post may be planned. None of the platforms schedules natively for us, so this is our own bound. */
export const MAX_SCHEDULE_AHEAD_DAYS = 365;
/** A post due this soon is accepted as "now": clocks differ by a little between browser and server. */
export const SCHEDULE_GRACE_MS = 60_000;

export interface ScheduleFinding {
  code: 'in_the_past' | 'too_far_ahead';
  message: string;
}

export function checkScheduledAt(scheduledAt: Date, now: Date, platforms: readonly Platform[] = []): ScheduleFinding[] {
  if (Number.isNaN(scheduledAt.getTime())) return [{ code: 'in_the_past', message: 'scheduledAt is not a valid instant' }];
  if (scheduledAt.getTime() < now.getTime() - SCHEDULE_GRACE_MS) {
    return [{ code: 'in_the_past', message: `scheduledAt ${scheduledAt.toISOString()} is in the past` }];
  }
  const limit = now.getTime() + MAX_SCHEDULE_AHEAD_DAYS * 24 * 3600 * 1000;
  if (scheduledAt.getTime() > limit) {
    const where = platforms.length ? ` for ${platforms.join(', ')}` : '';
    return [{ code: 'too_far_ahead', message: `scheduledAt can be at most ${MAX_SCHEDULE_AHEAD_DAYS} days ahead${where}` }];
  }
  return [];
}

/**
 * True when an ISO 8601 string carries an explicit offset (Z or ±hh:mm). The server stores
 * instants: a wall-clock time without an offset is ambiguous and refused.
 */
export function hasExplicitOffset(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i.test(value);
}
