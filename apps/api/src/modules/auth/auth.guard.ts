import { timingSafeEqual } from 'node:crypto';

import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';

import { roleAtLeast, scopesAllow, type AccessPolicy } from '@mwr/domain';

import { ACCESS_POLICY_KEY, AUTHENTICATED_KEY } from '../../common/auth/access.decorator.js';
import { ACCOUNT_SCOPE_KEY, type AccountScope } from '../../common/auth/account-scope.js';
import type { AuthenticatedRequest, Principal } from '../../common/auth/principal.js';
import { IS_PUBLIC_KEY } from '../../common/auth/public.decorator.js';
import { ApiKeysService } from '../api-keys/api-keys.service.js';
import { AccountScopeRepository } from './account-scope.repository.js';
import { CsrfRejected, Forbidden, NotAuthenticated, NotFound } from './auth.errors.js';
import { AuthService } from './auth.service.js';
import { CSRF_HEADER, csrfTokenFor, SessionCookies } from './session-cookies.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Global guard. Every route is closed unless marked @Public(); a closed route must also state who
 * may call it (@Access or @Authenticated) — a route that states nothing is refused, so a
 * forgotten decorator fails closed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeysService,
    private readonly cookies: SessionCookies,
    private readonly accountScope: AccountScopeRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets) ?? false;
    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();

    if (isPublic) {
      // Public routes may still use an identity when one is presented (e.g. rotating a session).
      request.principal = await this.identify(request).catch(() => undefined);
      return true;
    }
    const principal = await this.identify(request);
    if (!principal) throw new NotAuthenticated();
    if (principal.kind === 'user' && !SAFE_METHODS.has(request.method)) this.checkCsrf(request);
    request.principal = principal;

    const policy = this.reflector.getAllAndOverride<AccessPolicy | undefined>(ACCESS_POLICY_KEY, targets);
    if (policy) {
      this.authorize(principal, policy);
      await this.checkAccountScope(principal, request, this.reflector.getAllAndOverride<AccountScope | undefined>(ACCOUNT_SCOPE_KEY, targets));
      return true;
    }
    if (this.reflector.getAllAndOverride<boolean>(AUTHENTICATED_KEY, targets)) return true;
    throw new Forbidden('NO_ACCESS_POLICY', 'This route declares no access policy');
  }

  /**
   * Per-account access (issue 25), in one place for every route naming an account-bound row: a
   * member limited to some accounts gets 404 for a row of another account, exactly as for a row of
   * another workspace, before the handler can read or change anything.
   */
  private async checkAccountScope(principal: Principal, request: Request, scope: AccountScope | undefined): Promise<void> {
    if (!scope || principal.kind !== 'user' || principal.allowedAccountIds === null || !principal.workspaceId) return;
    const id = (request.params as Record<string, string | undefined>)[scope.param];
    // A malformed id is left to the route's own validation (400); it names no row anyway.
    if (!id || !UUID.test(id)) return;
    if (!(await this.accountScope.visible(scope.kind, principal.workspaceId, id, principal.allowedAccountIds, principal.userId))) throw new NotFound();
  }

  private async identify(request: Request): Promise<Principal | undefined> {
    const authorization = request.headers.authorization;
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const principal = match?.[1] ? await this.apiKeys.authenticate(match[1]) : undefined;
      if (!principal) throw new NotAuthenticated('The API key is invalid, expired or revoked');
      return principal;
    }
    const token = this.cookies.read(request);
    return token ? this.auth.authenticateSession(token) : undefined;
  }

  private checkCsrf(request: Request): void {
    const token = this.cookies.read(request);
    const header = request.headers[CSRF_HEADER];
    if (!token || typeof header !== 'string' || !safeEqual(header, csrfTokenFor(token))) throw new CsrfRejected();
  }

  private authorize(principal: Principal, policy: AccessPolicy): boolean {
    if (principal.kind === 'api_key') {
      if (!policy.scope) throw new Forbidden('INSUFFICIENT_SCOPE', 'This route is not available to API keys');
      if (!scopesAllow(principal.scopes, policy.scope)) throw new Forbidden('INSUFFICIENT_SCOPE', `This API key needs the ${policy.scope} scope`);
      return true;
    }
    if (!principal.role || !roleAtLeast(principal.role, policy.role)) {
      throw new Forbidden('INSUFFICIENT_ROLE', `Your role in this workspace cannot do this (needs ${policy.role})`);
    }
    return true;
  }
}
