import { findPlatformDescriptor, type PlatformRateLimit } from '@mwr/publishers';

import type { AppConfig } from '../config/index.js';

/**
 * The limits the job runner applies before the platform has to tell us: the registry's, with the
 * operator's overrides from the typed config (INSTAGRAM_PUBLISH_QUOTA). Account Health shows the same.
 */
export function platformLimits(platform: string, config: Pick<AppConfig, 'queue'>): PlatformRateLimit[] {
  const overrides: Record<string, number> = { 'instagram:publish': config.queue.instagramPublishQuota };
  return (findPlatformDescriptor(platform)?.limits ?? []).map((l) => ({ ...l, limit: overrides[l.key] ?? l.limit }));
}

/** The rate limiter's key of one limit for one account (an app-wide limit has no account part). */
export const limiterKey = (limit: PlatformRateLimit, accountId: string): string => (limit.scope === 'app' ? limit.key : `${limit.key}:${accountId}`);
