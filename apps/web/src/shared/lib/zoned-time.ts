/**
 * Wall-clock time in an IANA time zone (the workspace's), without a date library: Intl gives the
 * zone's parts of an instant; the reverse (wall clock → instant) is found by correcting the offset.
 */

export interface WallClock {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const partFormats = new Map<string, Intl.DateTimeFormat>();

function partFormat(timeZone: string): Intl.DateTimeFormat {
  let format = partFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partFormats.set(timeZone, format);
  }
  return format;
}

/** The wall clock in `timeZone` at `instant`. */
export function wallClockAt(instant: Date, timeZone: string): WallClock {
  const parts: Partial<Record<string, number>> = {};
  for (const part of partFormat(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

function asUtc(clock: WallClock): number {
  return Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
}

/** Offset of `timeZone` from UTC at `instant`, in minutes (Paris in summer: 120). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const ms = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc(wallClockAt(new Date(ms), timeZone)) - ms) / 60_000);
}

/** The instant at which `timeZone`'s clock shows `clock` (in a DST gap: just after it). */
export function instantOf(clock: WallClock, timeZone: string): Date {
  const guess = asUtc(clock);
  let instant = guess - offsetMinutes(new Date(guess), timeZone) * 60_000;
  instant = guess - offsetMinutes(new Date(instant), timeZone) * 60_000;
  return new Date(instant);
}

const pad = (value: number, length = 2) => String(value).padStart(length, '0');

/** "2026-03-29T03:30:00+02:00": the instant with the zone's offset, as the API wants it. */
export function isoWithOffset(instant: Date, timeZone: string): string {
  const clock = wallClockAt(instant, timeZone);
  const offset = offsetMinutes(instant, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${pad(clock.year, 4)}-${pad(clock.month)}-${pad(clock.day)}T${pad(clock.hour)}:${pad(clock.minute)}:${pad(clock.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The value of an `<input type="datetime-local">` ("2026-03-29T03:30") for `instant` in `timeZone`. */
export function toDateTimeLocal(instant: Date, timeZone: string): string {
  const clock = wallClockAt(instant, timeZone);
  return `${pad(clock.year, 4)}-${pad(clock.month)}-${pad(clock.day)}T${pad(clock.hour)}:${pad(clock.minute)}`;
}

/** Parses a datetime-local value as a wall clock in `timeZone`; undefined when incomplete. */
export function fromDateTimeLocal(value: string, timeZone: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute] = match.map(Number) as [number, number, number, number, number, number];
  return instantOf({ year, month, day, hour, minute, second: 0 }, timeZone);
}

/** "2026-03-29": the calendar day of `instant` in `timeZone`. */
export function dayKey(instant: Date, timeZone: string): string {
  const clock = wallClockAt(instant, timeZone);
  return `${pad(clock.year, 4)}-${pad(clock.month)}-${pad(clock.day)}`;
}

/** Adds days to a "YYYY-MM-DD" day (calendar arithmetic, no time zone involved). */
export function addDays(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(year, month - 1, date + days));
  return next.toISOString().slice(0, 10);
}

/** Monday = 0 … Sunday = 6, of a "YYYY-MM-DD" day. */
export function weekdayIndex(day: string): number {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return (new Date(Date.UTC(year, month - 1, date)).getUTCDay() + 6) % 7;
}

/**
 * The same wall-clock time of day as `instant`, on another day, in `timeZone`: what dragging a post
 * to another calendar day means.
 */
export function moveToDay(instant: Date, day: string, timeZone: string): Date {
  const clock = wallClockAt(instant, timeZone);
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return instantOf({ ...clock, year, month, day: date }, timeZone);
}
