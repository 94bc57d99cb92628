import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { REDIS_CLIENT } from '../redis/redis.module.js';
import { ApiKeyBucketsRepository, type BucketTake } from './api-key-buckets.repository.js';

/** One request's verdict, with what the RateLimit headers say. */
export interface RateLimitVerdict {
  allowed: boolean;
  /** The bucket's capacity: requests per minute, and the largest burst. */
  limit: number;
  /** Whole requests left now. */
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** When refused: seconds until one request is allowed again. */
  retryAfterSeconds: number;
}

/*
 * The same bucket as the Postgres statement, atomically in Redis (a script runs alone), on the
 * server's clock (TIME) so every API process agrees. The key expires once the bucket would be full.
 */
const TAKE_SCRIPT = `
local capacity = tonumber(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * capacity / 60000)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], 61000)
return { allowed, tostring(tokens) }`;

/**
 * Per-API-key rate limits (issue 26): a token bucket per key holding `limit` requests and refilled
 * at `limit` per minute, so a key may burst up to its limit and then goes at the steady rate. The
 * limit is the key's own setting, else API_KEY_RATE_LIMIT_PER_MINUTE. Buckets live in Redis when
 * REDIS_URL is set (one script per request), else in Postgres (one statement per request); when
 * Redis fails a request, that request counts in Postgres rather than going unlimited.
 */
@Injectable()
export class ApiKeyRateLimiter {
  private readonly logger = new Logger(ApiKeyRateLimiter.name);

  constructor(
    private readonly buckets: ApiKeyBucketsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() @Inject(REDIS_CLIENT) private readonly redis?: Redis,
  ) {}

  async take(apiKeyId: string, ownLimit: number | null): Promise<RateLimitVerdict> {
    const limit = ownLimit ?? this.config.auth.apiKeyRateLimitPerMinute;
    const { allowed, tokens } = await this.takeToken(apiKeyId, limit);
    const perSecond = limit / 60;
    return {
      allowed,
      limit,
      remaining: Math.max(0, Math.floor(tokens)),
      resetSeconds: Math.max(0, Math.ceil((limit - tokens) / perSecond)),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - tokens) / perSecond)),
    };
  }

  private async takeToken(apiKeyId: string, limit: number): Promise<BucketTake> {
    if (this.redis) {
      try {
        // The shared connection is lazy (the first user connects it).
        if (this.redis.status === 'wait') await this.redis.connect().catch(() => undefined);
        const [allowed, tokens] = (await this.redis.eval(TAKE_SCRIPT, 1, `mwr:api-key-bucket:${apiKeyId}`, limit)) as [number, string];
        return { allowed: allowed === 1, tokens: Number(tokens) };
      } catch (error) {
        this.logger.warn(`rate limit of key ${apiKeyId} counted in Postgres: redis failed (${(error as Error).message})`);
      }
    }
    return this.buckets.take(apiKeyId, limit);
  }
}
