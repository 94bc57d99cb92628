import { createParamDecorator, HttpStatus, type ExecutionContext } from '@nestjs/common';

import type { AccountAccess, ApiKeyScope, WorkspaceRole } from '@mwr/domain';

import { AppException } from '../errors/app-exception.js';
import type { AccountViewer } from './account-scope.js';

export interface UserPrincipal {
  kind: 'user';
  userId: string;
  sessionId: string;
  /** The selected workspace; null only for a user who belongs to none. */
  workspaceId: string | null;
  role: WorkspaceRole | null;
  /**
   * The social accounts this member may see in the workspace, loaded once per request with the
   * role: null for every account (owners, admins, unrestricted members), else the allowed ids.
   */
  allowedAccountIds: AccountAccess;
}

export interface ApiKeyPrincipal {
  kind: 'api_key';
  apiKeyId: string;
  workspaceId: string;
  scopes: ApiKeyScope[];
}

export type Principal = UserPrincipal | ApiKeyPrincipal;

export interface AuthenticatedRequest {
  principal?: Principal;
}

/** The caller, as established by the global AuthGuard. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal | undefined => {
  return ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
});

/** Who did it, for the audit log. */
export function actorOf(principal: Principal): { userId: string | null; apiKeyId: string | null } {
  return principal.kind === 'user' ? { userId: principal.userId, apiKeyId: null } : { userId: null, apiKeyId: principal.apiKeyId };
}

/**
 * The accounts every read and write of this request is limited to (null: all of the workspace).
 * API keys are not limited by account: their scopes say what they may do.
 */
export function accountAccessOf(principal: Principal): AccountAccess {
  return principal.kind === 'user' ? principal.allowedAccountIds : null;
}

/** The caller as a reader of account-bound lists (per-account access, issue 25). */
export function accountViewerOf(principal: Principal): AccountViewer {
  return principal.kind === 'user' ? { allowedAccountIds: principal.allowedAccountIds, userId: principal.userId } : { allowedAccountIds: null, userId: null };
}

/** The workspace every read and write of this request is scoped to. */
export function workspaceIdOf(principal: Principal): string {
  if (!principal.workspaceId) throw new AppException('NO_WORKSPACE', 'You do not belong to any workspace yet', HttpStatus.FORBIDDEN);
  return principal.workspaceId;
}
