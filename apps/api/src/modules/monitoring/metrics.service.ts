import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

import { MonitoringRepository } from './monitoring.repository.js';

const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/**
 * This process's Prometheus registry (its own, not prom-client's global one, so several apps can
 * share a process in tests). Counters and histograms are observed where the work happens (the
 * job runner in worker processes, the SSE gateway in API processes); gauges about the database
 * (queue depth, token expiry, error rate) are read at scrape time from indexed queries.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly jobDuration = new Histogram({
    name: 'mwr_job_duration_seconds',
    help: 'Time one claim of a publish job took, by platform and outcome (succeeded, failed, dead, queued, waiting_retry, needs_review)',
    labelNames: ['platform', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  readonly stepDuration = new Histogram({
    name: 'mwr_step_duration_seconds',
    help: 'Latency of one publisher step (init, upload, poll, publish…), by platform and step',
    labelNames: ['platform', 'step'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  readonly jobErrors = new Counter({
    name: 'mwr_job_errors_total',
    help: 'Publish errors by class (temporary, rate_limited, auth_expired, invalid_content, unknown) and platform',
    labelNames: ['platform', 'class'] as const,
    registers: [this.registry],
  });

  readonly rateLimitWaits = new Counter({
    name: 'mwr_rate_limit_waits_total',
    help: 'Times a job was put back because a rate limit (ours or the global start rate) was reached',
    labelNames: ['platform', 'reason'] as const,
    registers: [this.registry],
  });

  readonly rateLimitWaitSeconds = new Counter({
    name: 'mwr_rate_limit_wait_seconds_total',
    help: 'Seconds of waiting imposed by rate limits',
    labelNames: ['platform', 'reason'] as const,
    registers: [this.registry],
  });

  readonly sseClients = new Gauge({ name: 'mwr_sse_clients', help: 'Open war-room event streams in this process', registers: [this.registry] });
  readonly sseDropped = new Counter({
    name: 'mwr_sse_dropped_clients_total',
    help: 'Event streams closed because the client read too slowly',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly alertsDelivered = new Counter({
    name: 'mwr_alert_deliveries_total',
    help: 'Alert webhook deliveries by result',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor(private readonly repository: MonitoringRepository) {
    collectDefaultMetrics({ register: this.registry, prefix: 'mwr_' });
    const repo = this.repository;
    new Gauge({
      name: 'mwr_queue_depth',
      help: 'Publish jobs per open state (queued, active, waiting_retry, needs_review), all workspaces',
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        const counts = await repo.openJobCounts();
        for (const state of ['queued', 'active', 'waiting_retry', 'waiting_person', 'needs_review']) this.set({ state }, counts[state] ?? 0);
      },
    });
    new Gauge({
      name: 'mwr_queue_lag_seconds',
      help: 'How late the oldest due job is (0 when nothing is waiting)',
      registers: [this.registry],
      async collect() {
        this.set((await repo.queueLag()).lagSeconds);
      },
    });
    new Gauge({
      name: 'mwr_job_error_rate_1h',
      help: 'Failed share (0..1) of the jobs that ended in the last hour, by platform',
      labelNames: ['platform'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const row of await repo.errorRateByPlatform()) this.set({ platform: row.platform }, row.total > 0 ? row.failed / row.total : 0);
      },
    });
    new Gauge({
      name: 'mwr_token_expiry_seconds',
      help: 'Seconds until the stored access token of each account expires (negative: expired)',
      labelNames: ['account_id', 'platform'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const row of await repo.tokenExpiries()) this.set({ account_id: row.accountId, platform: row.platform }, row.seconds);
      },
    });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** How late the oldest due job is, and how many are due (the readiness check's informational queue line). */
  queueLag(): Promise<{ lagSeconds: number; due: number }> {
    return this.repository.queueLag();
  }
}
