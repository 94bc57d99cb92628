import { createHash } from 'node:crypto';

import { HttpStatus, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import type { Request, Response } from 'express';
import { catchError, from, mergeMap, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';

import { canonicalJson } from '@mwr/domain';

import type { AuthenticatedRequest } from '../auth/principal.js';
import { AppException } from '../errors/app-exception.js';
import { IdempotencyKeysRepository } from './idempotency.repository.js';

/** Printable ASCII without spaces, as Stripe and the IETF draft accept; the content items' route has the same rule. */
const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;

export class IdempotencyKeyReused extends AppException {
  constructor() {
    super('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request (another body or route)', HttpStatus.UNPROCESSABLE_ENTITY);
  }
}

export class IdempotencyInProgress extends AppException {
  constructor() {
    super('IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still in progress: retry when it has finished', HttpStatus.CONFLICT);
  }
}

/**
 * Idempotency-Key for a creating POST (see @Idempotent()): without the header the route runs as
 * usual. With it, per workspace: the first request claims the key (a row in flight), runs, and a
 * 2xx answer is kept; the same key with the same route and body within 24 h answers that first
 * status and body again with `Idempotent-Replayed: true`, without running the handler; another body
 * or route is 422 IDEMPOTENCY_KEY_REUSED; while the first is in flight, 409 IDEMPOTENCY_IN_PROGRESS.
 * A failed request (an exception: every 4xx/5xx) frees the key, so it may be retried with it.
 * Runs after the global AuthGuard, so the principal (and its workspace) is known.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly keys: IdempotencyKeysRepository;

  constructor(dataSource: DataSource) {
    this.keys = new IdempotencyKeysRepository(dataSource);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const req = http.getRequest<Request & AuthenticatedRequest>();
    const res = http.getResponse<Response>();
    const key = req.header('idempotency-key');
    const workspaceId = req.principal?.workspaceId;
    if (key === undefined || !workspaceId) return next.handle();
    if (!KEY_PATTERN.test(key)) {
      throw new AppException('VALIDATION_FAILED', 'Idempotency-Key must be 1–200 characters of letters, digits and . _ : -', HttpStatus.BAD_REQUEST);
    }
    const route = `${req.method} ${req.baseUrl}${(req.route as { path?: string } | undefined)?.path ?? req.path}`;
    const requestHash = createHash('sha256')
      .update(`${route}\n${canonicalJson(req.body ?? null)}`)
      .digest('hex');
    // A handler may choose its status (`@Res({ passthrough: true })`, e.g. 200 for a duplicate, 201
    // for a new row); Express's default statusCode is 200 too, so only a recorded call tells them apart.
    let chosenStatus: number | undefined;
    const setStatus = res.status.bind(res);
    res.status = (code: number) => {
      chosenStatus = code;
      return setStatus(code);
    };
    const successStatus = (): number =>
      (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ??
      chosenStatus ??
      (res.statusCode !== HttpStatus.OK ? res.statusCode : HttpStatus.CREATED);

    return from(this.keys.claim(workspaceId, key, route, requestHash)).pipe(
      mergeMap((claimed) => {
        if (!claimed) return from(this.replay(workspaceId, key, route, requestHash, res));
        return next.handle().pipe(
          mergeMap((body: unknown) => {
            const status = successStatus();
            if (status < 200 || status >= 300) return from(this.keys.release(workspaceId, key).then(() => body));
            return from(this.keys.complete(workspaceId, key, status, body).then(() => body));
          }),
          catchError((error: unknown) => from(this.keys.release(workspaceId, key).then(() => Promise.reject(error)))),
        );
      }),
    );
  }

  private async replay(workspaceId: string, key: string, route: string, requestHash: string, res: Response): Promise<unknown> {
    const stored = await this.keys.find(workspaceId, key);
    // Gone between the claim and now (released by a failing first request, or purged): ask to retry.
    if (!stored) throw new IdempotencyInProgress();
    if (stored.route !== route || stored.requestHash !== requestHash) throw new IdempotencyKeyReused();
    if (stored.status === null) throw new IdempotencyInProgress();
    res.status(stored.status);
    res.setHeader('Idempotent-Replayed', 'true');
    return stored.body;
  }
}
