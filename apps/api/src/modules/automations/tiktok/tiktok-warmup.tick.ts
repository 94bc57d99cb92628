import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { TiktokWarmupEngine } from './tiktok-warmup.engine.js';

const INTERVAL = 'tiktok-warmup';
const EVERY_FIFTEEN_MINUTES = 15 * 60_000;

/** Scheduler role: runs the warm-up check every 15 minutes, never overlapping. */
@Injectable()
export class TiktokWarmupTick implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TiktokWarmupTick.name);
  private running = false;

  constructor(
    private readonly engine: TiktokWarmupEngine,
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
      this.logger.error(`warm-up check failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  onApplicationShutdown(): void {
    if (this.registry.doesExist('interval', INTERVAL)) this.registry.deleteInterval(INTERVAL);
  }
}
