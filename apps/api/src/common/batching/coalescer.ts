type Waiter<V> = { resolve: (value: V | undefined) => void; reject: (error: unknown) => void };

/**
 * Turns lookups by key that arrive while one is in flight into the next one: a round trip for
 * what arrives together instead of one per key (a worker starts the jobs of a claimed batch at
 * once, BullMQ hands messages one by one). The first key goes out at once, so a lone caller waits
 * no longer than a plain query. `duplicates`: 'share' hands every caller of a key the same value
 * (a read); 'once' hands it to the first and undefined to the others (a claim: one job, one holder).
 */
export class Coalescer<V> {
  private readonly waiting = new Map<string, Waiter<V>[]>();
  private inFlight = false;

  constructor(
    private readonly lookup: (keys: string[]) => Promise<Map<string, V>>,
    private readonly duplicates: 'share' | 'once',
    private readonly maxBatch = 500,
  ) {}

  get(key: string): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const waiters = this.waiting.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else this.waiting.set(key, [{ resolve, reject }]);
      this.flush();
    });
  }

  private flush(): void {
    if (this.inFlight || this.waiting.size === 0) return;
    this.inFlight = true;
    const batch = new Map<string, Waiter<V>[]>();
    for (const [key, waiters] of this.waiting) {
      if (batch.size === this.maxBatch) break;
      batch.set(key, waiters);
      this.waiting.delete(key);
    }
    this.lookup([...batch.keys()])
      .then(
        (values) => {
          for (const [key, [first, ...others]] of batch) {
            first!.resolve(values.get(key));
            for (const other of others) other.resolve(this.duplicates === 'share' ? values.get(key) : undefined);
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
