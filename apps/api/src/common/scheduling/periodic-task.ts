import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { SchedulerRegistry } from '@nestjs/schedule';

/**
 * A pass run every `everyMs` in this process (scheduler role), never overlapping itself; a failed
 * pass is logged and the next one runs as usual. Other processes may run theirs at the same time:
 * the work itself must be safe for that.
 */
export abstract class PeriodicTask implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(this.constructor.name);
  private running = false;

  protected constructor(
    private readonly registry: SchedulerRegistry,
    private readonly interval: { name: string; everyMs: number; what: string },
  ) {}

  protected abstract run(): Promise<unknown>;

  onApplicationBootstrap(): void {
    this.registry.addInterval(this.interval.name, setInterval(() => void this.tick(), this.interval.everyMs));
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.run();
    } catch (error) {
      this.logger.error(`${this.interval.what} failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }

  onApplicationShutdown(): void {
    if (this.registry.doesExist('interval', this.interval.name)) this.registry.deleteInterval(this.interval.name);
  }
}
