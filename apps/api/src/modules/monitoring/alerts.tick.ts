import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

import { PeriodicTask } from '../../common/scheduling/periodic-task.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { AlertsService } from './alerts.service.js';

/** Scheduler role: evaluates the alert rules and delivers the webhook every ALERT_EVAL_INTERVAL_MS, never overlapping. */
@Injectable()
export class AlertsTick extends PeriodicTask {
  constructor(
    private readonly alerts: AlertsService,
    registry: SchedulerRegistry,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(registry, { name: 'evaluate-alerts', everyMs: config.monitoring.alertEvalIntervalMs, what: 'alert evaluation' });
  }

  protected async run(): Promise<void> {
    await this.alerts.evaluate();
    await this.alerts.deliver();
  }
}
