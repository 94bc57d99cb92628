import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { sqlRows } from '../../common/database/db.js';

/**
 * How a limit's window runs: `rollingMs`, the last so many milliseconds (a sliding window); or
 * `daily`, the calendar day in that IANA time zone, reset at its midnight (e.g. YouTube's quotas,
 * midnight in America/Los_Angeles, DST included).
 */
export type LimitWindow = { rollingMs: number } | { daily: string };

/** A plain number is a rolling window of that many milliseconds. */
export const limitWindow = (window: number | LimitWindow): LimitWindow => (typeof window === 'number' ? { rollingMs: window } : window);

/** What one acquisition got, and when the next slot frees up (0 when every wanted one was granted). */
export interface Acquired {
  granted: number;
  retryInMs: number;
}

/*
 * One statement per acquisition: the key's row is inserted or, when it exists, updated under its
 * row lock (ON CONFLICT DO UPDATE sees the latest committed row), so concurrent acquirers of one
 * key queue on that row and never grant more than the limit, in any process. `$5` is the instant
 * to count at: null for the database clock (every process shares it), or an injected clock's.
 *
 * Rolling: `hits` holds the grants still inside the window (pruned on every acquisition, so at
 * most `limit` of them); the next slot frees when the oldest leaves the window.
 * Daily: `period_start` is the last local midnight in the zone; a new period starts the count
 * again; the next slot frees at the next local midnight.
 */
const AT = 'coalesce($5::timestamptz, now())';
const ROLLING_KEPT = `ARRAY(SELECT h FROM unnest(w.hits) h WHERE h > ${AT} - make_interval(secs => $4::float8 / 1000) ORDER BY h)`;
const ROLLING_GRANT = `greatest(0, least($2::int, $3::int - cardinality(${ROLLING_KEPT})))`;
const ROLLING_SQL = `
  INSERT INTO rate_limit_windows AS w (key, hits, last_granted, updated_at)
  VALUES ($1, array_fill(${AT}, ARRAY[greatest(0, least($2::int, $3::int))]), greatest(0, least($2::int, $3::int)), ${AT})
  ON CONFLICT (key) DO UPDATE SET
    hits = ${ROLLING_KEPT} || array_fill(${AT}, ARRAY[${ROLLING_GRANT}]),
    last_granted = ${ROLLING_GRANT},
    updated_at = ${AT}
  RETURNING last_granted AS granted,
    greatest(1, ceil(extract(epoch FROM ((SELECT min(h) FROM unnest(w.hits) h) + make_interval(secs => $4::float8 / 1000) - ${AT})) * 1000))::float8 AS "nextFreeMs"`;

const PERIOD = `(date_trunc('day', ${AT} AT TIME ZONE $4::text) AT TIME ZONE $4::text)`;
const NEXT_PERIOD = `((date_trunc('day', ${AT} AT TIME ZONE $4::text) + interval '1 day') AT TIME ZONE $4::text)`;
const DAILY_COUNT = `CASE WHEN w.period_start = ${PERIOD} THEN w.period_count ELSE 0 END`;
const DAILY_GRANT = `greatest(0, least($2::int, $3::int - ${DAILY_COUNT}))`;
const DAILY_SQL = `
  INSERT INTO rate_limit_windows AS w (key, period_start, period_count, last_granted, updated_at)
  VALUES ($1, ${PERIOD}, greatest(0, least($2::int, $3::int)), greatest(0, least($2::int, $3::int)), ${AT})
  ON CONFLICT (key) DO UPDATE SET
    period_count = ${DAILY_COUNT} + ${DAILY_GRANT},
    last_granted = ${DAILY_GRANT},
    period_start = ${PERIOD},
    updated_at = ${AT}
  RETURNING last_granted AS granted, greatest(1, ceil(extract(epoch FROM (${NEXT_PERIOD} - ${AT})) * 1000))::float8 AS "nextFreeMs"`;

/** Usage of several keys at once, each with its window (Account Health, the calendar's budget); `$4` as `$5` above. */
const USAGE_AT = 'coalesce($4::timestamptz, now())';
const USAGE_SQL = `
  SELECT k.key,
         CASE WHEN k.zone IS NULL
              THEN (SELECT count(*) FROM unnest(w.hits) h WHERE h > ${USAGE_AT} - make_interval(secs => k.window_ms / 1000))
              ELSE CASE WHEN w.period_start = (date_trunc('day', ${USAGE_AT} AT TIME ZONE k.zone) AT TIME ZONE k.zone) THEN w.period_count ELSE 0 END
         END::int AS used,
         CASE WHEN k.zone IS NULL
              THEN ceil(extract(epoch FROM ((SELECT min(h) FROM unnest(w.hits) h WHERE h > ${USAGE_AT} - make_interval(secs => k.window_ms / 1000))
                                           + make_interval(secs => k.window_ms / 1000) - ${USAGE_AT})) * 1000)
              ELSE ceil(extract(epoch FROM (((date_trunc('day', ${USAGE_AT} AT TIME ZONE k.zone) + interval '1 day') AT TIME ZONE k.zone) - ${USAGE_AT})) * 1000)
         END::float8 AS "resetsInMs"
    FROM unnest($1::text[], $2::float8[], $3::text[]) AS k(key, window_ms, zone)
    LEFT JOIN rate_limit_windows w ON w.key = k.key`;

/** Limits kept in Postgres so every worker process shares them; owns rate_limit_windows. */
@Injectable()
export class RateLimiterRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Takes up to `want` slots of `key` (at most `limit` per window) in one statement; says how many,
   * and in how long the next frees up (0 when all were granted). `at`: count at this instant
   * instead of the database clock (an injected clock).
   */
  async acquire(key: string, want: number, limit: number, window: LimitWindow, at?: Date): Promise<Acquired> {
    const [row] = await sqlRows<{ granted: number; nextFreeMs: number | null }>(this.dataSource, 'daily' in window ? DAILY_SQL : ROLLING_SQL, [
      key,
      want,
      limit,
      'daily' in window ? window.daily : window.rollingMs,
      at ?? null,
    ]);
    const granted = row?.granted ?? 0;
    const fallback = 'daily' in window ? 24 * 3_600_000 : window.rollingMs;
    return { granted, retryInMs: granted >= want ? 0 : Math.max(1, row?.nextFreeMs ?? fallback) };
  }

  /** How much of each key's window is used, and in how long it next frees a slot (a daily window: its reset; null: a rolling window with nothing in it). */
  async usage(keys: readonly { key: string; window: LimitWindow }[], at?: Date): Promise<Map<string, { used: number; resetsInMs: number | null }>> {
    if (keys.length === 0) return new Map();
    const rows = await sqlRows<{ key: string; used: number | null; resetsInMs: number | null }>(this.dataSource, USAGE_SQL, [
      keys.map((k) => k.key),
      keys.map((k) => ('rollingMs' in k.window ? k.window.rollingMs : null)),
      keys.map((k) => ('daily' in k.window ? k.window.daily : null)),
      at ?? null,
    ]);
    return new Map(rows.map((r) => [r.key, { used: r.used ?? 0, resetsInMs: r.resetsInMs }]));
  }
}
