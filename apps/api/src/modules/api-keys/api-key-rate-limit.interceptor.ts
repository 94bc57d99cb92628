import { HttpStatus, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, mergeMap, type Observable } from 'rxjs';

import type { AuthenticatedRequest } from '../../common/auth/principal.js';
import { AppException } from '../../common/errors/app-exception.js';
import { ApiKeyRateLimiter, type RateLimitVerdict } from './api-key-rate-limiter.js';
import { ApiKeysService } from './api-keys.service.js';

/** The policy's name in the headers: one bucket per key. */
const POLICY = 'api-key';

/**
 * Every request made with an API key takes a token from the key's bucket (after the AuthGuard, so
 * refused credentials and scopes cost nothing). Headers, IETF draft-ietf-httpapi-ratelimit-headers
 * (its current structured-field form): `RateLimit-Policy: "api-key";q=<per minute>;w=60` and
 * `RateLimit: "api-key";r=<left>;t=<seconds until full>`. Out of tokens: 429 API_KEY_RATE_LIMITED
 * with Retry-After (seconds until the next token). Sessions (people) are not limited here.
 */
@Injectable()
export class ApiKeyRateLimitInterceptor implements NestInterceptor {
  constructor(
    private readonly limiter: ApiKeyRateLimiter,
    private readonly apiKeys: ApiKeysService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const principal = req.principal;
    if (principal?.kind !== 'api_key') return next.handle();
    const res = context.switchToHttp().getResponse<Response>();
    return from(this.limiter.take(principal.apiKeyId, this.apiKeys.rateLimitOf(principal.apiKeyId))).pipe(
      mergeMap((verdict) => {
        setRateLimitHeaders(res, verdict);
        if (!verdict.allowed) throw new ApiKeyRateLimited(verdict.retryAfterSeconds);
        return next.handle();
      }),
    );
  }
}

export function setRateLimitHeaders(res: Response, verdict: RateLimitVerdict): void {
  res.setHeader('RateLimit-Policy', `"${POLICY}";q=${verdict.limit};w=60`);
  res.setHeader('RateLimit', `"${POLICY}";r=${verdict.remaining};t=${verdict.resetSeconds}`);
  if (!verdict.allowed) res.setHeader('Retry-After', String(verdict.retryAfterSeconds));
}

export class ApiKeyRateLimited extends AppException {
  constructor(retryAfterSeconds: number) {
    super(
      'API_KEY_RATE_LIMITED',
      `This API key made too many requests: retry in ${retryAfterSeconds} s`,
      HttpStatus.TOO_MANY_REQUESTS,
      { retryAfterSeconds },
      { retryAfterSeconds },
    );
  }
}
