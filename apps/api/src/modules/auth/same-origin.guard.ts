import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

import { BrandingService } from '../branding/branding.service.js';
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
 * Origin (or at least Referer): when present, it must be PUBLIC_URL's origin, or — for the web app
 * served on a workspace's custom host (white-label) — that host itself, on PUBLIC_URL's scheme,
 * when the request came to it. Clients that send neither (curl, server-side integrations) are not
 * browsers and have no cookies to abuse.
 */
@Injectable()
export class SameOriginGuard implements CanActivate {
  private readonly allowed: string;
  private readonly scheme: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly branding: BrandingService,
  ) {
    this.allowed = originOf(config.publicUrl) ?? config.publicUrl;
    this.scheme = new URL(config.publicUrl).protocol;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const { headers } = request;
    const from = headers.origin ?? (headers.referer !== undefined ? (originOf(headers.referer) ?? 'null') : undefined);
    if (from === undefined || from === this.allowed) return true;
    if (await this.isCustomHostOfRequest(from, headers.host)) return true;
    throw new CrossOriginRejected(this.allowed);
  }

  /** The page's origin is the host this request came to, and that host is a workspace's custom host. */
  private async isCustomHostOfRequest(origin: string, hostHeader: string | undefined): Promise<boolean> {
    if (hostHeader === undefined || origin !== `${this.scheme}//${hostHeader.toLowerCase()}`) return false;
    return this.branding.isCustomHost(hostHeader);
  }
}
