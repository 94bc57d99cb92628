import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiExtension, ApiForbiddenResponse, ApiResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';

import type { AccessPolicy, ApiKeyScope, WorkspaceRole } from '@mwr/domain';

export const ACCESS_POLICY_KEY = 'mwr:access';
export const AUTHENTICATED_KEY = 'mwr:authenticated';

const unauthorized = () => ApiUnauthorizedResponse({ description: 'Not signed in, or the key is invalid (UNAUTHENTICATED)' });

const structured = (description: string, example: string) => ({ description, schema: { type: 'string', example } });

/**
 * Every request made with an API key spends from the key's token bucket (api-keys module): each
 * answer carries RateLimit-Policy and RateLimit (IETF draft-ietf-httpapi-ratelimit-headers), and an
 * empty bucket answers 429 API_KEY_RATE_LIMITED with Retry-After.
 */
const rateLimited = () =>
  ApiResponse({
    status: 429,
    description:
      'This API key is out of requests (API_KEY_RATE_LIMITED, params.retryAfterSeconds). Every answer to a key carries RateLimit-Policy ("api-key";q=<requests per minute>;w=60) and RateLimit ("api-key";r=<left>;t=<seconds until the bucket is full>)',
    headers: {
      'Retry-After': { description: 'Seconds until the key may make a request again', schema: { type: 'integer', minimum: 1 } },
      'RateLimit-Policy': structured("The key's bucket: q requests, refilled over w seconds", '"api-key";q=600;w=60'),
      RateLimit: structured('What is left: r requests now, t seconds until the bucket is full', '"api-key";r=0;t=60'),
    },
  });

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
    ...(scope ? [ApiBearerAuth('api-key'), ApiExtension('x-required-scope', scope), rateLimited()] : []),
    unauthorized(),
    ApiForbiddenResponse({
      description: scope
        ? `Needs role ${role}, or an API key with scope ${scope} (INSUFFICIENT_ROLE, INSUFFICIENT_SCOPE, CSRF_TOKEN_INVALID)`
        : `Needs role ${role}; API keys are refused (INSUFFICIENT_ROLE, CSRF_TOKEN_INVALID)`,
    }),
  );

/** Any signed-in user (or key), whatever their role: me, logout, switching workspace. */
export const Authenticated = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(AUTHENTICATED_KEY, true), ApiCookieAuth('session'), ApiBearerAuth('api-key'), unauthorized(), rateLimited());

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
