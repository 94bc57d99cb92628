import { HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';

import { AppException } from '../../common/errors/app-exception.js';

/** Requests one client address may make to the public review routes per window. */
export const REVIEW_LINK_REQUESTS_PER_WINDOW = 60;
export const REVIEW_LINK_WINDOW_MS = 60_000;

/**
 * Per client address, a fixed window over the public review routes: a client reviewing a few
 * posts is far below it, someone trying tokens is stopped (429 TOO_MANY_REQUESTS, Retry-After).
 * In-process: with several API processes each counts its own share (the login throttler's
 * buckets are keyed on credentials, so it is not reused here).
 */
@Injectable()
export class ReviewLinkThrottleGuard implements CanActivate {
  private readonly windows = new Map<string, { start: number; count: number }>();

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<{ ip?: string; socket?: { remoteAddress?: string } }>();
    const ip = req.ip || req.socket?.remoteAddress || 'unknown';
    const now = Date.now();
    if (this.windows.size > 10_000) for (const [k, w] of this.windows) if (now - w.start >= REVIEW_LINK_WINDOW_MS) this.windows.delete(k);
    let w = this.windows.get(ip);
    if (!w || now - w.start >= REVIEW_LINK_WINDOW_MS) this.windows.set(ip, (w = { start: now, count: 0 }));
    if (++w.count <= REVIEW_LINK_REQUESTS_PER_WINDOW) return true;
    const seconds = Math.max(1, Math.ceil((w.start + REVIEW_LINK_WINDOW_MS - now) / 1000));
    context.switchToHttp().getResponse<{ setHeader(name: string, value: string): void }>().setHeader('Retry-After', String(seconds));
    throw new AppException('TOO_MANY_REQUESTS', `Too many requests: try again in ${seconds} s`, HttpStatus.TOO_MANY_REQUESTS, { retryAfterSeconds: seconds });
  }
}
