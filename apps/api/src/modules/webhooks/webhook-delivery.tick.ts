import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

import { PeriodicTask } from '../../common/scheduling/periodic-task.js';
import { WebhooksService } from './webhooks.service.js';

const EVERY_MS = 1000;
const PURGE_EVERY_MS = 3_600_000;

/**
 * Scheduler role: sends the due webhook deliveries every second, never overlapping itself; several
 * schedulers share the work (SKIP LOCKED claims with a lease). Once an hour, drops events past the
 * retention (30 days) whose deliveries have ended.
 */
@Injectable()
export class WebhookDeliveryTick extends PeriodicTask {
  constructor(
    private readonly webhooks: WebhooksService,
    registry: SchedulerRegistry,
  ) {
    super(registry, { name: 'deliver-webhooks', everyMs: EVERY_MS, what: 'webhook delivery' });
  }

  private lastPurge = 0;

  protected async run(): Promise<void> {
    // Drain what is due (a batch at a time) before the next tick.
    while ((await this.webhooks.deliverDue()) > 0);
    if (Date.now() - this.lastPurge >= PURGE_EVERY_MS) {
      this.lastPurge = Date.now();
      await this.webhooks.purge();
    }
  }
}
