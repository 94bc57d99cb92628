import { StateCache } from './state-cache.js';

/** A computation the test finishes by hand, counting how often it was started. */
function computations() {
  const pending: { resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
  let started = 0;
  const compute = () =>
    new Promise<string>((resolve, reject) => {
      started++;
      pending.push({ resolve, reject });
    });
  return {
    compute,
    started: () => started,
    finish: (value: string) => pending.shift()!.resolve(value),
    fail: () => pending.shift()!.reject(new Error('database down')),
  };
}

describe('StateCache: one computation for concurrent callers, served stale only while nothing dropped it', () => {
  let clock: number;
  let cache: StateCache<string>;
  beforeEach(() => {
    clock = 0;
    cache = new StateCache<string>({ ttlMs: 1000, staleMs: 10_000, now: () => clock });
  });

  it('shares one computation between callers within the TTL', async () => {
    const c = computations();
    const first = cache.get('ws', c.compute);
    const second = cache.get('ws', c.compute);
    c.finish('v1');
    expect([await first, await second]).toEqual(['v1', 'v1']);
    clock = 999;
    expect(await cache.get('ws', c.compute)).toBe('v1');
    expect(c.started()).toBe(1);
  });

  it('past the TTL serves the computed copy at once and computes the next one once, which then replaces it', async () => {
    const c = computations();
    const first = cache.get('ws', c.compute);
    c.finish('v1');
    await first;
    clock = 1500;
    expect(await cache.get('ws', c.compute)).toBe('v1');
    expect(await cache.get('ws', c.compute)).toBe('v1');
    expect(c.started()).toBe(2);
    c.finish('v2');
    await new Promise((r) => setImmediate(r));
    expect(await cache.get('ws', c.compute)).toBe('v2');
    expect(c.started()).toBe(2);
  });

  it('never serves a dropped copy: the next caller waits for a fresh one, and a refresh started before the drop is not installed', async () => {
    const c = computations();
    const first = cache.get('ws', c.compute);
    c.finish('v1');
    await first;
    clock = 1500;
    expect(await cache.get('ws', c.compute)).toBe('v1'); // starts a refresh (computation 2)
    cache.drop('ws'); // an event of the workspace
    const afterDrop = cache.get('ws', c.compute); // computation 3
    c.finish('v2-before-the-event');
    c.finish('v3');
    expect(await afterDrop).toBe('v3');
    await new Promise((r) => setImmediate(r));
    expect(await cache.get('ws', c.compute)).toBe('v3');
    expect(c.started()).toBe(3);
  });

  it('makes callers wait for a fresh copy once the computed one is older than staleMs', async () => {
    const c = computations();
    const first = cache.get('ws', c.compute);
    c.finish('v1');
    await first;
    clock = 10_000;
    const late = cache.get('ws', c.compute);
    c.finish('v2');
    expect(await late).toBe('v2');
  });

  it('forgets a failed computation (the next caller tries again) and retries a failed refresh', async () => {
    const c = computations();
    const failed = cache.get('ws', c.compute);
    c.fail();
    await expect(failed).rejects.toThrow('database down');
    const retried = cache.get('ws', c.compute);
    c.finish('v1');
    expect(await retried).toBe('v1');
    clock = 1500;
    expect(await cache.get('ws', c.compute)).toBe('v1');
    c.fail();
    await new Promise((r) => setImmediate(r));
    expect(await cache.get('ws', c.compute)).toBe('v1');
    expect(c.started()).toBe(4);
  });

  it('keeps workspaces apart, and clear drops them all', async () => {
    const c = computations();
    const a = cache.get('a', c.compute);
    const b = cache.get('b', c.compute);
    c.finish('A');
    c.finish('B');
    expect([await a, await b]).toEqual(['A', 'B']);
    cache.clear();
    const again = cache.get('a', c.compute);
    c.finish('A2');
    expect(await again).toBe('A2');
  });
});
