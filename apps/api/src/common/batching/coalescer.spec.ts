import { Coalescer } from './coalescer.js';

/** A lookup that records each batch and answers when told to. */
function gatedLookup() {
  const batches: string[][] = [];
  const pending: (() => void)[] = [];
  const lookup = (keys: string[]) =>
    new Promise<Map<string, string>>((resolve) => {
      batches.push(keys);
      pending.push(() => resolve(new Map(keys.filter((k) => k !== 'missing').map((k) => [k, `value of ${k}`]))));
    });
  const answerNext = async () => {
    pending.shift()!();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { lookup, batches, answerNext };
}

describe('Coalescer', () => {
  it('sends the first key at once and everything asked meanwhile in the next batch', async () => {
    const { lookup, batches, answerNext } = gatedLookup();
    const coalescer = new Coalescer(lookup, 'share');
    const first = coalescer.get('a');
    const rest = ['b', 'c', 'missing'].map((k) => coalescer.get(k));
    expect(batches).toEqual([['a']]);
    await answerNext();
    expect(await first).toBe('value of a');
    expect(batches).toEqual([['a'], ['b', 'c', 'missing']]);
    await answerNext();
    expect(await Promise.all(rest)).toEqual(['value of b', 'value of c', undefined]);
  });

  it('hands a key asked twice to both callers when shared, to the first only when once', async () => {
    for (const [mode, second] of [
      ['share', 'value of k'],
      ['once', undefined],
    ] as const) {
      const { lookup, batches, answerNext } = gatedLookup();
      const coalescer = new Coalescer(lookup, mode);
      const busy = coalescer.get('a');
      // Both arrive while 'a' is in flight: one batch, one lookup of k.
      const calls = [coalescer.get('k'), coalescer.get('k')];
      await answerNext();
      await busy;
      await answerNext();
      expect(await Promise.all(calls)).toEqual(['value of k', second]);
      expect(batches).toEqual([['a'], ['k']]);
    }
  });

  it('rejects every caller of a failed batch and goes on with the next', async () => {
    let fail = true;
    const coalescer = new Coalescer(async (keys) => {
      if (fail) throw new Error('database down');
      return new Map(keys.map((k) => [k, k.toUpperCase()]));
    }, 'share');
    await expect(coalescer.get('x')).rejects.toThrow('database down');
    fail = false;
    expect(await coalescer.get('y')).toBe('Y');
  });
});
