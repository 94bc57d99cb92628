import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, validateSync, type ValidationError } from 'class-validator';

import type { PlatformMode, PlatformSettingsById } from '@mwr/publishers';

import { parseEncryptionKeys, type EncryptionKey } from '../tokens/token-cipher.js';
import { PlatformSettingsError, readPlatformSettings } from './platform-settings.js';

export const ROLES = ['api', 'worker', 'scheduler'] as const;
export type Role = (typeof ROLES)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = 'pretty' | 'json';

/** Raised when the environment cannot produce a valid configuration; its message is one line. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
}

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
const asInteger = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
};

const PORT_RANGE = { message: 'must be an integer between 1 and 65535' };
const HTTP_URL = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };
const POSITIVE = { message: 'must be a positive integer' };
const RETRY_RANGE = { message: 'must be an integer between 0 and 100' };

/** The raw environment, validated. Property names are the variable names so errors name them. */
class EnvironmentVariables {
  @IsOptional()
  @Transform(asInteger)
  @IsInt(PORT_RANGE)
  @Min(1, PORT_RANGE)
  @Max(65535, PORT_RANGE)
  PORT?: number;

  @IsOptional()
  @Transform(trimmed)
  @IsString()
  HOST?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_protocol: true, require_tld: false }, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsUrl({ protocols: ['redis', 'rediss'], require_protocol: true, require_tld: false }, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'must be an http(s) URL' })
  PUBLIC_URL?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsString()
  ROLES?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL?: LogLevel;

  @IsOptional()
  @Transform(trimmed)
  @IsIn(['pretty', 'json'], { message: 'must be pretty or json' })
  LOG_FORMAT?: LogFormat;

  @IsOptional()
  @Transform(asInteger)
  @IsInt(RETRY_RANGE)
  @Min(0, RETRY_RANGE)
  @Max(100, RETRY_RANGE)
  DATABASE_CONNECT_RETRIES?: number;

  @IsOptional()
  @Transform(asInteger)
  @IsInt(POSITIVE)
  @Min(1, POSITIVE)
  @Max(500, { message: 'must be at most 500' })
  DATABASE_POOL_MAX?: number;

  @IsOptional()
  @Transform(asInteger)
  @IsInt(POSITIVE)
  @Min(1, POSITIVE)
  SESSION_IDLE_MINUTES?: number;

  @IsOptional()
  @Transform(asInteger)
  @IsInt(POSITIVE)
  @Min(1, POSITIVE)
  SESSION_MAX_DAYS?: number;

  @IsOptional()
  @Transform(asInteger)
  @IsInt(POSITIVE)
  @Min(1, POSITIVE)
  LOGIN_ATTEMPTS_PER_ACCOUNT?: number;

  @IsOptional()
  @Transform(asInteger)
  @IsInt(POSITIVE)
  @Min(1, POSITIVE)
  LOGIN_ATTEMPTS_PER_IP?: number;

  @IsOptional()
  @Transform(asInteger)
  @IsInt(POSITIVE)
  @Min(1, POSITIVE)
  LOGIN_WINDOW_SECONDS?: number;

  /** Requests per minute an API key may make (a token bucket; a key's own setting overrides it). */
  @IsOptional()
  @Transform(asInteger)
  @IsInt(POSITIVE)
  @Min(1, POSITIVE)
  API_KEY_RATE_LIMIT_PER_MINUTE?: number;

  @IsOptional()
  @Transform(trimmed)
  @IsIn(['sandbox', 'live'], { message: 'must be sandbox or live' })
  PLATFORM_MODE?: 'sandbox' | 'live';

  @IsOptional()
  @Transform(asInteger)
  @IsInt(POSITIVE)
  @Min(1, POSITIVE)
  @Max(256, { message: 'must be at most 256' })
  WORKER_CONCURRENCY?: number;

  @IsOptional()
  @Transform(asInteger)
  @IsInt(POSITIVE)
  @Min(5, { message: 'must be at least 5' })
  JOB_LEASE_SECONDS?: number;

  @IsOptional()
  @Transform(asInteger)
  @IsInt(POSITIVE)
  @Min(100, { message: 'must be at least 100' })
  SCHEDULER_TICK_MS?: number;

  @IsOptional()
  @Transform(asInteger)
  @IsInt({ message: 'must be an integer' })
  @Min(0, { message: 'must be 0 or more' })
  SCHEDULER_LOOKAHEAD_SECONDS?: number;

  @IsOptional()
  @Transform(asInteger)
  @IsInt({ message: 'must be an integer' })
  @Min(0, { message: 'must be 0 (off) or more' })
  GLOBAL_JOB_STARTS_PER_SECOND?: number;

  @IsOptional()
  @Transform(asInteger)
  @IsInt(POSITIVE)
  @Min(1, POSITIVE)
  JOB_BACKOFF_BASE_MS?: number;

  @IsOptional()
  @Transform(asInteger)
  @IsInt(POSITIVE)
  @Min(1, POSITIVE)
  JOB_BACKOFF_CAP_MS?: number;

  @IsOptional()
  @Transform(trimmed)
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  ALLOW_INTERNAL_URLS?: 'true' | 'false';

  @IsOptional()
  @Transform(trimmed)
  @IsString()
  NODE_ENV?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsString()
  ENCRYPTION_KEYS?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsString()
  MIGRATIONS_DIR?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsString()
  WEB_DIST_DIR?: string;

  @IsOptional()
  @Transform(asInteger)
  @IsInt(POSITIVE)
  @Min(1, POSITIVE)
  MAX_UPLOAD_BYTES?: number;

  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @Matches(/^.{32,}$/, { message: 'must be at least 32 characters (e.g. 32 random bytes in base64)' })
  MEDIA_SIGNING_KEY?: string;

  @IsOptional()
  @Transform(trimmed)
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be an S3 bucket name' })
  S3_BUCKET?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsUrl(HTTP_URL, { message: 'must be an http(s) URL' })
  S3_ENDPOINT?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsString()
  S3_REGION?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  S3_FORCE_PATH_STYLE?: 'true' | 'false';

  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @Matches(/^\S{16,}$/, { message: 'must be at least 16 characters without spaces' })
  METRICS_TOKEN?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsUrl(HTTP_URL, { message: 'must be an http(s) URL' })
  ALERT_WEBHOOK_URL?: string;

  @IsOptional()
  @Transform(asInteger)
  @IsInt(POSITIVE)
  @Min(1, POSITIVE)
  ALERT_QUEUE_DEPTH?: number;

  @IsOptional()
  @Transform(asInteger)
  @IsInt({ message: 'must be an integer between 1 and 100' })
  @Min(1, { message: 'must be an integer between 1 and 100' })
  @Max(100, { message: 'must be an integer between 1 and 100' })
  ALERT_ERROR_RATE_PERCENT?: number;

  @IsOptional()
  @Transform(asInteger)
  @IsInt(POSITIVE)
  @Min(1, POSITIVE)
  ALERT_ERROR_RATE_MIN_JOBS?: number;

  @IsOptional()
  @Transform(asInteger)
  @IsInt(POSITIVE)
  @Min(1, POSITIVE)
  ALERT_TOKEN_EXPIRY_HOURS?: number;

  @IsOptional()
  @Transform(asInteger)
  @IsInt(POSITIVE)
  @Min(200, { message: 'must be at least 200' })
  ALERT_EVAL_INTERVAL_MS?: number;

  @IsOptional()
  @Transform(asInteger)
  @IsInt({ message: 'must be an integer between 0 and 10' })
  @Min(0, { message: 'must be an integer between 0 and 10' })
  @Max(10, { message: 'must be an integer between 0 and 10' })
  ALERT_WEBHOOK_RETRIES?: number;

  @IsOptional()
  @Transform(asInteger)
  @IsInt(POSITIVE)
  @Min(1000, { message: 'must be at least 1000' })
  SSE_HEARTBEAT_MS?: number;

  @IsOptional()
  @Transform(asInteger)
  @IsInt(POSITIVE)
  @Min(1, POSITIVE)
  @Max(10_000, { message: 'must be at most 10000' })
  SSE_REPLAY_LIMIT?: number;

  @IsOptional()
  @Transform(asInteger)
  @IsInt(POSITIVE)
  @Min(16_384, { message: 'must be at least 16384' })
  SSE_CLIENT_BUFFER_BYTES?: number;

  @IsOptional()
  @Transform(asInteger)
  @IsInt(POSITIVE)
  @Min(100, { message: 'must be at least 100' })
  @Max(300_000, { message: 'must be at most 300000' })
  SSE_ACCESS_RECHECK_MS?: number;

  @IsOptional()
  @Transform(trimmed)
  @IsUrl(HTTP_URL, { message: 'must be an http(s) URL such as https://api.openai.com/v1 or http://127.0.0.1:11434/v1' })
  AI_BASE_URL?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsString()
  AI_API_KEY?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsString()
  AI_MODEL?: string;

  @IsOptional()
  @Transform(asInteger)
  @IsInt(POSITIVE)
  @Min(1000, { message: 'must be at least 1000' })
  @Max(300_000, { message: 'must be at most 300000' })
  AI_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(trimmed)
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.com:587' })
  SMTP_URL?: string;

  @IsOptional()
  @Transform(trimmed)
  @IsString()
  SMTP_FROM?: string;

  @IsOptional()
  @Transform(asInteger)
  @IsInt(POSITIVE)
  @Max(24 * 30, { message: 'must be at most 720' })
  APPROVAL_STALL_HOURS?: number;

  @IsOptional()
  @Transform(asInteger)
  @IsInt({ message: 'must be an integer between 0 and 5' })
  @Min(0, { message: 'must be an integer between 0 and 5' })
  @Max(5, { message: 'must be an integer between 0 and 5' })
  AI_MAX_RETRIES?: number;
}

export type { PlatformMode } from '@mwr/publishers';

/** Mount point of the in-process sandbox (PLATFORM_MODE=sandbox). */
export const SANDBOX_BASE_PATH = '/sandbox';

/**
 * The pool follows the worker's concurrency (issue #32 item 3: 64 jobs shared 10 connections and
 * queued for them): a job holds a connection only while a statement runs, never across a platform
 * call, so half the concurrency covers the jobs that are between calls at once; 10 at least.
 */
export function defaultPoolMax(roles: ReadonlySet<Role>, workerConcurrency: number): number {
  return roles.has('worker') ? Math.max(10, Math.ceil(workerConcurrency / 2)) : 10;
}

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  /** Absent: the embedded PGlite database under dataDir. */
  databaseUrl?: string;
  databaseConnectRetries: number;
  /** Connections this process's pool may open (PostgreSQL). */
  databasePoolMax: number;
  /** Absent: the Postgres queue driver, no Redis at all. */
  redisUrl?: string;
  publicUrl: string;
  roles: ReadonlySet<Role>;
  logLevel: LogLevel;
  logFormat: LogFormat;
  migrationsDir: string;
  webDistDir: string;
  queue: {
    /** Jobs one worker process runs at once. */
    workerConcurrency: number;
    leaseSeconds: number;
    schedulerTickMs: number;
    /** Jobs are created this long before their time, with run_at = scheduled_at. */
    lookaheadSeconds: number;
    /** 0 turns the global limiter off. */
    globalStartsPerSecond: number;
    /** Exponential backoff with full jitter between attempts (at most 8 attempts). */
    backoffBaseMs: number;
    backoffCapMs: number;
  };
  /** sandbox: the simulators run in this process under /sandbox and the platforms' URLs point at them. */
  platformMode: PlatformMode;
  /**
   * Every registered platform's settings (host URLs, client keys, quotas…), keyed by the
   * registry's platform id, read from the variables its descriptor declares (`settings`).
   */
  platforms: PlatformSettingsById;
  /** Development only: let server-side fetches (alert webhooks) reach loopback/private addresses. */
  allowInternalUrls: boolean;
  /** Production refuses to run without ENCRYPTION_KEYS; elsewhere a key is generated into dataDir. */
  production: boolean;
  /** Versioned token-encryption keys, newest first; absent means "use or create the local key file". */
  encryptionKeys?: EncryptionKey[];
  media: {
    /** Largest accepted upload (MAX_UPLOAD_BYTES, default 4 GiB). */
    maxUploadBytes: number;
    /** HMAC key of /media/{token} links; absent: generated once into dataDir. */
    signingKey?: string;
    /** Absent: files live under dataDir/media. */
    s3?: { bucket: string; endpoint?: string; region: string; accessKeyId?: string; secretAccessKey?: string; forcePathStyle: boolean };
  };
  /** The war room: /metrics, alerts, the SSE stream. */
  monitoring: {
    /** Secret: /metrics wants `Authorization: Bearer <token>`; absent, /metrics answers loopback callers only. */
    metricsToken?: string;
    /** Secret-ish (may embed a key): alerts are POSTed here as JSON. */
    alertWebhookUrl?: string;
    alertWebhookRetries: number;
    alertEvalIntervalMs: number;
    thresholds: {
      /** Open jobs (queued, retrying, running) in one workspace. */
      queueDepth: number;
      /** Failed share of the jobs that ended in the last hour, in percent... */
      errorRatePercent: number;
      /** ...once at least this many ended (1 failure out of 1 is not an incident). */
      errorRateMinJobs: number;
      /** A token expiring within this many hours without a successful refresh. */
      tokenExpiryHours: number;
    };
    /** accessRecheckMs: how often every open stream's caller is checked again (session, membership, key). */
    sse: { heartbeatMs: number; replayLimit: number; clientBufferBytes: number; accessRecheckMs: number };
  };
  /**
   * AI caption suggestions (issue 24): absent unless AI_BASE_URL is set (off by default). An
   * OpenAI-compatible server (OpenAI, Ollama, vLLM, LM Studio). The operator chose this address, so
   * its origin may be loopback or private (a local Ollama): the SSRF guard allows that one origin.
   */
  ai?: {
    /** Without the trailing slash; `/chat/completions` is appended. */
    baseUrl: string;
    /** Secret: sent as `Authorization: Bearer`; absent for servers that need none (Ollama). */
    apiKey?: string;
    model: string;
    /** Deadline of one provider call (the whole answer, streamed or not). */
    timeoutMs: number;
    /** Further attempts after a 429 or 5xx answer (bounded, with backoff). */
    maxRetries: number;
  };
  /**
   * Notifications (issue 25). smtpUrl absent: in-app only, e-mails written to the debug log.
   * stallHours: an item in review this long reminds the approvers; twice as long, the owners.
   */
  notifications: {
    /** Secret-ish (may carry a password): never logged whole. */
    smtpUrl?: string;
    from: string;
    stallHours: number;
  };
  auth: {
    sessionIdleMinutes: number;
    sessionMaxDays: number;
    /** Cookies get `Secure` when the public address is https. */
    secureCookies: boolean;
    loginAttemptsPerAccount: number;
    loginAttemptsPerIp: number;
    loginWindowSeconds: number;
    /** Requests per minute per API key, unless the key sets its own (API_KEY_RATE_LIMIT_PER_MINUTE, default 600). */
    apiKeyRateLimitPerMinute: number;
  };
}

function firstMessage(error: ValidationError, env: Record<string, string | undefined>): string {
  const message = Object.values(error.constraints ?? {})[0] ?? 'is invalid';
  return `${error.property} ${message} (got ${JSON.stringify(env[error.property] ?? '')})`;
}

function parseRoles(raw: string | undefined): Set<Role> {
  if (!raw || raw === 'all') return new Set(ROLES);
  const roles = raw
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (roles.length === 0 || unknown.length > 0) {
    throw new ConfigError(`Invalid configuration: ROLES must be "all" or a comma list of ${ROLES.join(', ')} (got ${JSON.stringify(raw)})`);
  }
  return new Set(roles as Role[]);
}

/** The nearest ancestor of `start` holding the migrations folder: the repo root, or /app in the image. */
export function findProjectRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, 'migrations', '001_init.sql'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(start);
    dir = parent;
  }
}

/**
 * Reads and validates the environment once. This module is the only reader of process.env;
 * everything else receives the resulting AppConfig.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, cwd = process.cwd()): AppConfig {
  const parsed = plainToInstance(EnvironmentVariables, { ...env }, { excludeExtraneousValues: false });
  const errors = validateSync(parsed, { stopAtFirstError: true, forbidUnknownValues: false });
  const port = parsed.PORT ?? 3000;
  const publicUrl = (parsed.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  const platformMode = parsed.PLATFORM_MODE ?? 'sandbox';
  // Each registered platform's own variables (its descriptor's settings), on the same error line.
  let platforms: ReturnType<typeof readPlatformSettings> | undefined;
  let platformError: string | undefined;
  try {
    platforms = readPlatformSettings(env, platformMode, `${publicUrl}${SANDBOX_BASE_PATH}`);
  } catch (error) {
    if (!(error instanceof PlatformSettingsError)) throw error;
    platformError = error.message;
  }
  const problems = [...errors.map((e) => firstMessage(e, env)), ...(platforms?.problems ?? [])];
  if (problems.length > 0) throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  if (!platforms) throw new ConfigError(`Invalid configuration: ${platformError ?? 'the platform settings could not be read'}`);
  const production = parsed.NODE_ENV === 'production';
  let encryptionKeys: EncryptionKey[] | undefined;
  if (parsed.ENCRYPTION_KEYS) {
    try {
      encryptionKeys = parseEncryptionKeys(parsed.ENCRYPTION_KEYS).sort((a, b) => b.version - a.version);
    } catch (error) {
      throw new ConfigError(`Invalid configuration: ENCRYPTION_KEYS ${(error as Error).message}`);
    }
  } else if (production) {
    throw new ConfigError('Invalid configuration: ENCRYPTION_KEYS is required when NODE_ENV=production (e.g. "1:<base64 of 32 random bytes>")');
  }
  const pair = <T>(a: string | undefined, b: string | undefined, names: string, make: (a: string, b: string) => T): T | undefined => {
    if (Boolean(a) !== Boolean(b)) throw new ConfigError(`Invalid configuration: set both ${names} or neither`);
    return a && b ? make(a, b) : undefined;
  };
  if (parsed.AI_BASE_URL && !parsed.AI_MODEL)
    throw new ConfigError('Invalid configuration: AI_MODEL is required when AI_BASE_URL is set (e.g. gpt-4o-mini, llama3.1)');
  const root = findProjectRoot(cwd);
  const absolute = (p: string) => (isAbsolute(p) ? p : resolve(cwd, p));
  return {
    port,
    host: parsed.HOST ?? '0.0.0.0',
    dataDir: absolute(parsed.DATA_DIR ?? './data'),
    databaseUrl: parsed.DATABASE_URL,
    databaseConnectRetries: parsed.DATABASE_CONNECT_RETRIES ?? 2,
    databasePoolMax: parsed.DATABASE_POOL_MAX ?? defaultPoolMax(parseRoles(parsed.ROLES), parsed.WORKER_CONCURRENCY ?? 4),
    redisUrl: parsed.REDIS_URL,
    publicUrl,
    roles: parseRoles(parsed.ROLES),
    logLevel: parsed.LOG_LEVEL ?? 'info',
    logFormat: parsed.LOG_FORMAT ?? 'pretty',
    migrationsDir: absolute(parsed.MIGRATIONS_DIR ?? join(root, 'migrations')),
    webDistDir: absolute(parsed.WEB_DIST_DIR ?? join(root, 'apps', 'web', 'dist')),
    queue: {
      workerConcurrency: parsed.WORKER_CONCURRENCY ?? 4,
      leaseSeconds: parsed.JOB_LEASE_SECONDS ?? 60,
      schedulerTickMs: parsed.SCHEDULER_TICK_MS ?? 2000,
      lookaheadSeconds: parsed.SCHEDULER_LOOKAHEAD_SECONDS ?? 60,
      globalStartsPerSecond: parsed.GLOBAL_JOB_STARTS_PER_SECOND ?? 10,
      backoffBaseMs: parsed.JOB_BACKOFF_BASE_MS ?? 5_000,
      backoffCapMs: parsed.JOB_BACKOFF_CAP_MS ?? 30 * 60_000,
    },
    platformMode,
    production,
    allowInternalUrls: parsed.ALLOW_INTERNAL_URLS === 'true',
    encryptionKeys,
    platforms: platforms.platforms,
    media: {
      maxUploadBytes: parsed.MAX_UPLOAD_BYTES ?? 4 * 1024 ** 3,
      signingKey: parsed.MEDIA_SIGNING_KEY,
      s3: parsed.S3_BUCKET
        ? {
            bucket: parsed.S3_BUCKET,
            endpoint: parsed.S3_ENDPOINT,
            region: parsed.S3_REGION ?? 'us-east-1',
            ...pair(parsed.S3_ACCESS_KEY_ID, parsed.S3_SECRET_ACCESS_KEY, 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY', (accessKeyId, secretAccessKey) => ({
              accessKeyId,
              secretAccessKey,
            })),
            forcePathStyle: parsed.S3_FORCE_PATH_STYLE === 'true',
          }
        : undefined,
    },
    monitoring: {
      metricsToken: parsed.METRICS_TOKEN,
      alertWebhookUrl: parsed.ALERT_WEBHOOK_URL,
      alertWebhookRetries: parsed.ALERT_WEBHOOK_RETRIES ?? 4,
      alertEvalIntervalMs: parsed.ALERT_EVAL_INTERVAL_MS ?? 30_000,
      thresholds: {
        queueDepth: parsed.ALERT_QUEUE_DEPTH ?? 100,
        errorRatePercent: parsed.ALERT_ERROR_RATE_PERCENT ?? 5,
        errorRateMinJobs: parsed.ALERT_ERROR_RATE_MIN_JOBS ?? 10,
        tokenExpiryHours: parsed.ALERT_TOKEN_EXPIRY_HOURS ?? 24,
      },
      sse: {
        heartbeatMs: parsed.SSE_HEARTBEAT_MS ?? 15_000,
        replayLimit: parsed.SSE_REPLAY_LIMIT ?? 1000,
        clientBufferBytes: parsed.SSE_CLIENT_BUFFER_BYTES ?? 1024 * 1024,
        accessRecheckMs: parsed.SSE_ACCESS_RECHECK_MS ?? 5000,
      },
    },
    ai:
      parsed.AI_BASE_URL && parsed.AI_MODEL
        ? {
            baseUrl: parsed.AI_BASE_URL.replace(/\/+$/, ''),
            apiKey: parsed.AI_API_KEY,
            model: parsed.AI_MODEL,
            timeoutMs: parsed.AI_TIMEOUT_MS ?? 30_000,
            maxRetries: parsed.AI_MAX_RETRIES ?? 2,
          }
        : undefined,
    notifications: {
      smtpUrl: parsed.SMTP_URL,
      from: parsed.SMTP_FROM ?? `notifications@${new URL(publicUrl).hostname}`,
      stallHours: parsed.APPROVAL_STALL_HOURS ?? 24,
    },
    auth: {
      sessionIdleMinutes: parsed.SESSION_IDLE_MINUTES ?? 7 * 24 * 60,
      sessionMaxDays: parsed.SESSION_MAX_DAYS ?? 30,
      secureCookies: publicUrl.startsWith('https:'),
      loginAttemptsPerAccount: parsed.LOGIN_ATTEMPTS_PER_ACCOUNT ?? 5,
      loginAttemptsPerIp: parsed.LOGIN_ATTEMPTS_PER_IP ?? 30,
      loginWindowSeconds: parsed.LOGIN_WINDOW_SECONDS ?? 15 * 60,
      apiKeyRateLimitPerMinute: parsed.API_KEY_RATE_LIMIT_PER_MINUTE ?? 600,
    },
  };
}

/** Hides the password of a connection URL so configuration can be logged. */
export function maskUrl(url: string | undefined): string | undefined {
  if (!url) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '****';
    return parsed.toString();
  } catch {
    return '****';
  }
}

export function describeConfig(config: AppConfig): Record<string, unknown> {
  return {
    port: config.port,
    host: config.host,
    dataDir: config.dataDir,
    database: config.databaseUrl ? maskUrl(config.databaseUrl) : `pglite:${join(config.dataDir, 'pglite')}`,
    queue: config.redisUrl ? `bullmq:${maskUrl(config.redisUrl)}` : 'postgres',
    publicUrl: config.publicUrl,
    roles: [...config.roles].join(','),
    logLevel: config.logLevel,
    logFormat: config.logFormat,
    platforms: config.platformMode === 'sandbox' ? `sandbox (in-process at ${SANDBOX_BASE_PATH})` : 'live',
    metrics: config.monitoring.metricsToken ? 'bearer token' : 'loopback only',
    // Webhook URLs often carry their secret in the path: show the origin only.
    alertWebhook: config.monitoring.alertWebhookUrl ? `${new URL(config.monitoring.alertWebhookUrl).origin}/****` : 'off',
    // The key is a secret: never logged. The base URL's path may carry a deployment name only.
    ai: config.ai ? `${new URL(config.ai.baseUrl).origin} model ${config.ai.model}${config.ai.apiKey ? ' (key set)' : ''}` : 'off',
    smtp: config.notifications.smtpUrl ? maskUrl(config.notifications.smtpUrl) : 'off (in-app only)',
    media: config.media.s3
      ? `s3:${config.media.s3.bucket}${config.media.s3.endpoint ? `@${config.media.s3.endpoint}` : ''}`
      : `local:${join(config.dataDir, 'media')}`,
  };
}
