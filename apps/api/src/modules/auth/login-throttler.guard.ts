import { applyDecorators, HttpStatus, Injectable, SetMetadata, UseGuards, type ExecutionContext } from '@nestjs/common';
import { ApiForbiddenResponse, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';

import { AppException } from '../../common/errors/app-exception.js';
import { sha256Hex } from '../../common/security/secrets.js';
import { SameOriginGuard } from './same-origin.guard.js';

export const LOGIN_THROTTLERS = { perIp: 'login-ip', perCredential: 'login-credential' } as const;

/**
 * What a credential-checking route's second bucket is keyed on: the target account's e-mail
 * (sign-in, setup) or the invitation token (acceptance; stored as its hash).
 */
export type CredentialKind = 'email' | 'invitationToken';
const CREDENTIAL_KEY = 'mwr:throttle-credential';
const BODY_FIELD: Record<CredentialKind, 'email' | 'token'> = { email: 'email', invitationToken: 'token' };

/**
 * For the routes that check a credential and sign the browser in: refuses a foreign Origin
 * (login CSRF), then throttles per client IP and per credential (each with its own buckets per
 * route). The only way routes should use the throttle guard: it states the credential key.
 */
export const ThrottleCredential = (kind: CredentialKind) =>
  applyDecorators(
    SetMetadata(CREDENTIAL_KEY, kind),
    UseGuards(SameOriginGuard, LoginThrottlerGuard),
    ApiForbiddenResponse({ description: 'Sent from a foreign page (CROSS_ORIGIN_REJECTED)' }),
    ApiTooManyRequestsResponse({ description: 'Too many attempts from this client or for this credential (TOO_MANY_ATTEMPTS): wait for Retry-After' }),
  );

/** A route's throttle has no key to count on: a wiring mistake, never a client's. */
export class ThrottleKeyMissing extends Error {}

/** Limits sign-in attempts per client IP and per target account or invitation (whatever IP they come from). */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    // The storage reports both times in seconds.
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire || detail.timeToExpire));
    const res = context.switchToHttp().getResponse<{ setHeader(name: string, value: string): void }>();
    res.setHeader('Retry-After', String(seconds));
    throw new AppException(
      'TOO_MANY_ATTEMPTS',
      `Too many sign-in attempts: try again in ${seconds} s`,
      HttpStatus.TOO_MANY_REQUESTS,
      {
        retryAfterSeconds: seconds,
      },
      { retryAfterSeconds: seconds },
    );
  }
}

/**
 * The credential a request targets, as a bucket key; undefined when the body lacks it (a request
 * the ValidationPipe refuses with 400 before any credential is checked, so nothing to count).
 * Throws when the route never said what its credential is: no request may fall into one bucket
 * shared by the whole installation.
 */
export function credentialKey(context: ExecutionContext): string | undefined {
  const kind = Reflect.getMetadata(CREDENTIAL_KEY, context.getHandler()) as CredentialKind | undefined;
  if (!kind)
    throw new ThrottleKeyMissing(
      `${context.getClass().name}.${context.getHandler().name} uses LoginThrottlerGuard without @ThrottleCredential(): it has no per-credential key`,
    );
  const body = context.switchToHttp().getRequest<{ body?: Record<string, unknown> }>().body;
  const raw = body?.[BODY_FIELD[kind]];
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (!value) return undefined;
  return kind === 'email' ? `account:${value.toLowerCase()}` : `invitation:${sha256Hex(value)}`;
}

export function credentialTracker(_req: Record<string, unknown>, context: ExecutionContext): string {
  const key = credentialKey(context);
  if (!key) throw new ThrottleKeyMissing('credentialTracker ran for a request without a credential (skipIf should have skipped it)');
  return key;
}

export function ipTracker(req: Record<string, unknown>): string {
  const socket = req.socket as { remoteAddress?: string } | undefined;
  const ip = (typeof req.ip === 'string' && req.ip) || socket?.remoteAddress;
  if (!ip) throw new ThrottleKeyMissing('the request has no client address to throttle on');
  return `ip:${ip}`;
}
