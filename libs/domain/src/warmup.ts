import { formatInZone, nextLocalDate, zoneOffsetMinutes } from './time-zones.js';

/**
 * The TikTok warm-up ramp: a new (or recovering) account may post at most `postsPerDayByWeek[w-1]`
 * times a day during week w of its warm-up, counted in local calendar days of one time zone (the
 * workspace's). Day 1 of week 1 is the local day the warm-up started; once the ramp's weeks are
 * over the account is warmed up and the ramp no longer applies.
 *
 * Everything here works on local dates (YYYY-MM-DD), so a 23- or 25-hour DST day is still one day.
 */

/** Default ramp: 2 posts a day in week 1, 3 in week 2, 4 in week 3, 5 in week 4; then no limit. */
export const DEFAULT_WARMUP_RAMP: readonly number[] = [2, 3, 4, 5];
export const WARMUP_RAMP_LIMITS = { minWeeks: 1, maxWeeks: 12, minPerDay: 1, maxPerDay: 20 } as const;

export interface WarmupAllowance {
  /** 1-based week of the warm-up the date falls in. */
  week: number;
  totalWeeks: number;
  allowedPerDay: number;
}

/** Problems with a ramp, as readable sentences; empty when it is usable. */
export function checkWarmupRamp(ramp: readonly number[]): string[] {
  const { minWeeks, maxWeeks, minPerDay, maxPerDay } = WARMUP_RAMP_LIMITS;
  const problems: string[] = [];
  if (ramp.length < minWeeks || ramp.length > maxWeeks) problems.push(`the ramp must have ${minWeeks} to ${maxWeeks} weeks`);
  if (ramp.some((n) => !Number.isInteger(n) || n < minPerDay || n > maxPerDay)) problems.push(`each week allows ${minPerDay} to ${maxPerDay} posts a day`);
  if (ramp.some((n, i) => i > 0 && n < ramp[i - 1]!)) problems.push('a ramp only goes up: each week allows at least as many posts as the week before');
  return problems;
}

/** Whole days from local date `from` to local date `to` (negative when `to` is earlier). */
export function daysBetweenLocalDates(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The local date (YYYY-MM-DD) of `instant` in `zone`. */
export function localDateOf(instant: Date, zone: string): string {
  return formatInZone(instant, zone).slice(0, 10);
}

/**
 * The allowance on local `date` for a warm-up that started on local `startDate`; null once the
 * warm-up is over. A date before the start counts as the first day (the strictest).
 */
export function warmupAllowanceOn(ramp: readonly number[], startDate: string, date: string): WarmupAllowance | null {
  const days = Math.max(0, daysBetweenLocalDates(startDate, date));
  const week = Math.floor(days / 7) + 1;
  const allowedPerDay = ramp[week - 1];
  return allowedPerDay === undefined ? null : { week, totalWeeks: ramp.length, allowedPerDay };
}

/** The first local date on which the ramp no longer applies. */
export function warmupEndDate(ramp: readonly number[], startDate: string): string {
  return nextLocalDate(startDate, ramp.length * 7);
}

export interface WarmingAccount {
  startDate: string;
  /** Posts already planned (or posted) for the account on a local date. */
  plannedOn: (date: string) => number;
}

/** Whether one more post fits on `date` for every account. */
export function fitsOn(ramp: readonly number[], accounts: readonly WarmingAccount[], date: string): boolean {
  return accounts.every((a) => {
    const allowance = warmupAllowanceOn(ramp, a.startDate, date);
    return allowance === null || a.plannedOn(date) < allowance.allowedPerDay;
  });
}

/**
 * The first local date from `fromDate` on where one more post fits for every account. Always
 * found: at the latest, the day the longest warm-up ends.
 */
export function firstDateThatFits(ramp: readonly number[], accounts: readonly WarmingAccount[], fromDate: string): string {
  const last = accounts.reduce((latest, a) => {
    const end = warmupEndDate(ramp, a.startDate);
    return end > latest ? end : latest;
  }, fromDate);
  for (let date = fromDate; date < last; date = nextLocalDate(date)) {
    if (fitsOn(ramp, accounts, date)) return date;
  }
  return last;
}

/**
 * The instant showing the same wall-clock time as `instant` does in `zone`, on local `date`. A
 * time that does not exist that day (skipped by a spring-forward jump) moves forward by the jump,
 * as clocks do; an ambiguous one (fall-back) takes the earlier of its two instants.
 */
export function atSameLocalTime(instant: Date, zone: string, date: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`expected a YYYY-MM-DD date, got ${date}`);
  const [hours, minutes, seconds] = formatInZone(instant, zone).slice(11, 19).split(':').map(Number) as [number, number, number];
  const wall = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), hours, minutes, seconds, instant.getUTCMilliseconds());
  // The offsets half a day either side: a zone changes its offset at most once in that span.
  const offsets = [zoneOffsetMinutes(new Date(wall - 43_200_000), zone), zoneOffsetMinutes(new Date(wall + 43_200_000), zone)];
  const shows = (t: number) => t + zoneOffsetMinutes(new Date(t), zone) * 60_000 === wall;
  const exact = offsets
    .map((o) => wall - o * 60_000)
    .filter(shows)
    .sort((a, b) => a - b);
  // In a spring-forward gap neither fits: the older (smaller) offset lands just after the jump.
  return new Date(exact[0] ?? wall - Math.min(...offsets) * 60_000);
}
