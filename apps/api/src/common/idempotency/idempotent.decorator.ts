import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';

import { IdempotencyInterceptor } from './idempotency.interceptor.js';

/**
 * A creating POST that honours Idempotency-Key (issue 26): the interceptor and its contract in the
 * OpenAPI document (the optional header, the 409 and 422 it adds) from one decorator, so the two
 * cannot drift apart. A replayed answer carries `Idempotent-Replayed: true`.
 */
export const Idempotent = (): MethodDecorator =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Any unique string per intended creation (1–200 of letters, digits and . _ : -), kept per workspace for 24 h: the same key and body answer the first (2xx) response again with Idempotent-Replayed: true; a failed request does not use up its key',
    }),
    ApiResponse({
      status: 409,
      description: 'A request with this Idempotency-Key is still in progress (IDEMPOTENCY_IN_PROGRESS), or the route’s own conflicts',
    }),
    ApiResponse({ status: 422, description: 'This Idempotency-Key was used with another body or route (IDEMPOTENCY_KEY_REUSED), or the route’s own refusals' }),
  );
