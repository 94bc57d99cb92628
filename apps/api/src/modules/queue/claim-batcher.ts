import { Coalescer } from '../../common/batching/coalescer.js';
import type { ClaimedJob } from './jobs.repository.js';

/**
 * Claims the messages BullMQ delivers together in one statement (Coalescer): the first goes out at
 * once, those that arrive while it is in flight go in the next. A job asked for twice (dispatched
 * twice) goes to the first asker; the other gets undefined, like a claim that found it taken.
 */
export class ClaimBatcher {
  private readonly coalescer: Coalescer<ClaimedJob>;

  constructor(claimIds: (ids: string[]) => Promise<ClaimedJob[]>) {
    this.coalescer = new Coalescer(async (ids) => new Map((await claimIds(ids)).map((job) => [job.id, job])), 'once');
  }

  claim(id: string): Promise<ClaimedJob | undefined> {
    return this.coalescer.get(id);
  }
}
