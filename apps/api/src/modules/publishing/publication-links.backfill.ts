import { Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';

import { findPlatformDescriptor, type LinkLookup } from '@mwr/publishers';

import { PeriodicTask } from '../../common/scheduling/periodic-task.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { PublicationLedger } from '../queue/publication-ledger.js';
import { RateLimiter } from '../rate-limits/rate-limiter.service.js';
import { limiterKey, limitWindowOf } from './platform-limits.js';
import { nextLinkCheckDelayMs, PublicationLinksRepository, type DueLink } from './publication-links.repository.js';
import { PublisherFactory } from './publisher-factory.js';

/** How long a claimed row stays ours before another scheduler may take it (a crashed pass). */
const CLAIM_LEASE_MS = 5 * 60_000;
const BATCH = 50;

/**
 * Link backfill (issue 18): posted publications whose public link is pending are looked up again
 * at growing intervals, for at most 72 h, within each platform's per-token read budget. A link
 * that arrives lands on the publication and in its timeline (a `link_ready` job event, NOTIFYed
 * like every other, so the war room updates live); one that never will says why (`link_unavailable`).
 */
@Injectable()
export class PublicationLinkBackfill {
  private readonly logger = new Logger(PublicationLinkBackfill.name);

  constructor(
    private readonly links: PublicationLinksRepository,
    private readonly limiter: RateLimiter,
    private readonly publishers: PublisherFactory,
    private readonly accounts: AccountsService,
    private readonly ledger: PublicationLedger,
    private readonly dataSource: DataSource,
  ) {}

  /** One pass over the due links; returns how each ended. */
  async runOnce(): Promise<{ ready: number; none: number; pending: number; deferred: number }> {
    const counts = { ready: 0, none: 0, pending: 0, deferred: 0 };
    const due = await this.links.claimDue(BATCH, CLAIM_LEASE_MS);
    for (const row of due) {
      try {
        counts[await this.check(row)] += 1;
      } catch (error) {
        this.logger.warn(`link of publication ${row.publicationId}: ${(error as Error).message}`);
        await this.links.postpone(row.publicationId, nextLinkCheckDelayMs(row.checks + 1), true).catch(() => undefined);
        counts.pending += 1;
      }
    }
    return counts;
  }

  private async check(row: DueLink): Promise<'ready' | 'none' | 'pending' | 'deferred'> {
    const platform = findPlatformDescriptor(row.platform);
    if (Date.now() >= new Date(row.deadlineAt).getTime()) {
      const reason = platform?.links.deadlineReason ?? 'The platform gave no link for this post within 72 h.';
      return (await this.settle(row, { status: 'none', reason })) ? 'none' : 'deferred';
    }
    // The lookup spends the platform's read budget when it has one (TikTok status/fetch: 30/min per
    // token, §1.10, shared with the job runner's polls).
    const budget = platform?.limits.find((l) => l.key === platform.links.lookupLimitKey);
    if (budget) {
      const slot = await this.limiter.acquire(limiterKey(budget, row.accountId), budget.limit, limitWindowOf(budget));
      if (!slot.ok) {
        await this.links.postpone(row.publicationId, slot.retryInMs, false);
        return 'deferred';
      }
    }
    const publisher = this.publishers.create(row.platform, () => this.accounts.getValidAccessToken(row.accountId), { capabilities: row.capabilities ?? {} });
    const lookup = await publisher.lookupLink(row.ref);
    if (lookup.status === 'pending') {
      await this.links.postpone(row.publicationId, Math.max(nextLinkCheckDelayMs(row.checks + 1), lookup.retryAfterMs ?? 0), true);
      return 'pending';
    }
    return (await this.settle(row, lookup)) ? lookup.status : 'deferred';
  }

  private async settle(row: DueLink, lookup: Exclude<LinkLookup, { status: 'pending' }>): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      const changed =
        lookup.status === 'ready'
          ? await this.links.markReady(tx, row.publicationId, lookup.remoteMediaId, lookup.permalink)
          : await this.links.markNone(tx, row.publicationId, lookup.reason);
      if (!changed) return false;
      await this.ledger.record(
        tx,
        { workspaceId: row.workspaceId, id: row.jobId, publicationId: row.publicationId },
        lookup.status === 'ready'
          ? { type: 'link_ready', message: lookup.permalink, data: { permalink: lookup.permalink, remoteMediaId: lookup.remoteMediaId, linkStatus: 'ready' } }
          : { type: 'link_unavailable', message: lookup.reason, data: { linkStatus: 'none', reason: lookup.reason } },
      );
      return true;
    });
  }
}

/** Runs the link backfill every 30 s in the scheduler role. */
@Injectable()
export class PublicationLinkBackfillTick extends PeriodicTask {
  constructor(
    private readonly backfill: PublicationLinkBackfill,
    registry: SchedulerRegistry,
  ) {
    super(registry, { name: 'publication-link-backfill', everyMs: 30_000, what: 'publication link backfill' });
  }

  protected run(): Promise<unknown> {
    return this.backfill.runOnce();
  }
}
