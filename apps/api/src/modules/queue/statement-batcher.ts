/** One call waiting for the next batch: its input, and whom to answer. */
interface Pending<I, R> {
  item: I;
  resolve: (result: R | undefined) => void;
  reject: (error: unknown) => void;
}

/**
 * Turns the calls that arrive while `parallel` statements are in flight into the next statement:
 * one round trip (one commit) for what arrives together — the releases of jobs finishing together
 * (like graphile-worker's batched completion), the claims of the messages BullMQ delivers
 * together. The first call goes out at once, so a lone job waits no longer than a plain statement.
 * A batch that fails as a whole (a deadlock with a reclaiming worker, a lost connection, one bad
 * row) is written again one call at a time, so each caller gets its own answer or its own error,
 * as if it had never been batched.
 */
export class StatementBatcher<I, R> {
  private pending: Pending<I, R>[] = [];
  private inFlight = 0;

  constructor(
    /** The batch's results, one per input in order (undefined where the call did not apply). */
    private readonly writeBatch: (items: I[]) => Promise<(R | undefined)[]>,
    private readonly writeOne: (item: I) => Promise<R | undefined>,
    /** Two calls for one job never share a batch: the second waits for the next (and finds the job moved on). */
    private readonly key: (item: I) => string,
    private readonly parallel = 1,
    private readonly maxBatch = 500,
  ) {}

  run(item: I): Promise<R | undefined> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.flush();
    });
  }

  private flush(): void {
    if (this.inFlight >= this.parallel || this.pending.length === 0) return;
    this.inFlight++;
    const batch: Pending<I, R>[] = [];
    const keys = new Set<string>();
    const later: Pending<I, R>[] = [];
    for (const pending of this.pending) {
      const key = this.key(pending.item);
      if (batch.length === this.maxBatch || keys.has(key)) later.push(pending);
      else {
        keys.add(key);
        batch.push(pending);
      }
    }
    this.pending = later;
    void this.write(batch).finally(() => {
      this.inFlight--;
      this.flush();
    });
  }

  private async write(batch: Pending<I, R>[]): Promise<void> {
    if (batch.length > 1) {
      try {
        const results = await this.writeBatch(batch.map((p) => p.item));
        batch.forEach((p, i) => p.resolve(results[i]));
        return;
      } catch {
        // Nothing of the batch committed (one statement): each call is written on its own below.
      }
    }
    await Promise.all(batch.map((p) => this.writeOne(p.item).then(p.resolve, p.reject)));
  }
}
