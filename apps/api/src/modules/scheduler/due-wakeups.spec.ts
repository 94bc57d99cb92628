import type { DispatchRequest } from '../queue/publication-ledger.js';
import type { QueueService } from '../queue/queue.service.js';
import { DueWakeups, WAKE_SPACING_MS } from './due-wakeups.js';

/** A stand-in for the queue's door that records what is dispatched and when (no database: timing only). */
function queueOf(driver: 'postgres' | 'bullmq'): { queue: QueueService; dispatched: { at: number; ids: string[] }[] } {
  const dispatched: { at: number; ids: string[] }[] = [];
  const queue = {
    driver: { name: driver },
    dispatch: async (jobs: DispatchRequest[]) => {
      dispatched.push({ at: Date.now(), ids: jobs.map((j) => j.id) });
    },
  } as unknown as QueueService;
  return { queue, dispatched };
}

const job = (id: string, inMs: number): DispatchRequest => ({ id, runAt: new Date(Date.now() + inMs), dispatchSeq: 0 });

describe('due-time wake-ups (issue #32 item 3: jobs created ahead start at their run_at, not at the next poll)', () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.parse('2026-12-07T12:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('dispatches each job again when it comes due, those due within the spacing together', () => {
    const { queue, dispatched } = queueOf('postgres');
    const wakeups = new DueWakeups(queue);
    const t0 = Date.now();
    wakeups.add([job('b', 110), job('a', 100), job('c', 300), job('now', 0)]);

    jest.advanceTimersByTime(99);
    expect(dispatched).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(dispatched).toEqual([{ at: t0 + 100, ids: ['a'] }]);
    // b came due 10 ms later: it waits for the spacing, then goes with whatever else is due.
    jest.advanceTimersByTime(WAKE_SPACING_MS);
    expect(dispatched[1]).toEqual({ at: t0 + 100 + WAKE_SPACING_MS, ids: ['b'] });
    jest.advanceTimersByTime(300);
    expect(dispatched).toHaveLength(3);
    expect(dispatched[2]).toEqual({ at: t0 + 300, ids: ['c'] });
    // The job that was already due went out with the scheduler's own dispatch: no second one.
    expect(dispatched.flatMap((d) => d.ids)).not.toContain('now');
  });

  it('an earlier job added later moves the wake-up forward', () => {
    const { queue, dispatched } = queueOf('postgres');
    const wakeups = new DueWakeups(queue);
    const t0 = Date.now();
    wakeups.add([job('late', 1_000)]);
    wakeups.add([job('early', 200)]);
    jest.advanceTimersByTime(1_000);
    expect(dispatched).toEqual([
      { at: t0 + 200, ids: ['early'] },
      { at: t0 + 1_000, ids: ['late'] },
    ]);
  });

  it('does nothing for a driver whose dispatch already delivers at runAt (BullMQ), nor after shutdown', () => {
    const bull = queueOf('bullmq');
    new DueWakeups(bull.queue).add([job('a', 100)]);
    const pg = queueOf('postgres');
    const stopped = new DueWakeups(pg.queue);
    stopped.add([job('b', 100)]);
    stopped.onApplicationShutdown();
    jest.advanceTimersByTime(1_000);
    expect(bull.dispatched).toEqual([]);
    expect(pg.dispatched).toEqual([]);
  });
});
