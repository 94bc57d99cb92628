import { Injectable } from '@nestjs/common';

import { RateLimiterRepository } from './rate-limiter.repository.js';

/**
 * Sliding-window limits shared by every process (Postgres): the job runner's platform limits and
 * quotas, the link backfill's read budget, the automations' own caps. Keys name the budget and
 * its holder (e.g. `tiktok:status:<account>`), so callers that spend the same budget share a key.
 */
@Injectable()
export class RateLimiter {
  constructor(private readonly repository: RateLimiterRepository) {}

  /** Takes one slot of `key` (at most `limit` per `windowMs`), or says how long until one frees up. */
  acquire(key: string, limit: number, windowMs: number): Promise<{ ok: true } | { ok: false; retryInMs: number }> {
    return this.repository.acquire(key, limit, windowMs);
  }

  /** Takes up to `want` slots of `key` at once; `retryInMs` says when the next frees up when fewer were granted. */
  acquireUpTo(key: string, want: number, limit: number, windowMs: number): Promise<{ granted: number; retryInMs: number }> {
    return this.repository.acquireUpTo(key, want, limit, windowMs);
  }
}
