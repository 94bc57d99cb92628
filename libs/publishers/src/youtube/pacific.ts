/**
 * YouTube's quotas reset at midnight Pacific time (docs/platform-apis.md §6, §10); Google's
 * `quotaExceeded` answer carries no reset time, so the product computes it.
 */
/** The time zone whose midnight resets YouTube's daily quotas (the registry's `resetsAt`). */
export const YOUTUBE_QUOTA_TIME_ZONE = 'America/Los_Angeles';

const PACIFIC = new Intl.DateTimeFormat('en-US', {
  timeZone: YOUTUBE_QUOTA_TIME_ZONE,
  hourCycle: 'h23',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** Milliseconds since midnight on the Pacific wall clock at `at`. */
function pacificMsOfDay(at: number): number {
  const parts = Object.fromEntries(PACIFIC.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  return ((Number(parts.hour) * 60 + Number(parts.minute)) * 60 + Number(parts.second)) * 1000 + (at % 1000);
}

/** The instant of the next midnight in America/Los_Angeles after `now` (DST-aware). */
export function nextPacificMidnight(now: number): number {
  let candidate = now - pacificMsOfDay(now) + 24 * 3_600_000;
  // A DST change inside the day moves the wall clock by an hour: correct towards 00:00.
  const off = pacificMsOfDay(candidate);
  if (off !== 0) candidate += off > 12 * 3_600_000 ? 24 * 3_600_000 - off : -off;
  return candidate;
}

export function msUntilNextPacificMidnight(now: number): number {
  return nextPacificMidnight(now) - now;
}
