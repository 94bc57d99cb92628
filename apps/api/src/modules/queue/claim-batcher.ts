import type { ClaimedJob } from './jobs.repository.js';

type Waiter = { resolve: (job: ClaimedJob | undefined) => void; reject: (error: unknown) => void };

/**
 * Turns "claim job X" requests that arrive while a claim is in flight into the next claim: one
 * statement per round trip instead of one per job (BullMQ hands a worker its messages one by one).
 * The first request runs at once, so an idle worker adds no delay. Two requests for the same id
 * (a job dispatched twice) get it once; the other gets undefined, like a claim that found it taken.
 */
export class ClaimBatcher {
  private readonly waiting = new Map<string, Waiter[]>();
  private inFlight = false;

  constructor(
    private readonly claimIds: (ids: string[]) => Promise<ClaimedJob[]>,
    private readonly maxBatch = 500,
  ) {}

  claim(id: string): Promise<ClaimedJob | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.waiting.get(id);
      if (waiters) waiters.push({ resolve, reject });
      else this.waiting.set(id, [{ resolve, reject }]);
      this.flush();
    });
  }

  private flush(): void {
    if (this.inFlight || this.waiting.size === 0) return;
    this.inFlight = true;
    const batch = new Map<string, Waiter[]>();
    for (const [id, waiters] of this.waiting) {
      if (batch.size === this.maxBatch) break;
      batch.set(id, waiters);
      this.waiting.delete(id);
    }
    this.claimIds([...batch.keys()])
      .then(
        (jobs) => {
          const byId = new Map(jobs.map((job) => [job.id, job]));
          for (const [id, [first, ...others]] of batch) {
            first!.resolve(byId.get(id));
            for (const other of others) other.resolve(undefined);
          }
        },
        (error: unknown) => {
          for (const waiters of batch.values()) for (const waiter of waiters) waiter.reject(error);
        },
      )
      .finally(() => {
        this.inFlight = false;
        this.flush();
      });
  }
}
