import type { IncomingMessage, ServerResponse } from 'node:http';

import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import cookieParser from 'cookie-parser';
import type { Request } from 'express';

import { createSandbox, type Sandbox } from '@mwr/platform-sandbox';

import { isLocalCaller, isLoopbackHost } from '../../common/security/loopback.js';
import { AuthService } from '../auth/auth.service.js';
import { SessionCookies } from '../auth/session-cookies.js';
import { APP_CONFIG, SANDBOX_BASE_PATH, sandboxExposureWarning, type AppConfig } from '../config/index.js';

const readCookies = cookieParser();

/**
 * The simulated crawlers (video_url, PULL_FROM_URL) and webhook deliveries go through the SSRF
 * guard, which refuses loopback. A server bound to loopback is a developer's machine: there the
 * sandbox may fetch from exactly the product's own media origins (PUBLIC_URL, a path-style S3
 * endpoint); a server reachable from elsewhere gets no allowance.
 */
export function sandboxFetchOrigins(config: Pick<AppConfig, 'host' | 'publicUrl' | 'media'>): string[] {
  if (!isLoopbackHost(config.host)) return [];
  const s3 = config.media.s3?.forcePathStyle ? config.media.s3.endpoint : undefined;
  return [...new Set([config.publicUrl, ...(s3 ? [s3] : [])].map((url) => new URL(url).origin))];
}

/**
 * PLATFORM_MODE=sandbox: the TikTok and Instagram simulators run inside this process under
 * /sandbox, and the configured platform URLs point at them. The product talks to them over HTTP
 * exactly as it would to the real hosts; nothing else knows it is a sandbox.
 *
 * Exposure rule: everything under /sandbox (consent pages, token endpoints, Graph/Open API, the
 * __sandbox inspection API) answers only callers on this machine (TCP peer on loopback, no proxy
 * forwarding headers) and the signed-in installation owner. Everyone else gets the app's plain
 * 404, as if there were no sandbox.
 */
@Injectable()
export class PlatformSandboxHost implements OnApplicationShutdown {
  private readonly logger = new Logger(PlatformSandboxHost.name);
  readonly sandbox?: Sandbox;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly moduleRef: ModuleRef,
  ) {
    // Only the api role serves HTTP; workers reach the sandbox through the configured URLs like any platform.
    if (config.platformMode !== 'sandbox' || !config.roles.has('api')) return;
    this.sandbox = createSandbox({
      basePath: SANDBOX_BASE_PATH,
      publicBaseUrl: config.publicUrl,
      clock: 'real',
      allowedFetchOrigins: sandboxFetchOrigins(config),
    });
    this.logger.log(`platform sandbox mounted at ${config.publicUrl}${SANDBOX_BASE_PATH} (this machine and the installation owner only)`);
    const warning = sandboxExposureWarning(config);
    if (warning) this.logger.warn(warning);
  }

  /** Connect-style middleware; requests outside /sandbox go on to the app. */
  readonly middleware = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const sandbox = this.sandbox;
    if (!sandbox || !sandbox.owns(req.url ?? '/')) return next();
    if (isLocalCaller(req)) return sandbox.handle(req, res, next);
    this.isInstallationOwner(req, res).then(
      (owner) => (owner ? sandbox.handle(req, res, next) : notFound(req, res)),
      (error: Error) => {
        this.logger.warn(`sandbox access check failed: ${error.message}`);
        notFound(req, res);
      },
    );
  };

  /** A browser session of the installation owner (API keys do not count: they belong to a workspace). */
  private async isInstallationOwner(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    readCookies(req as Request, res as never, () => undefined);
    const token = this.moduleRef.get(SessionCookies, { strict: false }).read(req as Request);
    if (!token) return false;
    const auth = this.moduleRef.get(AuthService, { strict: false });
    const principal = await auth.authenticateSession(token);
    return principal ? auth.isInstallationOwner(principal) : false;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sandbox?.close();
  }
}

/** The app's own answer to an unknown route (AllExceptionsFilter's body for Nest's NotFoundException). */
function notFound(req: IncomingMessage, res: ServerResponse): void {
  if (res.headersSent) return;
  // Unread request bytes are drained so the client hears the 404 rather than a reset.
  req.resume();
  const body = JSON.stringify({ statusCode: 404, code: 'NOT_FOUND', message: `Cannot ${req.method ?? 'GET'} ${req.url ?? '/'}` });
  res.writeHead(404, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
}
