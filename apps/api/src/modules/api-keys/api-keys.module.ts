import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';

import { ApiKeyBucketsRepository } from './api-key-buckets.repository.js';
import { ApiKeyRateLimitInterceptor } from './api-key-rate-limit.interceptor.js';
import { ApiKeyRateLimiter } from './api-key-rate-limiter.js';
import { ApiKeysController } from './api-keys.controller.js';
import { ApiKeysRepository } from './api-keys.repository.js';
import { ApiKeysService } from './api-keys.service.js';

/** API keys: their management, and the rate limit every request made with one goes through (a global interceptor). */
@Module({
  controllers: [ApiKeysController],
  providers: [
    ApiKeysService,
    ApiKeysRepository,
    ApiKeyBucketsRepository,
    ApiKeyRateLimiter,
    { provide: APP_INTERCEPTOR, useClass: ApiKeyRateLimitInterceptor },
  ],
  exports: [ApiKeysService],
})
export class ApiKeysModule {}
