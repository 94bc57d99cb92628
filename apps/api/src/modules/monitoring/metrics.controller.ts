import { timingSafeEqual } from 'node:crypto';

import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { Public } from '../../common/auth/public.decorator.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { MetricsService } from './metrics.service.js';
import { MetricsForbidden } from './monitoring.errors.js';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Prometheus scrape endpoint, at the origin's /metrics (outside the /api prefix, like /media).
 * Not a user route: with METRICS_TOKEN it wants that bearer token; without, it answers loopback
 * callers only (a sidecar or a port-forward), never the internet.
 */
@ApiTags('monitoring')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Prometheus metrics of this process (served at /metrics, outside /api); bearer METRICS_TOKEN, or loopback only when unset' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiForbiddenResponse({ description: 'Wrong or missing METRICS_TOKEN, or (without one) not from loopback (METRICS_FORBIDDEN)' })
  async getMetrics(@Req() req: Request, @Res() res: Response): Promise<void> {
    const token = this.config.monitoring.metricsToken;
    if (token) {
      const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
      if (!match?.[1] || !sameSecret(match[1], token)) throw new MetricsForbidden('A valid metrics token is required');
    } else if (!LOOPBACK.test(req.socket.remoteAddress ?? '')) {
      throw new MetricsForbidden('Metrics are served to local callers only; set METRICS_TOKEN to scrape remotely');
    }
    const { contentType, body } = await this.metrics.render();
    res.status(200).setHeader('content-type', contentType);
    res.setHeader('cache-control', 'no-store');
    res.send(body);
  }
}
