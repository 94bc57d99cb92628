import { nextLocalDate, zoneOffsetMinutes } from './time-zones.js';
import { localDateOf } from './warmup.js';

/**
 * Posting slots (issue 24): an account posts at weekday × local time slots ("Tuesday 18:30"); "Add
 * to queue" takes the next free one.
 */

export interface QueueSlotTime {
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  /** Minutes after local midnight, 0–1439. */
  minute: number;
}

/** Default minimum time between two posts of one account. */
export const DEFAULT_MIN_SPACING_MINUTES = 60;
/** How far ahead "Add to queue" looks for a free slot. */
export const QUEUE_HORIZON_DAYS = 56;

/** 0 = Monday … 6 = Sunday of a local date. */
export function weekdayOfDate(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/**
 * The instant local `date` shows `minute` minutes after midnight in `zone`. A time skipped by a
 * spring-forward jump moves forward by the jump (as clocks do); a repeated one (fall-back) takes
 * the earlier instant.
 */
export function atLocalMinute(date: string, minute: number, zone: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`expected a YYYY-MM-DD date, got ${date}`);
  const wall = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) + minute * 60_000;
  const offsets = [zoneOffsetMinutes(new Date(wall - 43_200_000), zone), zoneOffsetMinutes(new Date(wall + 43_200_000), zone)];
  const shows = (t: number) => t + zoneOffsetMinutes(new Date(t), zone) * 60_000 === wall;
  const exact = offsets
    .map((o) => wall - o * 60_000)
    .filter(shows)
    .sort((a, b) => a - b);
  return new Date(exact[0] ?? wall - Math.min(...offsets) * 60_000);
}

/** Why a candidate slot was passed over (for the answer's explanation). */
export type SlotSkipReason = 'taken' | 'spacing' | 'warmup' | 'budget';

export interface NextSlotInput {
  slots: readonly QueueSlotTime[];
  zone: string;
  /** The first instant a slot may be at (usually now plus a small lead). */
  after: Date;
  /** Instants the account already posts at (planned, in flight or posted). */
  occupied: readonly Date[];
  minSpacingMinutes: number;
  /** The warm-up ramp: whether one more post fits on a local date (absent: no ramp applies). */
  warmupFits?: (date: string) => boolean;
  /** Platform budgets: at most `limit` posts in any window of `windowMs` (posting steps only). */
  budgets?: readonly { limit: number; windowMs: number }[];
  horizonDays?: number;
}

export interface NextSlot {
  at: Date;
  slot: QueueSlotTime;
  /** Local date of the slot. */
  date: string;
  /** Earlier slots passed over, and why. */
  skipped: { at: Date; reason: SlotSkipReason }[];
}

function skipReason(at: number, input: NextSlotInput, date: string): SlotSkipReason | null {
  const spacing = input.minSpacingMinutes * 60_000;
  for (const o of input.occupied) {
    const d = Math.abs(o.getTime() - at);
    if (d === 0) return 'taken';
    if (d < spacing) return 'spacing';
  }
  if (input.warmupFits && !input.warmupFits(date)) return 'warmup';
  for (const budget of input.budgets ?? []) {
    // Every window of `windowMs` that holds `at` must keep room for it.
    const near = input.occupied.map((o) => o.getTime()).filter((t) => Math.abs(t - at) < budget.windowMs);
    const times = [...near, at].sort((a, b) => a - b);
    for (let i = 0, j = 0; j < times.length; j++) {
      while (times[j]! - times[i]! >= budget.windowMs) i++;
      if (j - i + 1 > budget.limit) return 'budget';
    }
  }
  return null;
}

/**
 * The next slot at or after `after` that is free (no post within the minimum spacing), fits the
 * warm-up ramp on its local day and keeps every platform budget; null when none within the horizon.
 */
export function nextFreeSlot(input: NextSlotInput): NextSlot | null {
  if (input.slots.length === 0) return null;
  const byWeekday = new Map<number, number[]>();
  for (const s of input.slots)
    byWeekday.set(
      s.weekday,
      [...(byWeekday.get(s.weekday) ?? []), s.minute].sort((a, b) => a - b),
    );
  const skipped: NextSlot['skipped'] = [];
  const after = input.after.getTime();
  let date = localDateOf(input.after, input.zone);
  const horizon = input.horizonDays ?? QUEUE_HORIZON_DAYS;
  for (let day = 0; day <= horizon; day++, date = nextLocalDate(date)) {
    const weekday = weekdayOfDate(date);
    for (const minute of byWeekday.get(weekday) ?? []) {
      const at = atLocalMinute(date, minute, input.zone).getTime();
      if (at < after) continue;
      const reason = skipReason(at, input, date);
      if (reason) {
        if (skipped.length < 20) skipped.push({ at: new Date(at), reason });
        continue;
      }
      return { at: new Date(at), slot: { weekday, minute }, date, skipped };
    }
  }
  return null;
}
