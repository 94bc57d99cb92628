import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { AppException } from '../../common/errors/app-exception.js';
import { HttpStatus } from '@nestjs/common';

export const LOGIN_THROTTLERS = { perIp: 'login-ip', perAccount: 'login-account' } as const;

/** Limits sign-in attempts per client IP and per target account (whatever IP they come from). */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    // The storage reports both times in seconds.
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire || detail.timeToExpire));
    const res = context.switchToHttp().getResponse<{ setHeader(name: string, value: string): void }>();
    res.setHeader('Retry-After', String(seconds));
    throw new AppException('TOO_MANY_ATTEMPTS', `Too many sign-in attempts: try again in ${seconds} s`, HttpStatus.TOO_MANY_REQUESTS, { retryAfterSeconds: seconds });
  }
}

export function accountTracker(req: Record<string, unknown>): Promise<string> {
  const body = req.body as { email?: unknown } | undefined;
  const email = typeof body?.email === 'string' ? body.email.trim().toLowerCase() : '';
  return Promise.resolve(`account:${email}`);
}

export function ipTracker(req: Record<string, unknown>): Promise<string> {
  return Promise.resolve(`ip:${String(req.ip ?? 'unknown')}`);
}
