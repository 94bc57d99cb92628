import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AutoReposterEngine } from './auto-reposter.engine.js';

const INTERVAL = 'auto-reposter';
const EVERY_FIVE_MINUTES = 5 * 60_000;

/**
 * Scheduler role: looks for firing re-post rules every 5 minutes, never overlapping itself. Other
 * scheduler processes may tick at the same time: the claims keep each pair to one item.
 */
@Injectable()
export class AutoReposterTick implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AutoReposterTick.name);
  private running = false;

  constructor(
    private readonly engine: AutoReposterEngine,
    private readonly registry: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.registry.addInterval(INTERVAL, setInterval(() => void this.tick(), EVERY_FIVE_MINUTES));
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.engine.runOnce();
    } catch (error) {
      this.logger.error(`auto_reposter pass failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  onApplicationShutdown(): void {
    if (this.registry.doesExist('interval', INTERVAL)) this.registry.deleteInterval(INTERVAL);
  }
}
