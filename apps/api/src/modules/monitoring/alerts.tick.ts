import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { AlertsService } from './alerts.service.js';

const INTERVAL = 'evaluate-alerts';

/** Scheduler role: evaluates the alert rules and delivers the webhook every ALERT_EVAL_INTERVAL_MS, never overlapping. */
@Injectable()
export class AlertsTick implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlertsTick.name);
  private running = false;

  constructor(
    private readonly alerts: AlertsService,
    private readonly registry: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.registry.addInterval(INTERVAL, setInterval(() => void this.tick(), this.config.monitoring.alertEvalIntervalMs));
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.alerts.evaluate();
      await this.alerts.deliver();
    } catch (error) {
      this.logger.error(`alert evaluation failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  onApplicationShutdown(): void {
    if (this.registry.doesExist('interval', INTERVAL)) this.registry.deleteInterval(INTERVAL);
  }
}
