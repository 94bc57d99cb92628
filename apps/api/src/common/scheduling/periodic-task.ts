import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { SchedulerRegistry } from '@nestjs/schedule';

/**
 * The one shape of periodic work: a pass run every `everyMs` in this process (scheduler role),
 * never overlapping itself; a failed pass is logged and the next one runs as usual; the interval is
 * registered with Nest's SchedulerRegistry at bootstrap and removed at shutdown. Role gating is by
 * module: only the scheduler role's modules provide these tasks. Other processes may run theirs at the same time: the work itself must be
 * safe for that. (Per-connection timers, such as the SSE heartbeats, are not periodic work.)
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
    this.registry.addInterval(
      this.interval.name,
      setInterval(() => void this.tick(), this.interval.everyMs),
    );
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
