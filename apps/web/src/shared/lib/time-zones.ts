/** The browser's IANA time zone, e.g. "Europe/Paris"; UTC when the browser does not say. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

const FALLBACK_TIME_ZONES = ['UTC', 'Europe/London', 'Europe/Paris', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo'];

let cached: string[] | undefined;

/** Every IANA time zone the browser knows, sorted, always including UTC and the browser's own. */
export function timeZoneOptions(): string[] {
  if (!cached) {
    let zones: string[];
    try {
      zones = Intl.supportedValuesOf('timeZone');
    } catch {
      zones = FALLBACK_TIME_ZONES;
    }
    cached = [...new Set([...zones, 'UTC', browserTimeZone()])].sort((a, b) => a.localeCompare(b));
  }
  return cached;
}
