import { Inject, Injectable } from '@nestjs/common';

import { isWorkspaceRole, roleAtLeast, scopesAllow, type AccessPolicy } from '@mwr/domain';

import type { Principal } from '../../common/auth/principal.js';
import { ApiKeysService } from '../api-keys/api-keys.service.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { AuthRepository } from './auth.repository.js';

/** Why a principal established earlier may no longer do what it did. */
export type AccessLoss = 'session_ended' | 'membership_ended' | 'role_insufficient' | 'accounts_changed' | 'api_key_revoked' | 'scope_insufficient';

export const ACCESS_LOSS_MESSAGES: Record<AccessLoss, string> = {
  session_ended: 'Your session ended (signed out, password changed or expired); sign in again',
  membership_ended: 'You are no longer a member of this workspace',
  role_insufficient: 'Your role in this workspace no longer allows this',
  accounts_changed: 'The accounts you can see in this workspace changed: reconnect to follow them',
  api_key_revoked: 'The API key was revoked or has expired',
  scope_insufficient: 'The API key no longer has the scope this needs',
};

/**
 * Checks again, for connections that outlive their request (the war-room event stream), that
 * the callers the AuthGuard let in still pass the same policy in the same workspace: the session
 * is live, the user is still a member with a role high enough, the API key is neither revoked nor
 * expired. Set-based: two statements whatever the number of principals.
 */
@Injectable()
export class AccessRecheckService {
  constructor(
    private readonly repository: AuthRepository,
    private readonly apiKeys: ApiKeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** One answer per grant (a principal and the policy it passed), in order: null while it still has access, else why it lost it. */
  async recheck(grants: readonly { principal: Principal; policy: AccessPolicy }[]): Promise<(AccessLoss | null)[]> {
    const principals = grants.map((g) => g.principal);
    const sessions = principals.flatMap((p) => (p.kind === 'user' && p.workspaceId ? [{ sessionId: p.sessionId, workspaceId: p.workspaceId }] : []));
    const keyIds = [...new Set(principals.flatMap((p) => (p.kind === 'api_key' ? [p.apiKeyId] : [])))];
    const [access, keys] = await Promise.all([this.repository.sessionAccess(sessions, this.config.auth.sessionIdleMinutes), this.apiKeys.usable(keyIds)]);
    const bySession = new Map(access.map((a) => [`${a.sessionId}/${a.workspaceId}`, a]));
    return grants.map(({ principal: p, policy }): AccessLoss | null => {
      if (p.kind === 'api_key') {
        const key = keys.get(p.apiKeyId);
        if (!key || key.workspaceId !== p.workspaceId) return 'api_key_revoked';
        if (!policy.scope || !scopesAllow(key.scopes, policy.scope)) return 'scope_insufficient';
        return null;
      }
      const found = p.workspaceId ? bySession.get(`${p.sessionId}/${p.workspaceId}`) : undefined;
      if (!found?.live) return 'session_ended';
      if (!found.role || !isWorkspaceRole(found.role)) return 'membership_ended';
      if (!roleAtLeast(found.role, policy.role)) return 'role_insufficient';
      // The stream filters by the accounts known when it opened: another list needs a new stream (issue 25).
      return sameAccess(found.allowedAccountIds, p.allowedAccountIds) ? null : 'accounts_changed';
    });
  }
}

function sameAccess(a: readonly string[] | null, b: readonly string[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && [...a].sort().every((id, i) => id === [...b].sort()[i]);
}
