import { Inject, Injectable, Optional } from '@nestjs/common';

import { limitWindow, RateLimiterRepository, type Acquired, type LimitWindow } from './rate-limiter.repository.js';

export { limitWindow, type LimitWindow };

/**
 * The limiter's clock, when it must not be the database's (tests across a quota reset, with the
 * sandbox's manual clock): milliseconds since the epoch. Absent: the database clock, which every
 * process shares.
 */
export const RATE_LIMITER_CLOCK = Symbol('RATE_LIMITER_CLOCK');
export type RateLimiterClock = () => number;

/**
 * Limits shared by every process (Postgres): the job runner's platform limits and quotas, the
 * link backfill's read budget, the automations' own caps. Keys name the budget and its holder
 * (e.g. `tiktok:status:<account>`), so callers that spend the same budget share a key. A window is
 * rolling (`windowMs`, or `{ rollingMs }`) or a calendar day in a named time zone (`{ daily: zone }`).
 * Each acquisition is one SQL statement.
 */
@Injectable()
export class RateLimiter {
  constructor(
    private readonly repository: RateLimiterRepository,
    @Optional() @Inject(RATE_LIMITER_CLOCK) private readonly clock?: RateLimiterClock,
  ) {}

  /** Takes one slot of `key` (at most `limit` per window), or says how long until one frees up. */
  async acquire(key: string, limit: number, window: number | LimitWindow): Promise<{ ok: true } | { ok: false; retryInMs: number }> {
    const got = await this.repository.acquire(key, 1, limit, limitWindow(window), this.at());
    return got.granted === 1 ? { ok: true } : { ok: false, retryInMs: got.retryInMs };
  }

  /** Takes up to `want` slots of `key` at once; `retryInMs` says when the next frees up when fewer were granted. */
  acquireUpTo(key: string, want: number, limit: number, window: number | LimitWindow): Promise<Acquired> {
    return this.repository.acquire(key, want, limit, limitWindow(window), this.at());
  }

  /**
   * The remaining budget of each key and in how long its window frees a slot (a daily window: the
   * time to its reset; null when a rolling window holds nothing).
   */
  async remaining(
    limits: readonly { key: string; limit: number; window: number | LimitWindow }[],
  ): Promise<Map<string, { used: number; remaining: number; resetsInMs: number | null }>> {
    const usage = await this.repository.usage(
      limits.map((l) => ({ key: l.key, window: limitWindow(l.window) })),
      this.at(),
    );
    return new Map(
      limits.map((l) => {
        const u = usage.get(l.key) ?? { used: 0, resetsInMs: null };
        return [l.key, { used: u.used, remaining: Math.max(0, l.limit - u.used), resetsInMs: u.resetsInMs }];
      }),
    );
  }

  private at(): Date | undefined {
    return this.clock ? new Date(this.clock()) : undefined;
  }
}
