import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { SchedulerRegistry } from '@nestjs/schedule';

import { PeriodicTask } from './periodic-task.js';

class Probe extends PeriodicTask {
  calls = 0;
  release: (() => void) | undefined;
  fail = false;

  constructor(registry: SchedulerRegistry, everyMs = 60_000) {
    super(registry, { name: 'probe', everyMs, what: 'probe pass' });
  }

  protected run(): Promise<void> {
    this.calls++;
    if (this.fail) return Promise.reject(new Error('boom'));
    return new Promise((resolve) => (this.release = resolve));
  }
}

const SRC = join(__dirname, '..', '..');
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !/\.(int-)?spec\.ts$/.test(e.name) ? [join(dir, e.name)] : [],
  );

describe('PeriodicTask', () => {
  it('registers its interval at bootstrap and removes it at shutdown', () => {
    const registry = new SchedulerRegistry();
    const task = new Probe(registry);
    task.onApplicationBootstrap();
    expect(registry.getIntervals()).toEqual(['probe']);
    task.onApplicationShutdown();
    expect(registry.getIntervals()).toEqual([]);
    task.onApplicationShutdown();
  });

  it('never overlaps itself: a tick while a pass runs does nothing', async () => {
    const task = new Probe(new SchedulerRegistry());
    const first = task.tick();
    await task.tick();
    expect(task.calls).toBe(1);
    task.release?.();
    await first;
    const second = task.tick();
    expect(task.calls).toBe(2);
    task.release?.();
    await second;
  });

  it('logs a failed pass and runs the next one as usual', async () => {
    const task = new Probe(new SchedulerRegistry());
    task.fail = true;
    await expect(task.tick()).resolves.toBeUndefined();
    task.fail = false;
    const next = task.tick();
    expect(task.calls).toBe(2);
    task.release?.();
    await next;
  });

  it('is the only style of periodic work in the API (no @Interval, no raw setInterval outside the allowed timers)', () => {
    // Per-request/per-connection or per-job timers, not periodic work of the process.
    const allowed = new Set([
      'common/scheduling/periodic-task.ts',
      'modules/war-room/live-events.gateway.ts', // SSE heartbeat and access re-check of open connections
      'modules/publishing/job-runner.ts', // lease heartbeat of the job being run
      'modules/queue/bullmq.driver.ts', // the driver's reconciler, started by SchedulerTick
    ]);
    const offenders = sources(SRC)
      .map((f) => ({ f: relative(SRC, f).split('\\').join('/'), text: readFileSync(f, 'utf8') }))
      .filter(({ f, text }) => /@Interval\(|@Cron\(|@Timeout\(/.test(text) || (/\bsetInterval\(/.test(text) && !allowed.has(f)))
      .map(({ f }) => f);
    expect(offenders).toEqual([]);
  });
});
