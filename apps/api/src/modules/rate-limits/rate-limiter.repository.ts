import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { sqlRows } from '../../common/database/db.js';

/**
 * Sliding-window limits kept in Postgres so every worker process shares them. An advisory lock
 * per key serialises the count-then-insert of concurrent acquirers.
 */
@Injectable()
export class RateLimiterRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Takes one slot, or says how long until one frees up. */
  async acquire(key: string, limit: number, windowMs: number): Promise<{ ok: true } | { ok: false; retryInMs: number }> {
    return this.dataSource.transaction(async (tx) => {
      await sqlRows(tx, 'SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
      const [state] = await sqlRows<{ n: number; retryInMs: number | null }>(
        tx,
        `WITH pruned AS (DELETE FROM rate_limit_hits WHERE key = $1 AND at < now() - make_interval(secs => $2::double precision / 1000))
         SELECT count(*)::int AS n,
                ceil(extract(epoch FROM (min(at) + make_interval(secs => $2::double precision / 1000) - now())) * 1000)::int AS "retryInMs"
           FROM rate_limit_hits WHERE key = $1 AND at >= now() - make_interval(secs => $2::double precision / 1000)`,
        [key, windowMs],
      );
      if ((state?.n ?? 0) >= limit) return { ok: false as const, retryInMs: Math.max(1, state?.retryInMs ?? windowMs) };
      await sqlRows(tx, 'INSERT INTO rate_limit_hits (key) VALUES ($1)', [key]);
      return { ok: true as const };
    });
  }

  /** Takes up to `want` slots at once (a batch of reads); says how many, and when the next frees up if short. */
  async acquireUpTo(key: string, want: number, limit: number, windowMs: number): Promise<{ granted: number; retryInMs: number }> {
    return this.dataSource.transaction(async (tx) => {
      await sqlRows(tx, 'SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
      const [state] = await sqlRows<{ n: number; retryInMs: number | null }>(
        tx,
        `WITH pruned AS (DELETE FROM rate_limit_hits WHERE key = $1 AND at < now() - make_interval(secs => $2::double precision / 1000))
         SELECT count(*)::int AS n,
                ceil(extract(epoch FROM (min(at) + make_interval(secs => $2::double precision / 1000) - now())) * 1000)::int AS "retryInMs"
           FROM rate_limit_hits WHERE key = $1 AND at >= now() - make_interval(secs => $2::double precision / 1000)`,
        [key, windowMs],
      );
      const granted = Math.max(0, Math.min(want, limit - (state?.n ?? 0)));
      if (granted > 0) await sqlRows(tx, 'INSERT INTO rate_limit_hits (key) SELECT $1 FROM generate_series(1, $2)', [key, granted]);
      return { granted, retryInMs: granted === want ? 0 : Math.max(1, state?.retryInMs ?? windowMs) };
    });
  }
}
