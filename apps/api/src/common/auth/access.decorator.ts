import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiExtension, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';

import type { AccessPolicy, ApiKeyScope, WorkspaceRole } from '@mwr/domain';

export const ACCESS_POLICY_KEY = 'mwr:access';
export const AUTHENTICATED_KEY = 'mwr:authenticated';

const unauthorized = () => ApiUnauthorizedResponse({ description: 'Not signed in, or the key is invalid (UNAUTHENTICATED)' });

/**
 * The route needs a member of the current workspace with at least `role`; an API key needs
 * `scope` (without a scope, keys are refused: the route is for people only). The document says
 * which: a key-usable route lists both schemes and carries `x-required-scope`; a people-only one
 * lists the session alone.
 */
export const Access = (role: WorkspaceRole, scope?: ApiKeyScope): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ACCESS_POLICY_KEY, { role, ...(scope ? { scope } : {}) } satisfies AccessPolicy),
    ApiCookieAuth('session'),
    ...(scope ? [ApiBearerAuth('api-key'), ApiExtension('x-required-scope', scope)] : []),
    unauthorized(),
    ApiForbiddenResponse({
      description: scope
        ? `Needs role ${role}, or an API key with scope ${scope} (INSUFFICIENT_ROLE, INSUFFICIENT_SCOPE, CSRF_TOKEN_INVALID)`
        : `Needs role ${role}; API keys are refused (INSUFFICIENT_ROLE, CSRF_TOKEN_INVALID)`,
    }),
  );

/** Any signed-in user (or key), whatever their role: me, logout, switching workspace. */
export const Authenticated = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(AUTHENTICATED_KEY, true), ApiCookieAuth('session'), ApiBearerAuth('api-key'), unauthorized());

/**
 * Any signed-in person, never a key (the handler calls requireUser): a key gets 403 USER_ONLY, so
 * the document lists the session scheme only.
 */
export const UserOnly = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(AUTHENTICATED_KEY, true),
    ApiCookieAuth('session'),
    unauthorized(),
    ApiForbiddenResponse({ description: 'API keys are refused: this route is about a person (USER_ONLY)' }),
  );
