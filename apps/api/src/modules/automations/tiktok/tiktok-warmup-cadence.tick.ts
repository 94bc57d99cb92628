import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { TiktokWarmupCadenceEngine } from './tiktok-warmup-cadence.engine.js';

const INTERVAL = 'tiktok-warmup-cadence';
const EVERY_FIFTEEN_MINUTES = 15 * 60_000;

/** Scheduler role: runs the cadence check every 15 minutes, never overlapping. */
@Injectable()
export class TiktokWarmupCadenceTick implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TiktokWarmupCadenceTick.name);
  private running = false;

  constructor(
    private readonly engine: TiktokWarmupCadenceEngine,
    private readonly registry: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.registry.addInterval(INTERVAL, setInterval(() => void this.tick(), EVERY_FIFTEEN_MINUTES));
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.engine.runOnce();
    } catch (error) {
      this.logger.error(`cadence check failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  onApplicationShutdown(): void {
    if (this.registry.doesExist('interval', INTERVAL)) this.registry.deleteInterval(INTERVAL);
  }
}
