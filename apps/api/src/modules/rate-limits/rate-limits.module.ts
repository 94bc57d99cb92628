import { Module } from '@nestjs/common';

import { RateLimiterRepository } from './rate-limiter.repository.js';
import { RateLimiter } from './rate-limiter.service.js';

/** Owns rate_limit_windows; others spend budgets through RateLimiter. */
@Module({ providers: [RateLimiterRepository, RateLimiter], exports: [RateLimiter] })
export class RateLimitsModule {}
