import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';

import type { DispatchRequest } from '../queue/publication-ledger.js';
import { QueueService } from '../queue/queue.service.js';

/** Wake-ups are at least this far apart: the jobs that come due in between go together. */
export const WAKE_SPACING_MS = 25;

/**
 * Drivers whose dispatch is "look now" (Postgres: a NOTIFY) rather than "deliver at runAt"
 * (BullMQ: a delayed message). The scheduler inserts jobs ahead of time (the lookahead), so their
 * dispatch woke the workers before anything was due, and the jobs then waited for the workers'
 * fallback poll (500 ms): this dispatches them again when they come due.
 */
const DISPATCH_WAKES_NOW: ReadonlySet<string> = new Set(['postgres']);

/**
 * The scheduler's due-time wake-ups (issue #32 item 3): jobs created ahead of their run_at are
 * dispatched again at that instant, a few together (WAKE_SPACING_MS), so an idle worker claims
 * them on time instead of at its next poll. A lost wake-up costs only the poll's delay.
 */
@Injectable()
export class DueWakeups implements OnApplicationShutdown {
  private readonly logger = new Logger(DueWakeups.name);
  /** Pending wake-ups, earliest first. */
  private pending: DispatchRequest[] = [];
  private timer?: NodeJS.Timeout;
  private timerAt = Infinity;
  private lastWake = 0;
  private stopped = false;

  constructor(private readonly queue: QueueService) {}

  /** Remembers the jobs that are not due yet, to dispatch each again when it comes due. */
  add(jobs: readonly DispatchRequest[]): void {
    if (this.stopped || !DISPATCH_WAKES_NOW.has(this.queue.driver.name)) return;
    const now = Date.now();
    const later = jobs.filter((j) => new Date(j.runAt).getTime() > now);
    if (later.length === 0) return;
    this.pending = [...this.pending, ...later].sort((a, b) => new Date(a.runAt).getTime() - new Date(b.runAt).getTime());
    this.arm();
  }

  private arm(): void {
    const first = this.pending[0];
    if (!first) return;
    const at = Math.max(new Date(first.runAt).getTime(), this.lastWake + WAKE_SPACING_MS);
    if (this.timer && at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.wake(), Math.max(0, at - Date.now()));
    this.timer.unref();
  }

  private wake(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = Date.now();
    this.lastWake = now;
    const due = this.pending.findIndex((j) => new Date(j.runAt).getTime() > now);
    const jobs = due === -1 ? this.pending : this.pending.slice(0, due);
    this.pending = due === -1 ? [] : this.pending.slice(due);
    if (jobs.length > 0) this.queue.dispatch(jobs).catch((error: Error) => this.logger.warn(`due wake-up failed: ${error.message}`));
    this.arm();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.pending = [];
  }
}
