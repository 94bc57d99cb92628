import type { Ctx } from '../core/context.js';
import type { Route } from '../http/router.js';
import { revokeGrant, tiktokOauthRoutes } from './oauth.js';
import { tiktokPostingRoutes } from './posting.js';
import { tiktokUploadRoutes } from './upload.js';

export { tickTikTok } from './processing.js';
export { TIKTOK_SCOPES } from './oauth.js';

export function tiktokRoutes(): Route[] {
  return [...tiktokOauthRoutes(), ...tiktokPostingRoutes(), ...tiktokUploadRoutes()];
}

/** token_revoked fault: the creator revokes access mid-flow (authorization.removed reason 1). */
export function revokeTikTokForRequest(ctx: Ctx, token: string | undefined): void {
  const tt = ctx.core.state.tiktok;
  let grantId = token ? tt.accessTokens.get(token)?.grantId : undefined;
  if (!grantId && ctx.host === 'tiktok-upload') {
    const pid = tt.uploads.get(ctx.query.get('upload_id') ?? '');
    grantId = pid ? tt.publishes.get(pid)?.grantId : undefined;
  }
  const grant = grantId ? tt.grants.get(grantId) : undefined;
  if (grant) revokeGrant(ctx.core, grant, 1);
}
