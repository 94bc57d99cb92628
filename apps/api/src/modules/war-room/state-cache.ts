/** One computation of a key's value. */
interface Copy<T> {
  startedAt: number;
  value: Promise<T>;
  /** Set once computed. */
  ready?: { value: T };
  /** The next computation is under way (one at a time). */
  refreshing?: boolean;
}

export interface StateCacheOptions {
  /** A copy younger than this is served as is (concurrent callers share one computation). */
  ttlMs: number;
  /**
   * Past the TTL and up to this age, a computed copy nobody dropped is served while one
   * computation of the next runs; older, callers wait for a fresh one.
   */
  staleMs: number;
  now?: () => number;
}

/**
 * Per-key values computed once for all concurrent callers, served for `ttlMs`, then served stale
 * (up to `staleMs`) while the next is computed. `drop` is for "this changed": the next caller
 * waits for a fresh computation, and one already under way is not installed.
 */
export class StateCache<T> {
  private readonly copies = new Map<string, Copy<T>>();
  private readonly now: () => number;

  constructor(private readonly options: StateCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  get(key: string, compute: () => Promise<T>): Promise<T> {
    const cached = this.copies.get(key);
    const age = cached ? this.now() - cached.startedAt : Infinity;
    if (cached && age < this.options.ttlMs) return cached.value;
    if (cached?.ready && age < this.options.staleMs) {
      this.refresh(key, cached, compute);
      return Promise.resolve(cached.ready.value);
    }
    const copy = this.start(compute);
    this.copies.set(key, copy);
    copy.value.catch(() => this.copies.get(key) === copy && this.copies.delete(key));
    return copy.value;
  }

  drop(key: string): void {
    this.copies.delete(key);
  }

  clear(): void {
    this.copies.clear();
  }

  /** The next copy replaces `current` once computed, unless `current` was dropped meanwhile. */
  private refresh(key: string, current: Copy<T>, compute: () => Promise<T>): void {
    if (current.refreshing) return;
    current.refreshing = true;
    const next = this.start(compute);
    next.value.then(
      () => this.copies.get(key) === current && this.copies.set(key, next),
      () => (current.refreshing = false),
    );
  }

  private start(compute: () => Promise<T>): Copy<T> {
    const startedAt = this.now();
    const value: Promise<T> = compute().then((computed) => {
      copy.ready = { value: computed };
      return computed;
    });
    const copy: Copy<T> = { startedAt, value };
    return copy;
  }
}
