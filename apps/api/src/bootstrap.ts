import 'reflect-metadata';

import type { IncomingMessage } from 'node:http';

import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication, NestExpressBodyParserOptionsFor } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import type { Request } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';

import { AppModule } from './app.module.js';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter.js';
import { setupSwagger } from './common/openapi/openapi.js';
import { assertJsonDepth } from './common/validation/json-depth.js';
import { createValidationPipe } from './common/validation/validation.pipe.js';
import { AuthService } from './modules/auth/auth.service.js';
import { SessionCookies } from './modules/auth/session-cookies.js';
import type { AppConfig } from './modules/config/index.js';
import { PlatformSandboxHost } from './modules/platforms/platform-sandbox.host.js';
import { mountQueueDashboard } from './modules/queue/queue-dashboard.js';

/** Routes served at the origin rather than under /api (the route list of the tests reads it too). */
export const OUTSIDE_API_PREFIX = [
  { path: 'media/:token', method: RequestMethod.ALL },
  { path: 'metrics', method: RequestMethod.GET },
  { path: 'mcp', method: RequestMethod.ALL },
] as const;

/** Applies what every HTTP-serving instance shares; used by main, the CLI and tests alike. */
export function configureApp(app: NestExpressApplication, config: Pick<AppConfig, 'roles' | 'platformMode' | 'publicUrl'>): void {
  app.use(helmet(securityHeaders(config.publicUrl)));
  // Signed media links live at the origin's /media/{token}, outside the API prefix.
  // Prometheus scrapes the origin's /metrics (monitoring module). MCP clients talk to /mcp (mcp module).
  app.setGlobalPrefix('api', { exclude: [...OUTSIDE_API_PREFIX] });
  // The sandbox reads its own request bodies, so it is mounted before the body parsers.
  if (config.roles.has('api') && config.platformMode === 'sandbox') app.use(app.get(PlatformSandboxHost).middleware);
  // Signed webhooks are verified over the exact bytes received: keep them (only for those paths).
  // (Nest's types omit `verify`, reserved for its app-wide rawBody option; express.json takes it as is.)
  // Nesting is capped before parsing: deep JSON would overflow class-transformer's recursion (a 500).
  app.useBodyParser('json', { limit: '1mb', verify: verifyJsonBody } as NestExpressBodyParserOptionsFor<'json'>);
  // No urlencoded parser: nothing under /api takes a form (OAuth callbacks are GET, webhooks JSON,
  // tus its own type), and a form-encoded login from a foreign page is login CSRF.
  app.use(cookieParser());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.disable('x-powered-by');
  if (config.roles.has('api')) {
    setupSwagger(app);
    mountQueueDashboard(app, (req) => dashboardAccess(app, req));
  }
}

/**
 * The queue dashboard lists the jobs of every workspace, so it belongs to the installation, not to
 * a workspace: only the installation owner (the account first-run setup or create-admin made) sees
 * it. Any user can create a workspace and be its owner or admin, so workspace roles do not count.
 */
async function dashboardAccess(app: NestExpressApplication, req: Request): Promise<'ok' | 401 | 403> {
  const auth = app.get(AuthService, { strict: false });
  const token = app.get(SessionCookies, { strict: false }).read(req);
  const principal = token ? await auth.authenticateSession(token) : undefined;
  if (!principal) return 401;
  return (await auth.isInstallationOwner(principal)) ? 'ok' : 403;
}

/** body-parser's verify hook: runs before JSON parsing; stores the raw bytes of signed webhook calls as req.rawBody. */
export function keepWebhookRawBody(req: IncomingMessage & { rawBody?: Buffer }, _res: unknown, buffer: Buffer): void {
  if (req.url?.startsWith('/api/webhooks/')) req.rawBody = buffer;
}

/** body-parser's verify hook for JSON: refuses too deep nesting (400) before parsing, then keeps webhook bytes. */
function verifyJsonBody(req: IncomingMessage & { rawBody?: Buffer }, res: unknown, buffer: Buffer, encoding: string): void {
  assertJsonDepth(buffer, encoding);
  keepWebhookRawBody(req, res, buffer);
}

export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, abortOnError: false, bodyParser: false });
  app.useLogger(app.get(Logger));
  configureApp(app, config);
  return app;
}

/**
 * Security headers for the API, the SPA and Swagger UI alike. The CSP allows only this origin's
 * scripts; styles may be inline (React style props, Swagger UI); images may come from the
 * platforms' CDNs (account avatars). CORS stays closed: the SPA is served from the same origin.
 */
export function securityHeaders(publicUrl: string): Parameters<typeof helmet>[0] {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    hsts: publicUrl.startsWith('https:') ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  };
}
