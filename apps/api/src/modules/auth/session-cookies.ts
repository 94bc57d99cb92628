import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';

import { sha256Hex } from '../../common/security/secrets.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';

export const SESSION_COOKIE = 'mwr_session';
export const CSRF_COOKIE = 'mwr_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The CSRF token is derived from the session token, so it needs no storage and changes whenever
 * the session rotates. It is readable by the SPA (double-submit); the session cookie is not.
 */
export function csrfTokenFor(sessionToken: string): string {
  return sha256Hex(`csrf:${sessionToken}`);
}

@Injectable()
export class SessionCookies {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  read(req: Request): string | undefined {
    const value = (req.cookies as Record<string, unknown> | undefined)?.[SESSION_COOKIE];
    return typeof value === 'string' && value.length > 0 && value.length <= 128 ? value : undefined;
  }

  set(res: Response, token: string, expiresAt: Date): void {
    const common = { path: '/', sameSite: 'lax' as const, secure: this.config.auth.secureCookies, expires: expiresAt };
    res.cookie(SESSION_COOKIE, token, { ...common, httpOnly: true });
    res.cookie(CSRF_COOKIE, csrfTokenFor(token), { ...common, httpOnly: false });
  }

  clear(res: Response): void {
    const common = { path: '/', sameSite: 'lax' as const, secure: this.config.auth.secureCookies };
    res.clearCookie(SESSION_COOKIE, { ...common, httpOnly: true });
    res.clearCookie(CSRF_COOKIE, common);
  }
}
