import { findPlatformDescriptor } from '@mwr/publishers';

import type { AnalyticsStatus } from './dto/analytics-query.dto.js';

/** Account statuses whose posts are read (a restricted account may not post, but its results can be read). */
export const READABLE_ACCOUNT_STATUSES: readonly string[] = ['active', 'restricted'];

/**
 * Whether an account's posts are read: its platform has analytics, its token works and it granted
 * the scopes (those of the way it was connected: `capabilities.loginFlavour` may name another set).
 */
export function analyticsStatusOf(account: {
  platform: string;
  status: string;
  scopes: readonly string[];
  capabilities?: Readonly<Record<string, unknown>> | null;
}): {
  status: AnalyticsStatus;
  missingScopes: string[];
} {
  const descriptor = findPlatformDescriptor(account.platform);
  const analytics = descriptor?.analytics;
  if (!analytics) return { status: 'unavailable', missingScopes: [] };
  const flavour = account.capabilities?.['loginFlavour'];
  const required = (typeof flavour === 'string' ? descriptor.oauthFlavours?.[flavour]?.analyticsScopes : undefined) ?? analytics.requiredScopes;
  const missingScopes = required.filter((s) => !account.scopes.includes(s));
  return { status: missingScopes.length > 0 || !READABLE_ACCOUNT_STATUSES.includes(account.status) ? 'reconnect_required' : 'enabled', missingScopes };
}
