import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { guardedFetch } from '@mwr/net';

import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { WorkspaceEvents } from '../events/workspace-events.service.js';
import { AlertsRepository, type Alert, type AlertCandidate } from './alerts.repository.js';
import { MetricsService } from './metrics.service.js';

const key = (a: { workspaceId: string; rule: string; subject: string }) => `${a.workspaceId}|${a.rule}|${a.subject}`;
const WEBHOOK_TIMEOUT_MS = 5000;

export function alertView(a: Alert) {
  return {
    id: a.id,
    rule: a.rule,
    subject: a.subject,
    severity: a.severity,
    message: a.message,
    value: a.value,
    threshold: a.threshold,
    firedAt: new Date(a.firedAt).toISOString(),
  };
}

/**
 * Alert rules (queue depth, 1 h error rate, tokens expiring without a working refresh, a job
 * waiting for review), evaluated by the scheduler role. Deduplicated by the alerts table (one
 * firing row per rule and subject); a workspace whose alerts changed gets a STATE_PATCH through
 * the timeline; new alerts are POSTed to ALERT_WEBHOOK_URL, retried with backoff.
 */
@Injectable()
export class AlertsService {
  private readonly logger = new Logger(AlertsService.name);

  constructor(
    private readonly repository: AlertsRepository,
    private readonly events: WorkspaceEvents,
    private readonly metrics: MetricsService,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  firing(workspaceId: string): Promise<Alert[]> {
    return this.repository.firing(workspaceId);
  }

  /** One evaluation: false when another scheduler holds the lock. */
  async evaluate(): Promise<boolean> {
    const deliver = Boolean(this.config.monitoring.alertWebhookUrl);
    return this.dataSource.transaction(async (tx) => {
      if (!(await this.repository.tryLock(tx))) return false;
      const candidates = await this.repository.candidates(tx, this.config.monitoring.thresholds);
      const current = await this.repository.firingAll(tx);
      const wanted = new Map(candidates.map((c) => [key(c), c]));
      const existing = new Map(current.map((a) => [key(a), a]));
      const fresh: AlertCandidate[] = candidates.filter((c) => !existing.has(key(c)));
      const gone = current.filter((a) => !wanted.has(key(a)));
      const changed = new Set<string>([...fresh.map((c) => c.workspaceId), ...gone.map((a) => a.workspaceId)]);
      for (const a of current) {
        const c = wanted.get(key(a));
        if (c && (c.value !== a.value || c.message !== a.message || c.severity !== a.severity)) {
          await this.repository.refresh(tx, a.id, c);
          changed.add(a.workspaceId);
        }
      }
      await this.repository.fire(tx, fresh, deliver);
      await this.repository.resolve(
        tx,
        gone.map((a) => a.id),
      );
      for (const workspaceId of changed) {
        const alerts = (await this.repository.firing(workspaceId, tx)).map(alertView);
        await this.events.announce(tx, workspaceId, { type: 'alerts_changed', data: { alerts } });
      }
      for (const c of fresh) this.logger.warn(`ALERT ${c.rule}${c.subject ? ` (${c.subject})` : ''}: ${c.message}`);
      return true;
    });
  }

  /** Delivers what is due to the webhook; failures back off 1 s, 2 s, 4 s… up to the retry budget. */
  async deliver(): Promise<void> {
    const url = this.config.monitoring.alertWebhookUrl;
    if (!url) return;
    const maxAttempts = this.config.monitoring.alertWebhookRetries + 1;
    for (const alert of await this.repository.claimDeliveries(maxAttempts)) {
      try {
        // Through the SSRF guard: the webhook is configuration, but it must not reach inside the
        // network. ALLOW_INTERNAL_URLS (local development) allows exactly the webhook's own origin.
        const response = await guardedFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-mwr-alert-id': alert.id, 'user-agent': 'marketing-war-room-alerts' },
          body: JSON.stringify({ alert: { ...alertView(alert), workspaceId: alert.workspaceId }, text: `[${alert.severity}] ${alert.message}` }),
          timeoutMs: WEBHOOK_TIMEOUT_MS,
          allowedOrigins: this.config.allowInternalUrls ? [new URL(url).origin] : [],
        });
        response.discard();
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        await this.repository.delivered(alert.id);
        this.metrics.alertsDelivered.inc({ result: 'delivered' });
      } catch (error) {
        const attempt = alert.deliveryAttempts + 1;
        const last = attempt >= maxAttempts;
        await this.repository.deliveryFailed(alert.id, (error as Error).message, 1000 * 2 ** (attempt - 1));
        this.metrics.alertsDelivered.inc({ result: last ? 'gave_up' : 'retrying' });
        this.logger.warn(
          `alert ${alert.id} webhook delivery failed (attempt ${attempt}/${maxAttempts}${last ? ', giving up' : ''}): ${(error as Error).message}`,
        );
      }
    }
  }
}
