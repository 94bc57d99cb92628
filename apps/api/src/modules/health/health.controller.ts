import { Controller, Get, HttpStatus, Inject, Optional, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import type { Redis } from 'ioredis';

import { Public } from '../../common/auth/public.decorator.js';
import { AppException } from '../../common/errors/app-exception.js';
import { MetricsService } from '../monitoring/metrics.service.js';
import { REDIS_CLIENT } from '../redis/redis.module.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Optional() @Inject(REDIS_CLIENT) private readonly redis?: Redis,
    @Optional() private readonly monitoring?: MetricsService,
  ) {}

  @Public()
  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP' })
  liveness(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Public()
  @Get('ready')
  @ApiServiceUnavailableResponse({
    description: 'Not ready (SERVICE_UNAVAILABLE): the failing checks are in details',
    schema: { $ref: '#/components/schemas/ErrorBodyDto' },
  })
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the database answers, and Redis when configured; reports the queue lag (oldest due job) and due count' })
  async readiness(): Promise<HealthCheckResult> {
    const checks: HealthIndicatorFunction[] = [() => this.db.pingCheck('database', { timeout: 3000 })];
    const redis = this.redis;
    if (redis) {
      checks.push(() =>
        this.indicators
          .check('redis')
          .attempt(async () => {
            if (redis.status === 'wait') await redis.connect();
            await redis.ping();
            return {};
          })
          .withTimeout(3000),
      );
    }
    const monitoring = this.monitoring;
    if (monitoring) {
      // Informational: a late queue is the workers' problem, not a reason to take this process out of rotation.
      checks.push(() =>
        this.indicators
          .check('queue')
          .attempt(async () => {
            const lag = await monitoring.queueLag();
            return { lagSeconds: Math.round(lag.lagSeconds * 10) / 10, due: lag.due };
          })
          .withTimeout(3000),
      );
    }
    try {
      return await this.health.check(checks);
    } catch (error) {
      // Terminus throws its result; answer in the standard error shape, naming what is down.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as Partial<HealthCheckResult>;
      const down = Object.entries(result.error ?? {}).map(([name, value]) => (typeof value?.message === 'string' ? `${name} (${value.message})` : name));
      throw new AppException('NOT_READY', `Not ready: ${down.join(', ') || 'a check failed'}`, HttpStatus.SERVICE_UNAVAILABLE, result.details);
    }
  }
}
