import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';

import type { AppConfig } from '../../modules/config/index.js';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,128}$/;

const REDACTED = '[redacted]';

/**
 * Paths whose segment after the prefix is a credential: signed media links (whoever holds one can
 * download the video), invitation links (whoever holds one can join the workspace) as the API's
 * preview route and as the SPA's page. tus upload ids are not secrets (the upload is the caller's).
 */
const CREDENTIAL_PATHS: readonly RegExp[] = [/^(\/media\/)[^/?#]+/, /^(\/api\/auth\/invitations\/)(?!accept(?:[/?#]|$))[^/?#]+/, /^(\/invite\/)[^/?#]+/];

/**
 * A request URL as it may be logged: every query value masked (OAuth `code` and `state`, webhook
 * verify tokens, cursors…; the names stay) and credential path segments masked.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  let path = q === -1 ? url : url.slice(0, q);
  for (const pattern of CREDENTIAL_PATHS) path = path.replace(pattern, `$1${REDACTED}`);
  if (q === -1) return path;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq === -1 ? pair : `${pair.slice(0, eq)}=${REDACTED}`;
    })
    .join('&');
  return `${path}?${query}`;
}

/**
 * pino options: request ids (honouring a sane incoming X-Request-Id), secrets redacted. The request
 * serializer is the one place URLs are redacted (redactUrl). `destination` overrides stdout (tests
 * read the log).
 */
export function loggerOptions(config: Pick<AppConfig, 'logLevel' | 'logFormat'>, destination?: DestinationStream): Params {
  const options = {
    level: config.logLevel,
    ...(config.logFormat === 'pretty'
      ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } }
      : {}),
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID_PATTERN.test(incoming) ? incoming : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.accessToken', '*.refreshToken', '*.password'],
      censor: '[redacted]',
    },
    // Keep access logs to what an operator reads; full headers are noise (and may hold secrets).
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    autoLogging: { ignore: (req: IncomingMessage) => req.url?.startsWith('/api/health') ?? false },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) => {
      if (error || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return 'info';
    },
  };
  return { pinoHttp: destination ? [options, destination] : options };
}
