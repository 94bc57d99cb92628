import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { TrendProposer } from './trend-proposer.service.js';

const INTERVAL = 'trend-proposals';
const EVERY_HOUR = 3_600_000;

/** Scheduler role: refreshes the internal-analytics proposals every hour, never overlapping. */
@Injectable()
export class TrendProposerTick implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TrendProposerTick.name);
  private running = false;

  constructor(
    private readonly proposer: TrendProposer,
    private readonly registry: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.registry.addInterval(INTERVAL, setInterval(() => void this.tick(), EVERY_HOUR));
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.proposer.runOnce();
    } catch (error) {
      this.logger.error(`trend proposals failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  onApplicationShutdown(): void {
    if (this.registry.doesExist('interval', INTERVAL)) this.registry.deleteInterval(INTERVAL);
  }
}
