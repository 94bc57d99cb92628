import { findPlatformDescriptor, type PlatformRateLimit } from '@mwr/publishers';

import type { AppConfig } from '../config/index.js';
import type { LimitWindow } from '../rate-limits/rate-limiter.service.js';

/**
 * The limits the job runner applies before the platform has to tell us: the registry's, with the
 * operator's figure where a limit reads one of its platform's settings (e.g. a publishing quota).
 * Account Health shows the same.
 */
export function platformLimits(platform: string, config: Pick<AppConfig, 'platforms'>): PlatformRateLimit[] {
  const settings = config.platforms[platform];
  return (findPlatformDescriptor(platform)?.limits ?? []).map((l) => {
    const configured = l.setting === undefined ? undefined : settings?.[l.setting];
    return { ...l, limit: typeof configured === 'number' ? configured : l.limit };
  });
}

/** The rate limiter's key of one limit for one account (an app-wide limit has no account part). */
export const limiterKey = (limit: PlatformRateLimit, accountId: string): string => (limit.scope === 'app' ? limit.key : `${limit.key}:${accountId}`);

/** The limiter's window of a limit: the calendar day of its zone when the platform resets it daily, else its rolling window. */
export const limitWindowOf = (limit: Pick<PlatformRateLimit, 'windowMs' | 'resetsAt'>): LimitWindow =>
  limit.resetsAt ? { daily: limit.resetsAt.daily } : { rollingMs: limit.windowMs };
