/** Days as the API takes them: YYYY-MM-DD in the workspace's time zone. */
export interface DayRange {
  from: string;
  to: string;
}

export type RangePreset = 7 | 30 | 90 | 'custom';
export const RANGE_PRESETS = [7, 30, 90] as const;
/** The API refuses longer ranges (400 ANALYTICS_RANGE_TOO_LONG). */
export const MAX_RANGE_DAYS = 400;

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Today in a time zone, as YYYY-MM-DD (the workspace's "today", not the browser's). */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function dayMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** A real calendar day written YYYY-MM-DD. */
export function isDay(value: string): boolean {
  return DAY.test(value) && Number.isFinite(dayMs(value)) && new Date(dayMs(value)).toISOString().slice(0, 10) === value;
}

/** Calendar arithmetic on days (no time zone involved: a day is a label). */
export function addDays(day: string, days: number): string {
  return new Date(dayMs(day) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The last `days` days up to and including `today`. */
export function presetRange(days: number, today: string): DayRange {
  return { from: addDays(today, -(days - 1)), to: today };
}

/** How many days a range covers, both ends included. */
export function rangeLength(range: DayRange): number {
  return Math.round((dayMs(range.to) - dayMs(range.from)) / DAY_MS) + 1;
}

/** Whether the API will take the range: real days, from ≤ to, at most 400 days. */
export function isValidRange(range: DayRange): boolean {
  return isDay(range.from) && isDay(range.to) && rangeLength(range) >= 1 && rangeLength(range) <= MAX_RANGE_DAYS;
}

/** The period of the same length that ends the day before `range` starts ("compare with the period before"). */
export function previousPeriod(range: DayRange): DayRange {
  const length = rangeLength(range);
  return { from: addDays(range.from, -length), to: addDays(range.from, -1) };
}
