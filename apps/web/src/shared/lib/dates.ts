import { currentLocale } from '../i18n/i18n';

/** Intl formatters cached per locale, time zone and style: the UI language can change at any time. */
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${currentLocale()}|${JSON.stringify(options)}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(currentLocale(), options);
    dateTimeFormats.set(key, format);
  }
  return format;
}

function parse(iso: string): Date | undefined {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function zone(timeZone: string | undefined): Intl.DateTimeFormatOptions {
  return timeZone ? { timeZone } : {};
}

/** "25 Nov 2025, 21:00" in the UI locale (and the given time zone, else the browser's); the raw string if unparsable. */
export function formatDateTime(iso: string, timeZone?: string): string {
  const date = parse(iso);
  return date ? dateTimeFormat({ dateStyle: 'medium', timeStyle: 'short', ...zone(timeZone) }).format(date) : iso;
}

export function formatDate(iso: string, timeZone?: string): string {
  const date = parse(iso);
  return date ? dateTimeFormat({ dateStyle: 'medium', ...zone(timeZone) }).format(date) : iso;
}

/** "21:00" / "9:00 PM". */
export function formatTime(iso: string, timeZone?: string): string {
  const date = parse(iso);
  return date ? dateTimeFormat({ timeStyle: 'short', ...zone(timeZone) }).format(date) : iso;
}

/** Any Intl.DateTimeFormat style, in the UI locale. */
export function formatWith(date: Date, options: Intl.DateTimeFormatOptions): string {
  return dateTimeFormat(options).format(date);
}

/** Whether an ISO date is in the past. */
export function isPast(iso: string, now: number = Date.now()): boolean {
  const date = parse(iso);
  return date ? date.getTime() <= now : false;
}

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

function relativeFormat(): Intl.RelativeTimeFormat {
  const locale = currentLocale();
  let format = relativeFormats.get(locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    relativeFormats.set(locale, format);
  }
  return format;
}

const RELATIVE_UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 60 * 60 * 1000],
  ['month', 30 * 24 * 60 * 60 * 1000],
  ['week', 7 * 24 * 60 * 60 * 1000],
  ['day', 24 * 60 * 60 * 1000],
  ['hour', 60 * 60 * 1000],
  ['minute', 60 * 1000],
];

/** "in 3 days", "2 hours ago", "tomorrow" in the UI locale; the raw string if unparsable. */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const date = parse(iso);
  if (!date) return iso;
  const diff = date.getTime() - now;
  for (const [unit, size] of RELATIVE_UNITS) {
    if (Math.abs(diff) >= size) return relativeFormat().format(Math.round(diff / size), unit);
  }
  return relativeFormat().format(Math.round(diff / 1000), 'second');
}
