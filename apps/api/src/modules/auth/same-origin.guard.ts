import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { CrossOriginRejected } from './auth.errors.js';

/** The origin (scheme://host[:port]) of a URL, or undefined when it is not one. */
function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.origin === 'null' ? undefined : parsed.origin;
  } catch {
    return undefined;
  }
}

/**
 * Login CSRF: the routes that sign a browser in (setup, login, invitation acceptance) carry no
 * session yet, so no CSRF token protects them. A browser names the page a request comes from in
 * Origin (or at least Referer): when present, it must be PUBLIC_URL's origin. Clients that send
 * neither (curl, server-side integrations) are not browsers and have no cookies to abuse.
 */
@Injectable()
export class SameOriginGuard implements CanActivate {
  private readonly allowed: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.allowed = originOf(config.publicUrl) ?? config.publicUrl;
  }

  canActivate(context: ExecutionContext): boolean {
    const { headers } = context.switchToHttp().getRequest<Request>();
    const origin = headers.origin;
    if (origin !== undefined) {
      if (origin !== this.allowed) throw new CrossOriginRejected(this.allowed);
      return true;
    }
    const referer = headers.referer;
    if (referer !== undefined && originOf(referer) !== this.allowed) throw new CrossOriginRejected(this.allowed);
    return true;
  }
}
