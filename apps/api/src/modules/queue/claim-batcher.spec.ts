import { ClaimBatcher } from './claim-batcher.js';
import type { ClaimedJob } from './jobs.repository.js';

const job = (id: string): ClaimedJob => ({
  id,
  workspaceId: 'w',
  publicationId: `p-${id}`,
  accountId: 'a',
  platform: 'tiktok',
  attempts: 0,
  maxAttempts: 8,
  checkpoint: null,
  fencingToken: '1',
  runAt: new Date(0),
});

/** A claim statement's stand-in: records each call's ids, answers the claimable ones, refuses what `fails` says. */
function claimer(fails: (ids: string[]) => boolean = () => false) {
  const calls: string[][] = [];
  const claimed = new Set<string>();
  const claimIds = async (ids: string[]): Promise<ClaimedJob[]> => {
    calls.push(ids);
    await new Promise((resolve) => setImmediate(resolve));
    if (fails(ids)) throw new Error(`claim of ${ids.join(',')} failed`);
    return ids.filter((id) => !claimed.has(id) && claimed.add(id)).map(job);
  };
  return { calls, claimIds };
}

describe('ClaimBatcher', () => {
  it('claims the first message at once and those arriving meanwhile in one statement', async () => {
    const { calls, claimIds } = claimer();
    const batcher = new ClaimBatcher(claimIds);
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((id) => batcher.claim(id)));
    expect(calls).toEqual([['a'], ['b', 'c', 'd']]);
    expect(results.map((r) => r?.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('gives a job delivered twice to one asker only', async () => {
    const { claimIds } = claimer();
    const batcher = new ClaimBatcher(claimIds);
    const results = await Promise.all(['a', 'b', 'b'].map((id) => batcher.claim(id)));
    expect(results[0]?.id).toBe('a');
    expect(results.slice(1).map((r) => r?.id ?? null)).toEqual(['b', null]);
  });

  it('retries a batch that failed as a whole one id at a time: only the claim that fails alone fails', async () => {
    // Any statement containing 'bad' fails (as one unclaimable row would fail its batch).
    const { calls, claimIds } = claimer((ids) => ids.includes('bad'));
    const batcher = new ClaimBatcher(claimIds);
    const settled = await Promise.allSettled(['a', 'b', 'bad', 'c'].map((id) => batcher.claim(id)));
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value?.id : 'rejected'))).toEqual(['a', 'b', 'rejected', 'c']);
    expect(calls).toEqual([['a'], ['b', 'bad', 'c'], ['b'], ['bad'], ['c']]);
  });
});
