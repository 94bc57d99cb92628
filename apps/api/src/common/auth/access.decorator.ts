import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';

import type { AccessPolicy, ApiKeyScope, WorkspaceRole } from '@mwr/domain';

export const ACCESS_POLICY_KEY = 'mwr:access';
export const AUTHENTICATED_KEY = 'mwr:authenticated';

const documented = () =>
  applyDecorators(ApiCookieAuth('session'), ApiBearerAuth('api-key'), ApiUnauthorizedResponse({ description: 'Not signed in, or the key is invalid' }));

/**
 * The route needs a member of the current workspace with at least `role`; an API key needs
 * `scope` (without a scope, keys are refused: the route is for people only).
 */
export const Access = (role: WorkspaceRole, scope?: ApiKeyScope): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ACCESS_POLICY_KEY, { role, ...(scope ? { scope } : {}) } satisfies AccessPolicy),
    documented(),
    ApiForbiddenResponse({ description: `Needs role ${role}${scope ? ` or an API key with scope ${scope}` : ''}` }),
  );

/** Any signed-in user (or key), whatever their role: me, logout, switching workspace. */
export const Authenticated = (): MethodDecorator & ClassDecorator => applyDecorators(SetMetadata(AUTHENTICATED_KEY, true), documented());
