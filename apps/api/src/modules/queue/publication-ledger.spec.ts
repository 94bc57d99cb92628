import type { LedgerRepository } from './ledger.repository.js';
import { PublicationLedger } from './publication-ledger.js';
import { IllegalStatusTransition, takeIllegalTransitions } from './queue.errors.js';

/** A repository that records every call: a refused move must be refused before any write. */
function recordingRepository(): { repository: LedgerRepository; calls: string[] } {
  const calls: string[] = [];
  const repository = new Proxy({} as LedgerRepository, {
    get: (_target, name) => async () => {
      calls.push(String(name));
      return { id: 'job-1', runAt: new Date(), dispatchSeq: 1 };
    },
  });
  return { repository, calls };
}

const job = { id: 'job-1', workspaceId: 'ws-1', publicationId: 'pub-1', fencingToken: '7' };
const tx = {} as never;

describe('PublicationLedger refuses a move the domain machines do not allow', () => {
  it('ends a lease, moves its lane and appends its timeline row in one repository call (one statement), and refuses a lane move the worker may not make before writing anything', async () => {
    const { repository, calls } = recordingRepository();
    const ledger = new PublicationLedger(repository);
    await expect(ledger.release(tx, job, { status: 'queued' }, { type: 'poll_later', toStatus: 'queued' })).resolves.toBeDefined();
    expect(calls).toEqual(['release']);
    calls.length = 0;

    // A worker never makes its lane "cancelled" or "pending" again on its own.
    const refused = ledger.release(tx, job, { status: 'failed' }, { type: 'failed' }, { from: 'processing', to: 'pending' });
    await expect(refused).rejects.toThrow(IllegalStatusTransition);
    await expect(refused).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION', from: 'processing', to: 'pending', by: 'system' });
    expect(calls).toEqual([]);
    expect(takeIllegalTransitions()).toHaveLength(1);
  });

  it('refuses a lane move by the worker that only a person may make, naming from and to', async () => {
    const { repository, calls } = recordingRepository();
    const ledger = new PublicationLedger(repository);
    await expect(ledger.transition(tx, job, { from: 'posted', to: 'failed' }, { type: 'publication_status' })).rejects.toThrow(
      'platform_publication: cannot move from "posted" to "failed" (by system)',
    );
    await expect(ledger.transition(tx, job, { from: 'failed', to: 'pending' }, { type: 'publication_status' })).rejects.toThrow(IllegalStatusTransition);
    expect(calls).toEqual([]);
    expect(takeIllegalTransitions()).toHaveLength(2);
  });

  it('refuses a person action from a state the machine forbids: a cancelled publication is never retried', async () => {
    const { repository, calls } = recordingRepository();
    const ledger = new PublicationLedger(repository);
    const retryCancelled = ledger.operate(
      tx,
      'pub-1',
      { job: 'queued', jobFrom: ['cancelled'], publication: 'pending' },
      { workspaceId: 'ws-1', type: 'retry_requested' },
    );
    await expect(retryCancelled).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION', machine: 'publish_job', from: 'cancelled', to: 'queued', by: 'person' });
    expect(calls).toEqual([]);
    expect(takeIllegalTransitions()).toHaveLength(1);
  });

  it('fails the test that leaves a refusal behind (the jest setup checks after each test)', async () => {
    const ledger = new PublicationLedger(recordingRepository().repository);
    await expect(ledger.transition(tx, job, { from: 'posted', to: 'pending' }, { type: 'publication_status' })).rejects.toThrow(IllegalStatusTransition);
    const left = takeIllegalTransitions();
    expect(left).toHaveLength(1);
    expect(left[0]!.message).toBe('platform_publication: cannot move from "posted" to "pending" (by system)');
  });
});
