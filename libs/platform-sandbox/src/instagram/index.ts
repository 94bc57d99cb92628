import type { Ctx } from '../core/context.js';
import type { Route } from '../http/router.js';
import { instagramMessagingRoutes } from './messaging.js';
import { instagramOauthRoutes } from './oauth.js';
import { instagramNodeRoutes, instagramPublishingRoutes } from './publishing.js';

export { tickInstagram } from './publishing.js';

export function instagramRoutes(): Route[] {
  // Node lookups (/:id) go last so specific paths win.
  return [...instagramOauthRoutes(), ...instagramPublishingRoutes(), ...instagramMessagingRoutes(), ...instagramNodeRoutes()];
}

/** token_revoked fault: the token (and the user's session) is invalidated before the call is handled. */
export function revokeInstagramForRequest(ctx: Ctx, token: string | undefined): void {
  const t = token ? ctx.core.state.instagram.tokens.get(token) : undefined;
  if (!t) return;
  for (const other of ctx.core.state.instagram.tokens.values()) if (other.igUserId === t.igUserId && other.appId === t.appId) other.revoked = true;
}
